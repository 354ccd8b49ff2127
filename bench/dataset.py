"""Volume for `make bench`: published workshops (with a session each) and confirmed enrollments.

    .venv/bin/python bench/dataset.py --workshops 10000 --enrollments 10000

Tops the bench database up to the numbers given (running it twice adds nothing). Rows are
bulk-inserted, as an import would: the figures measured afterwards are the portal's, not the
generator's. Each enrollment is a distinct social-media actor in a workshop, counted in the
workshop's seats.
"""

import argparse
import datetime
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")
import django  # noqa: E402 -- the settings module must be chosen first

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import MediaActorProfile, User  # noqa: E402
from portal.ground.pagecache import public_pages_changed  # noqa: E402
from workshops.models import (  # noqa: E402
    Audience,
    Commune,
    Enrollment,
    EnrollmentStatus,
    Session,
    Theme,
    Venue,
    Workshop,
    WorkshopStatus,
)

BATCH = 2000


def add_workshops(count):
    theme, _ = Theme.objects.get_or_create(slug="mesure", defaults={"name": "Mesure"})
    venue, _ = Venue.objects.get_or_create(
        name="Salle de mesure", commune=Commune.objects.order_by("pk").first()
    )
    now = timezone.now()
    existing = Workshop.objects.filter(slug__startswith="bench-w").count()
    batch = []
    for n in range(existing, count):
        start = now + datetime.timedelta(days=2 + n % 700, hours=n % 5)
        batch.append(
            Workshop(
                title=f"Atelier de référence {n}",
                slug=f"bench-w{n}",
                theme=theme,
                summary="Atelier généré pour la mesure.",
                audience=[Audience.PARTIES, Audience.MEDIA, Audience.BOTH][n % 3],
                venue=venue,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=8),
                capacity=40,
                party_quota=4,
                registration_opens_at=now - datetime.timedelta(days=1),
                registration_closes_at=start - datetime.timedelta(days=1),
                status=WorkshopStatus.PUBLISHED,
            )
        )
    created = Workshop.objects.bulk_create(batch, batch_size=BATCH)
    Session.objects.bulk_create(
        [
            Session(
                workshop=w,
                day=timezone.localdate(w.starts_at),
                starts_at=datetime.time(9),
                ends_at=datetime.time(10),
                title="Ouverture",
            )
            for w in created
        ],
        batch_size=BATCH,
    )


def add_enrollments(count):
    """One confirmed enrollment per generated media actor, spread over the generated workshops
    open to media actors, at most 30 a workshop (their capacity is 40)."""
    existing = Enrollment.objects.filter(user__email__startswith="bench-e").count()
    users = User.objects.bulk_create(
        [
            User(email=f"bench-e{n}@exemple.bj", first_name="Mesure", last_name=str(n), password="!")
            for n in range(existing, count)
        ],
        batch_size=BATCH,
    )
    MediaActorProfile.objects.bulk_create([MediaActorProfile(user=u) for u in users], batch_size=BATCH)
    workshops = list(
        Workshop.objects.filter(slug__startswith="bench-w", audience__in=[Audience.MEDIA, Audience.BOTH])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    seats = 30
    if len(workshops) * seats < len(users):
        raise SystemExit(
            f"{len(users)} enrollments need {len(users) // seats + 1} workshops open to media actors"
        )
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                workshop_id=workshops[n // seats],
                user=u,
                person_phone=f"compte-{u.pk}",
                status=EnrollmentStatus.CONFIRMED,
                created_by=u,
            )
            for n, u in enumerate(users, start=existing)
        ],
        batch_size=BATCH,
    )
    taken = dict(
        Enrollment.objects.filter(status=EnrollmentStatus.CONFIRMED)
        .values_list("workshop")
        .annotate(n=Count("pk"))
        .values_list("workshop", "n")
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE workshops_workshop SET seats_taken = %s WHERE id = %s",
            [(n, pk) for pk, n in taken.items()],
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workshops", type=int, default=0)
    parser.add_argument("--enrollments", type=int, default=0)
    args = parser.parse_args()
    add_workshops(args.workshops)
    add_enrollments(args.enrollments)
    with connection.cursor() as cursor:
        # What autovacuum does on a live database: statistics, and the visibility map that lets
        # counts read an index alone.
        cursor.execute(
            "VACUUM ANALYZE workshops_workshop, workshops_session, workshops_enrollment, accounts_user"
        )
    public_pages_changed()


if __name__ == "__main__":
    main()
