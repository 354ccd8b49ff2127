"""Reads of the outbox."""

from django.db.models import Q

from .models import Outbox


def outbox_rows_of(*, user):
    """The journal rows addressed to this person: to their account, their address or number."""
    who = Q(user=user) | Q(email__iexact=user.email)
    if user.phone:
        who |= Q(phone=user.phone.as_e164)
    return Outbox.objects.filter(who)
