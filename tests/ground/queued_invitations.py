"""What the outbox stories share: a workshop in Parakou and its invitation queued for somebody."""

import datetime

from django.utils import timezone

from portal.ground.notifications.services import notification_queue
from tests.factories import VenueFactory, WorkshopFactory, commune
from workshops.messaging.content import workshop_ics_attachment


def election_workshop():
    """The workshop "Élections apaisées", a day in Parakou on 15 December 2026, registration closed two days before."""
    start = timezone.make_aware(datetime.datetime(2026, 12, 15, 9, 0))
    venue = VenueFactory(name="Salle des fêtes", address="Rue 12.045", commune=commune("parakou"))
    return WorkshopFactory(
        title="Élections apaisées",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        venue=venue,
        registration_opens_at=start - datetime.timedelta(days=60),
        registration_closes_at=start - datetime.timedelta(days=2),
    )


def queue_invitation(workshop, **who):
    """The workshop's invitation with its calendar file, queued for `who` (user= or phone=)."""
    from workshops.messaging.content import workshop_message_context

    language = who.get("user").language if who.get("user") else "fr"
    return notification_queue(
        kind="invitation",
        key=f"invitation:{workshop.pk}:{who.get('user').pk if who.get('user') else who['phone']}",
        template="invitation",
        context=workshop_message_context(workshop, language=language),
        attachments=[workshop_ics_attachment(workshop)],
        **who,
    )
