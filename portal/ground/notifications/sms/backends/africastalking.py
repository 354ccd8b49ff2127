"""Africa's Talking's bulk SMS API (POST {SMS_API_URL}, form-encoded, header `apiKey`).

The answer lists one status per number, e.g.
    {"SMSMessageData": {"Message": "Sent to 1/1", "Recipients": [
        {"number": "+22997000000", "status": "Success", "statusCode": 101, "messageId": "ATXid_…"}]}}
Status codes 100–102 are accepted; 405 (balance), 500–501 (gateway) are worth retrying; the others
(invalid number, blacklisted, …) are final.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from .. import BaseSmsBackend, SmsResult

ACCEPTED = {100, 101, 102}
TEMPORARY = {405, 500, 501}


class SmsBackend(BaseSmsBackend):
    def __init__(self, *args, url=None, username=None, api_key=None, sender_id=None, timeout=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.url = url or settings.SMS_API_URL
        self.username = username or settings.SMS_USERNAME
        self.api_key = api_key or settings.SMS_API_KEY
        self.sender_id = sender_id if sender_id is not None else settings.SMS_SENDER_ID
        self.timeout = timeout or settings.SMS_TIMEOUT

    def send_messages(self, messages):
        return [self._send(message) for message in messages]

    def _send(self, message):
        fields = {"username": self.username, "to": message.to, "message": message.body}
        sender = message.sender or self.sender_id
        if sender:
            fields["from"] = sender
        request = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode(fields).encode(),
            method="POST",
            headers={
                "apiKey": self.api_key,
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 -- configured URL
                body = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace")
            return SmsResult(
                ok=False, temporary=exc.code >= 500 or exc.code == 429, error=f"HTTP {exc.code} {detail}"
            )
        except (OSError, TimeoutError) as exc:
            return SmsResult(ok=False, temporary=True, error=f"{type(exc).__name__}: {exc}")
        try:
            recipients = json.loads(body)["SMSMessageData"]["Recipients"]
        except (ValueError, KeyError, TypeError):
            return SmsResult(ok=False, temporary=True, error=f"réponse illisible : {body[:300]!r}")
        for recipient in recipients:
            if recipient.get("number") != message.to and len(recipients) > 1:
                continue
            code = int(recipient.get("statusCode", 0))
            if code in ACCEPTED:
                return SmsResult(ok=True, provider_id=str(recipient.get("messageId", "")))
            return SmsResult(
                ok=False, temporary=code in TEMPORARY, error=f"{code} {recipient.get('status', '')}"
            )
        return SmsResult(ok=False, temporary=False, error=f"numéro absent de la réponse : {body[:300]!r}")
