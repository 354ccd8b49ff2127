"""SMS delivery, in the style of Django's mail backends.

    from portal.ground.notifications.sms import SmsMessage, get_sms_backend
    results = get_sms_backend().send_messages([SmsMessage(to="+22997000000", body="…")])

`settings.SMS_BACKEND` names the class: `console` and `file` (into var/sms/) for development,
`http` for Africa's Talking's messaging API. `send_messages` returns one `SmsResult` per message,
in order, so that a refusal of one number is never counted as a delivery.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from .segments import sms_segments  # noqa: F401 -- re-exported for callers


@dataclass
class SmsMessage:
    to: str
    body: str
    sender: str = ""


@dataclass
class SmsResult:
    ok: bool
    temporary: bool = False
    error: str = ""
    provider_id: str = ""


class BaseSmsBackend:
    def __init__(self, fail_silently=False, **kwargs):
        self.fail_silently = fail_silently

    def send_messages(self, messages):
        """Sends each message; returns a list of SmsResult, one per message, in order."""
        raise NotImplementedError


def get_sms_backend(backend=None, **kwargs):
    return import_string(backend or settings.SMS_BACKEND)(**kwargs)
