"""What a person asked of the outbox: no more reminders, for an account or for an address without
account, through a signed link short enough for an SMS."""

import base64

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac

from portal.ground.http import absolute_url

from ..models import ReminderOptOut

UNSUBSCRIBE_SALT = "notifications.reminders-stop"


def reminders_stop_url(*, user=None, address="", language=settings.LANGUAGE_CODE):
    """A signed link that stops reminders for an account, or for an address without account."""
    value = f"u{user.pk}" if user else f"a{address}"
    token = f"{value}:{_token_signature(value)}"
    with translation.override(language):
        return absolute_url(reverse("notifications:reminders_stop", kwargs={"token": token}))


def reminders_wanted(*, user=None, addresses=()):
    if user is not None:
        return user.reminders_enabled
    wanted = [str(a).strip().lower() for a in addresses if a]
    return not ReminderOptOut.objects.filter(address__in=wanted).exists()


def reminders_stop_token_valid(*, token):
    return _token_value(token) is not None


def _token_signature(value):
    # 96 bits of HMAC, not Django's 256-bit signature: the link must fit in one SMS with its text,
    # and guessing 2**96 values to stop someone's reminders is out of reach.
    digest = salted_hmac(UNSUBSCRIBE_SALT, value, algorithm="sha256").digest()[:12]
    return base64.urlsafe_b64encode(digest).decode()


def _token_value(token):
    value, _, signature = token.rpartition(":")
    if not constant_time_compare(signature, _token_signature(value)):
        return None
    return value if len(value) > 1 and value[0] in "ua" else None


def reminders_stop(*, token):
    """Stops reminders for the account or address a signed link names. Invitations and other
    messages still reach them. Returns what was stopped (a user or an address), or None for a bad
    token."""
    User = get_user_model()  # noqa: N806 -- the account model, whichever app provides it
    value = _token_value(token)
    if value is None:
        return None
    if value[0] == "u":
        user = User.objects.filter(pk=int(value[1:]) if value[1:].isdigit() else 0).first()
        if user is None:
            return None
        User.objects.filter(pk=user.pk).update(reminders_enabled=False)
        return user
    address = value[1:].strip().lower()
    ReminderOptOut.objects.get_or_create(address=address)
    return address
