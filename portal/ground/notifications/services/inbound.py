"""SMS sent to the portal's number, handed over by the gateway's callback (views.sms_inbound).

The outbox knows no domain: a domain registers the one handler that reads replies
(`sms_inbound_handler_register`, in its AppConfig.ready) and tells what it did. The gateway's
message id is the key: the same callback twice is recorded and handled once."""

import logging
from dataclasses import dataclass

import phonenumbers
from django.db import IntegrityError, transaction

from ..models import InboundSms

logger = logging.getLogger(__name__)

_HANDLER = {}


@dataclass(frozen=True)
class InboundHandled:
    """What the domain did with a message: `outcome` in a word ("confirmed", "help"…), and whether
    the sender is somebody the portal knows (the text of a stranger's message is not kept)."""

    outcome: str
    known: bool = True


def sms_inbound_handler_register(*, handler):
    """Registers `handler(phone=…, text=…)`, which returns an InboundHandled. It runs in the
    transaction that records the message, so that a message is never recorded without its effect."""
    _HANDLER["handler"] = handler


def inbound_phone(value, *, region="BJ"):
    """The sender's number as E.164 text, or "" when it is not a possible phone number."""
    try:
        number = phonenumbers.parse((value or "").strip(), region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def sms_inbound_receive(*, provider_id, phone, text, to="", link_id="", sent_at=None):
    """Records an SMS received and hands it to the registered handler, in one transaction. Returns
    the InboundSms row, or None when this gateway id was already received (nothing is done twice).
    A second callback racing the first waits on the unique index, then finds it taken."""
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a repeated id ends here, quietly
                row = InboundSms.objects.create(
                    provider_id=provider_id,
                    phone=phone,
                    to=to,
                    text=text[:480],
                    link_id=link_id,
                    sent_at=sent_at,
                )
        except IntegrityError:
            if InboundSms.objects.filter(provider_id=provider_id).exists():
                logger.info("inbound SMS %s received again; ignored", provider_id)
                return None
            raise
        handler = _HANDLER.get("handler")
        handled = handler(phone=phone, text=text) if handler else InboundHandled("unhandled", known=False)
        row.outcome = handled.outcome[:40]
        if not handled.known:
            row.text = ""
            logger.info("inbound SMS %s from a number the portal does not know; ignored", provider_id)
        row.save(update_fields=["outcome", "text"])
    return row
