"""Enrollment throughput against PostgreSQL, with a baseline measured in the same run.

N threads, each with its own database connection, enroll distinct social-media actors through
the real service (`workshops.services.enrollment_create_for_media_actor`: workshop row lock, checks, insert,
counter, history row, confirmation message with its .ics, rendered at delivery) until each has done its share:
- `enrollments_per_s`: every thread on the same workshop, so they queue on its row lock (the
  worst case: a popular workshop opening its registrations);
- `enrollments_per_s_spread`: each thread on a workshop of its own (no contention on the lock);
- `baseline_inserts_per_s`: the same threads inserting one plain row each time (a partner), in
  autocommit, which is what the database does at least for any write.
`queries_per_enrollment` counts the SQL statements of one enrollment, measured on one thread.

Run it through `make bench` (a fresh `bench_portal` database and Redis), or alone:
    BENCH_ENROLL_THREADS=8 BENCH_ENROLL_PER_THREAD=60 .venv/bin/python bench/run.py enrollment
"""

import datetime
import os
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")
import django  # noqa: E402 -- the settings module must be chosen first

django.setup()

# Messages are written to the outbox (rendered at delivery, by a worker), and their delivery is
# enqueued on the broker after commit, as in production; no worker runs here, so the figures are
# what a web process pays for an enrollment, not a mail relay. (With the in-memory mail backend the outbox would
# deliver inside the committing process: six more queries that production never runs there.)

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import MediaActorProfile, User  # noqa: E402
from workshops import services  # noqa: E402
from workshops.models import Audience, Partner, Theme, Venue, Workshop, WorkshopStatus  # noqa: E402

THREADS = int(os.environ.get("BENCH_ENROLL_THREADS", "8"))
PER_THREAD = int(os.environ.get("BENCH_ENROLL_PER_THREAD", "60"))
RUN = uuid.uuid4().hex[:8]


def make_workshop(name):
    from portal.ground.geography import Commune

    commune = Commune.objects.order_by("pk").first()
    venue, _ = Venue.objects.get_or_create(name="Salle de mesure", commune=commune)
    theme, _ = Theme.objects.get_or_create(slug="mesure", defaults={"name": "Mesure"})
    now = timezone.now()
    start = now + datetime.timedelta(days=30)
    return Workshop.objects.create(
        title=f"Atelier de mesure {name}",
        slug=f"mesure-{RUN}-{name}",
        theme=theme,
        summary="Mesure.",
        audience=Audience.MEDIA,
        venue=venue,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        capacity=THREADS * PER_THREAD + 10,
        registration_opens_at=now - datetime.timedelta(days=1),
        registration_closes_at=start - datetime.timedelta(days=1),
        status=WorkshopStatus.PUBLISHED,
    )


def make_media_actors(count, label):
    users = User.objects.bulk_create(
        [
            User(
                email=f"mesure-{RUN}-{label}-{n}@exemple.bj",
                first_name="Mesure",
                last_name=str(n),
                password="!",
            )
            for n in range(count)
        ]
    )
    MediaActorProfile.objects.bulk_create([MediaActorProfile(user=user) for user in users])
    return list(
        User.objects.filter(email__startswith=f"mesure-{RUN}-{label}-")
        .select_related("media_profile")
        .order_by("pk")
    )


def in_threads(work):
    """Runs work(thread_index) in THREADS threads released together; returns the seconds taken."""
    barrier = threading.Barrier(THREADS + 1)
    errors = []

    def run(index):
        try:
            barrier.wait()
            work(index)
        except Exception as exc:  # noqa: BLE001 -- reported below, the figure would be wrong
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"bench_enrollment: {len(errors)} failure(s), first: {errors[0]}")
    return elapsed


def enroll_all(workshops, users):
    def work(index):
        workshop = workshops[index % len(workshops)]
        for user in users[index * PER_THREAD : (index + 1) * PER_THREAD]:
            services.enrollment_create_for_media_actor(workshop=workshop, user=user, by=user)

    return THREADS * PER_THREAD / in_threads(work)


def baseline_inserts():
    def work(index):
        for n in range(PER_THREAD):
            Partner.objects.create(name=f"Mesure {RUN} {index}-{n}")

    return THREADS * PER_THREAD / in_threads(work)


def queries_per_enrollment(sample=20):
    workshop = make_workshop("requetes")
    users = make_media_actors(sample, "requetes")
    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        for user in users:
            services.enrollment_create_for_media_actor(workshop=workshop, user=user, by=user)
    return len(statements) / sample


def main():
    contended = make_workshop("partage")
    spread = [make_workshop(f"seul-{n}") for n in range(THREADS)]
    users_contended = make_media_actors(THREADS * PER_THREAD, "partage")
    users_spread = make_media_actors(THREADS * PER_THREAD, "seul")
    connection.close()

    baseline = baseline_inserts()
    one_workshop = enroll_all([contended], users_contended)
    many_workshops = enroll_all(spread, users_spread)
    contended.refresh_from_db()
    assert contended.seats_taken == THREADS * PER_THREAD, contended.seats_taken

    print(f"enrollment_threads: {THREADS}")
    print(f"baseline_inserts_per_s: {baseline:.1f} 1/s")
    print(f"enrollments_per_s: {one_workshop:.1f} 1/s")
    print(f"enrollments_per_s_spread: {many_workshops:.1f} 1/s")
    print(f"enrollment_vs_insert: {one_workshop / baseline:.3f} x")
    print(f"queries_per_enrollment: {queries_per_enrollment():.1f} queries", flush=True)


if __name__ == "__main__":
    main()
