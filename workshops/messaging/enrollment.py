"""The messages about an enrollment: confirmed, waiting, promoted, withdrawn, cancelled; to the
person and a copy to their party's responsables."""

from django.conf import settings

from accounts.parties.selectors import party_responsables
from portal.ground.notifications.services import notification_queue

from ..models import Workshop
from .content import workshop_ics_attachment, workshop_message_context

_MESSAGES = {
    # what: (kind, template, attach the calendar)
    "confirmed": ("enrollment-confirmed", "enrollment_confirmed", True),
    "waiting": ("enrollment-waiting", "enrollment_waiting", False),
    "promoted": ("waiting-promoted", "enrollment_promoted", True),
    "withdrawn": ("enrollment-withdrawn", "enrollment_withdrawn", False),
    "cancelled": ("enrollment-cancelled", "enrollment_withdrawn", False),
}


def enrollment_notify(*, enrollment, what, workshop=None):
    """Queues the message about this enrollment to the person, and a copy to the responsables of
    their party, each in their language. The workshop's facts and .ics come from the notifications'
    content helpers, as for invitations and reminders; plain values only (the outbox stores them).

    Called under the workshop's lock: the messages are queued to be rendered at delivery, after
    commit, by a worker (nothing is rendered here). `workshop`: the locked row, with its venue and
    commune (seats.workshop_lock reads them), so that nothing is read twice; read when not given."""
    kind, template, with_calendar = _MESSAGES[what]
    if workshop is None or workshop.pk != enrollment.workshop_id:
        workshop = Workshop.objects.select_related("venue__commune").get(pk=enrollment.workshop_id)
    own = {
        "what": what,
        "person_name": enrollment.person_name,
        "party_name": enrollment.party.name if enrollment.party_id else "",
        "checkin_code": enrollment.checkin_code,
        "reason": enrollment.reason,
        "for_official": False,
        "has_account": True,  # a delegate has none: their party hands them the convocation
    }

    def context(language, **extra):
        return {**workshop_message_context(workshop, language=language), **own, **extra}

    attachments = [workshop_ics_attachment(workshop)] if with_calendar else []
    key = f"{kind}:{enrollment.pk}"
    if enrollment.user_id:
        notification_queue(
            kind=kind,
            key=key,
            template=template,
            context=context(enrollment.user.language),
            user=enrollment.user,
            attachments=attachments,
            rendered_at_delivery=True,
        )
        return
    delegate = enrollment.delegate
    notification_queue(
        kind=kind,
        key=key,
        template=template,
        context=context(settings.LANGUAGE_CODE, has_account=False),
        email=delegate.email,
        phone="" if delegate.email else str(delegate.phone),
        attachments=attachments,
        rendered_at_delivery=True,
    )
    for official in party_responsables(party_id=enrollment.party_id):
        notification_queue(
            kind=kind,
            key=f"{key}:responsable:{official.user_id}",
            template=template,
            context=context(official.user.language, for_official=True),
            user=official.user,
            rendered_at_delivery=True,
        )
