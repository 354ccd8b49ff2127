"""Reminders J-7 and J-1, planned by Celery beat from the database (never ETAs days ahead)."""

from django.db import transaction
from django.utils import timezone

from accounts.parties.selectors import party_responsables
from portal.ground.notifications.services import notification_queue, phone_as_text, reminders_wanted

from .content import workshop_message_context
from .selectors import confirmed_enrollments, reminder_windows, workshops_starting_between

DAYS = {"j7": 7, "j1": 1}


def _workshop_reminders(workshop, label):
    queued = 0
    kind = f"reminder-{label}"
    delegates_by_party = {}
    for enrollment in confirmed_enrollments(workshop=workshop):
        if enrollment.user is not None:
            user = enrollment.user
            if not reminders_wanted(user=user):
                continue
            context = {
                **workshop_message_context(workshop, language=user.language),
                "days": DAYS[label],
                "checkin_code": enrollment.checkin_code,
            }
            queued += notification_queue(
                kind=kind,
                key=f"{kind}:{enrollment.pk}",
                template="reminder",
                context=context,
                user=user,
                offers_unsubscribe=True,
            )
            continue
        delegate = enrollment.delegate
        delegates_by_party.setdefault(enrollment.party, []).append(
            {"name": delegate.full_name, "code": enrollment.checkin_code}
        )
        phone = phone_as_text(delegate.phone)
        if not reminders_wanted(addresses=[delegate.email, phone]):
            continue
        context = {
            **workshop_message_context(workshop, language="fr"),
            "days": DAYS[label],
            "recipient_name": delegate.full_name,
            "checkin_code": enrollment.checkin_code,
        }
        queued += notification_queue(
            kind=kind,
            key=f"{kind}:{enrollment.pk}",
            template="reminder",
            context=context,
            email=delegate.email,
            phone=phone,
            language="fr",
            offers_unsubscribe=True,
        )
    for party, names in delegates_by_party.items():
        officials = party_responsables(party_id=party.pk).filter(user__reminders_enabled=True)
        for official in officials:
            user = official.user
            context = {
                **workshop_message_context(workshop, language=user.language),
                "days": DAYS[label],
                "party_name": party.name,
                "delegates": sorted(names, key=lambda delegate: delegate["name"]),
            }
            queued += notification_queue(
                kind=f"{kind}-party",
                key=f"{kind}-party:{workshop.pk}:{party.pk}:{user.pk}",
                template="reminder_party",
                context=context,
                user=user,
                offers_unsubscribe=True,
            )
    return queued


def reminders_plan(*, now=None):
    """Queues the J-7 and J-1 reminders due now: to every confirmed participant (account or
    delegate) who did not stop them, and to the responsables of each party for its delegates.
    Keys ("reminder-j7:<enrollment>") make a second run, or an overlapping one, queue nothing.
    One transaction per workshop. Returns the number of messages queued."""
    now = now or timezone.now()
    queued = 0
    for label, start, end in reminder_windows(now=now):
        for workshop in workshops_starting_between(start=start, end=end):
            with transaction.atomic():
                queued += _workshop_reminders(workshop, label)
    return queued
