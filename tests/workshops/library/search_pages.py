"""What the library's search stories share: a large library in one INSERT, and what a page shows."""

import datetime

from django.utils import timezone

from tests.factories import WorkshopFactory
from workshops.library.models import Communication
from workshops.models import WorkshopStatus


def result_slugs(response):
    """The slugs of the communications listed on a library page, in order."""
    return [communication.slug for communication in response.context["page"].object_list]


def status_text(response):
    """The status line of a library page (its count of results), whitespace folded."""
    html = response.content.decode()
    start = html.index('<p role="status">') + len('<p role="status">')
    return " ".join(html[start : html.index("</p>", start)].split())


def held_workshop():
    """A workshop held 200 days ago, which the library may list communications of."""
    starts_at = timezone.now() - datetime.timedelta(days=200)
    return WorkshopFactory(
        status=WorkshopStatus.HELD,
        starts_at=starts_at,
        registration_opens_at=starts_at - datetime.timedelta(days=30),
    )


def security_communications(workshop, count, start=0):
    """`count` communications about security, in one INSERT (PostgreSQL computes their search vectors)."""
    Communication.objects.bulk_create(
        [
            Communication(
                workshop=workshop,
                title=f"La sécurité au Bénin ({n})",
                slug=f"securite-{n}",
                date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 365),
                visibility="public",
            )
            for n in range(start, start + count)
        ]
    )
