"""Invitation campaigns: an audience invited to a workshop, launched and resumed from the admin."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.ground.notifications.models import Outbox, OutboxChannel, OutboxStatus
from portal.ground.notifications.services import (
    channel_choose,
    message_context,
    message_render,
    outbox_bulk_queue,
    outbox_retry,
    phone_as_text,
)

from ..models import Campaign, WorkshopStatus
from .content import workshop_ics_attachment, workshop_message_context
from .selectors import campaign_recipients


def campaign_launch(*, campaign):
    """Queues one invitation (key "invitation:<workshop>:<user>") per person of the audience and
    enqueues their delivery after commit. Launching again, or two campaigns reaching the same
    person for the same workshop, queues nobody twice.

    Locks the campaign row for the expansion. Returns the number of messages created.
    """
    with transaction.atomic():
        campaign = (
            Campaign.objects.select_for_update()
            .select_related("workshop__venue__commune")
            .get(pk=campaign.pk)
        )
        workshop = campaign.workshop
        rendered = {}
        rows = []
        for user in campaign_recipients(campaign=campaign).only(
            "pk", "email", "phone", "language", "preferred_channel"
        ):
            phone = phone_as_text(user.phone)
            channel = channel_choose(user=user, email=user.email, phone=phone)
            if channel is None:
                continue
            # The invitation says the same to everyone who reads the same language on the same
            # channel: render it once per pair, not once per person.
            if (user.language, channel) not in rendered:
                context = message_context(
                    workshop_message_context(workshop, language=user.language),
                    user=None,
                    email="",
                    phone="",
                    language=user.language,
                )
                rendered[user.language, channel] = message_render(
                    template="invitation", context=context, language=user.language, channel=channel
                )
            parts = rendered[user.language, channel]
            rows.append(
                Outbox(
                    key=f"invitation:{workshop.pk}:{user.pk}",
                    kind="invitation",
                    template="invitation",
                    channel=channel,
                    user_id=user.pk,
                    batch=campaign.batch,
                    language=user.language,
                    email=user.email if channel == OutboxChannel.EMAIL else "",
                    phone=phone if channel == OutboxChannel.SMS else "",
                    subject=parts.subject,
                    text=parts.text,
                    html=parts.html,
                    sms_text=parts.sms_text,
                )
            )
        created = outbox_bulk_queue(rows, attachments=[workshop_ics_attachment(workshop)])
        if campaign.launched_at is None:
            Campaign.objects.filter(pk=campaign.pk).update(launched_at=timezone.now())
    return len(created)


def campaign_resume(*, campaign):
    """Re-enqueues the campaign's messages still pending and those that gave up on a temporary
    failure; sent and permanently refused ones are left alone. Returns how many."""
    ids = (
        Outbox.objects.filter(batch=campaign.batch)
        .filter(Q(status=OutboxStatus.PENDING) | Q(status=OutboxStatus.FAILED, failure_temporary=True))
        .values_list("pk", flat=True)
    )
    return outbox_retry(outbox_ids=list(ids))


def campaign_refusal(*, workshop):
    """Why `workshop` cannot be the object of invitations, or None: only a published workshop,
    open to registration, can (the invitation would point to a page that accepts nobody)."""
    if workshop.status != WorkshopStatus.PUBLISHED:
        return _("Seul un atelier publié, aux inscriptions ouvertes, peut faire l'objet d'invitations.")
    return None


def campaign_create(*, workshop, audience, by, communes=(), users=()):
    """Creates a campaign inviting `audience` (a Campaign.Audience) to `workshop` on behalf of
    staff member `by`, and launches it (campaign_launch: one invitation per person, delivered
    after commit). Returns (campaign, number of invitations queued). Refuses, with a
    ValidationError and nothing written, a workshop that is not open to registration: the
    invitation would point to a page that does not accept anyone."""
    problem = campaign_refusal(workshop=workshop)
    if problem:
        raise ValidationError(problem)
    with transaction.atomic():
        campaign = Campaign.objects.create(workshop=workshop, audience=audience, created_by=by)
        campaign.communes.set(communes)
        campaign.users.set(users)
        queued = campaign_launch(campaign=campaign)
    return campaign, queued
