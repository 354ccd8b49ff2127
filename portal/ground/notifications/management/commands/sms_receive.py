"""Posts an SMS to the running site's incoming-messages callback, as the gateway would: a stand-in
for a phone replying, on a development machine (`make run`) or a test server.

    python manage.py sms_receive +22997000000 "2"
"""

import urllib.error
import urllib.parse
import urllib.request
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone


class Command(BaseCommand):
    help = "Envoie au site en marche un SMS reçu, comme le ferait la passerelle (Africa's Talking)."

    def add_arguments(self, parser):
        parser.add_argument("phone", help="Numéro de l'expéditeur, par exemple +22997000000.")
        parser.add_argument("text", help="Texte du SMS, par exemple 1 ou 2.")
        parser.add_argument("--url", default=settings.SITE_URL, help="Adresse du site (SITE_URL par défaut).")
        parser.add_argument(
            "--id", default="", help="Identifiant du message chez la passerelle (nouveau par défaut)."
        )
        parser.add_argument("--to", default=settings.SMS_SENDER_ID or "MISP", help="Numéro du portail.")

    def handle(self, *args, phone, text, url, id, to, **options):  # noqa: A002 -- the gateway's field name
        secret = settings.SMS_INBOUND_SECRET
        if not secret:
            raise CommandError("SMS_INBOUND_SECRET est vide : le site refuse tout SMS entrant.")
        address = url.rstrip("/") + reverse("sms_inbound", args=[secret])
        form = {
            "from": phone,
            "to": to,
            "text": text,
            "date": timezone.now().strftime("%Y-%m-%d %H:%M:%S"),
            "id": id or f"local-{uuid.uuid4()}",
            "linkId": "",
        }
        request = urllib.request.Request(address, data=urllib.parse.urlencode(form).encode(), method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 -- an http(s) address we build
                status, body = response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as refusal:
            status, body = refusal.code, refusal.read().decode(errors="replace")
        except urllib.error.URLError as failure:
            raise CommandError(f"Le site ne répond pas à {url} : {failure.reason}") from failure
        if status != 200:
            raise CommandError(f"Le site a répondu {status} : {body}")
        self.stdout.write(f"SMS {form['id']} reçu par le site : {body}")
