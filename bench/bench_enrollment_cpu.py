"""Where an enrollment's time goes: the CPU one enrollment costs the web process, step by step,
against the CPU of one plain insert (the baseline of bench_enrollment.py).

Eight threads of one process share one interpreter lock, so `enrollment_vs_insert` is bounded by
this ratio of CPU times whatever the database does: the enrollment whose steps add up to N plain
inserts cannot go faster than 1/N of them. One thread, no contention; each step's CPU is measured
by wrapping the function that does it. Run it through `make bench`, or alone: .venv/bin/python bench/run.py enrollment_cpu

`enrollment_floor_cpu_ms` is what the guarantees alone cost, with the plainest ORM calls and none
of the portal's rules: in one transaction the workshop's row lock, the seats the parties hold read
under it (READ COMMITTED: read in the locking statement, they could be a snapshot older than the
lock), three rows inserted as plainly as the ORM can (one-row bulk_create: no signal; the
enrollment, its history row, the outbox row that makes the message survive a crash), the seat
counter, and after commit one page stamp (exact invalidation of the pages showing the seats: the
portal writes it before commit too) and one broker publish (prompt delivery). Left out, though
the portal does them: the venue read for the message, the message's .ics, the report check.
`enrollment_floor_vs_insert_ratio` is then the best `enrollment_vs_insert` an enrollment keeping
those guarantees could reach on this machine, and `enrollment_vs_floor_ratio` how near the
portal's enrollment comes to it.

The baseline insert is bench_enrollment.py's: `Partner.objects.create`, whose post_save also
writes the public pages' stamp (a partner shows on them) — heavier than a bare insert, which
`bare_insert_cpu_ms` measures (one-row bulk_create, no signal). Against that bare insert every
ratio here is lower still (`enrollment_floor_vs_bare_insert_ratio`).
"""

import collections
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")

import bench_enrollment as measured  # noqa: E402 -- sets Django up; its workshop and people makers
from django.db import transaction  # noqa: E402
from django.db.backends.base.base import BaseDatabaseWrapper  # noqa: E402
from django.db.models import F, Sum  # noqa: E402
from simple_history.models import HistoricalRecords  # noqa: E402

from portal.ground.notifications.services import queueing  # noqa: E402
from portal.ground.pagecache import page_cache  # noqa: E402
from workshops.models import Enrollment, Partner, PartyAllocation, Workshop  # noqa: E402
from workshops.reports import signals as report_signals  # noqa: E402
from workshops.services import enrollment, seats  # noqa: E402

real_broker_enqueue = queueing.broker_enqueue  # kept before STEPS wraps it
SAMPLE = int(os.environ.get("BENCH_ENROLL_CPU_SAMPLE", "300"))
ROUND = 30
FLOOR_STAMP = "bench:floor-stamp"  # a key of its own: the floor must not drop the portal's pages
cpu = collections.Counter()

# (name printed, owner, attribute): the steps of enrollment_create_for_media_actor; a step's time
# includes the steps listed under it that it calls (history_row in enrollment_insert, outbox_insert
# in message_queue, broker_publish and report_pages_check in after_commit).
STEPS = [
    ("lock", seats, "workshop_lock"),
    ("seats_open", enrollment, "seats_open"),
    ("enrollment_insert", Enrollment, "save"),
    ("history_row", HistoricalRecords, "create_historical_record"),
    ("seat_counter", seats, "seats_move"),
    ("message_queue", enrollment, "enrollment_notify"),
    ("outbox_insert", queueing, "_outbox_insert"),
    ("after_commit", BaseDatabaseWrapper, "run_and_clear_commit_hooks"),
    ("broker_publish", queueing, "broker_enqueue"),
    ("report_pages_check", report_signals, "_report_pages_changed"),
]


counting = False  # the steps count only while enrollments are measured, not the floor's commits


def timed(name, function):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            if counting:
                cpu[name] += time.process_time() - started

    return wrapper


def floor_once(workshop, n):
    """What any enrollment keeping the guarantees must do, and nothing else (see the docstring)."""
    with transaction.atomic():
        Workshop.objects.select_for_update(of=("self",)).get(pk=workshop.pk)
        PartyAllocation.objects.filter(workshop=workshop).aggregate(
            held=Sum(F("seats_allowed") - F("seats_taken"))
        )
        for row in ("inscription", "historique", "message"):  # signal-free: no page stamp each
            Partner.objects.bulk_create([Partner(name=f"Mesure {measured.RUN} plancher-{row}-{n}")])
        Workshop.objects.filter(pk=workshop.pk).update(seats_taken=F("seats_taken"))
        transaction.on_commit(lambda: page_cache().set(FLOOR_STAMP, uuid.uuid4().hex, None))
        # Outbox row 0 does not exist: no worker runs here, and one would find nothing to send.
        transaction.on_commit(lambda: real_broker_enqueue([0]))


def main():
    global counting  # noqa: PLW0603 -- the wrappers' switch
    workshop = measured.make_workshop("cpu")
    people = iter(measured.make_media_actors(SAMPLE + 20, "cpu"))
    for name, owner, attribute in STEPS:
        setattr(owner, attribute, timed(name, getattr(owner, attribute)))
    # Warm-up: the first queries of each kind prepare the process.
    for n in range(20):
        person = next(people)
        enrollment.enrollment_create_for_media_actor(workshop=workshop, user=person, by=person)
        floor_once(workshop, -n - 1)
        Partner.objects.create(name=f"Mesure {measured.RUN} cpu-{-n - 1}")
        Partner.objects.bulk_create([Partner(name=f"Mesure {measured.RUN} nu-{-n - 1}")])
    # The three measured in turns of ROUND, so that a slow spell of the machine weighs on each alike.
    spent = collections.Counter()
    for first in range(0, SAMPLE, ROUND):
        turn = range(first, min(first + ROUND, SAMPLE))
        counting, started = True, time.process_time()
        for _ in turn:
            person = next(people)
            enrollment.enrollment_create_for_media_actor(workshop=workshop, user=person, by=person)
        spent["enrollment"] += time.process_time() - started
        counting, started = False, time.process_time()
        for n in turn:
            floor_once(workshop, n)
        spent["floor"] += time.process_time() - started
        started = time.process_time()
        for n in turn:
            Partner.objects.create(name=f"Mesure {measured.RUN} cpu-{n}")
        spent["insert"] += time.process_time() - started
        started = time.process_time()
        for n in turn:
            Partner.objects.bulk_create([Partner(name=f"Mesure {measured.RUN} nu-{n}")])
        spent["bare_insert"] += time.process_time() - started
    per_enrollment, per_floor, per_insert, per_bare = (
        spent[k] / SAMPLE * 1000 for k in ("enrollment", "floor", "insert", "bare_insert")
    )

    print(f"enrollment_cpu_ms: {per_enrollment:.3f} ms")
    for name, _, _ in STEPS:
        print(f"enrollment_cpu_{name}_ms: {cpu[name] / SAMPLE * 1000:.3f} ms")
    print(f"insert_cpu_ms: {per_insert:.3f} ms")
    print(f"enrollment_cpu_vs_insert_ratio: {per_insert / per_enrollment:.3f}")
    print(f"enrollment_floor_cpu_ms: {per_floor:.3f} ms")
    print(f"enrollment_floor_vs_insert_ratio: {per_insert / per_floor:.3f}")
    print(f"enrollment_vs_floor_ratio: {per_floor / per_enrollment:.3f}")
    print(f"bare_insert_cpu_ms: {per_bare:.3f} ms")
    print(f"enrollment_floor_vs_bare_insert_ratio: {per_bare / per_floor:.3f}", flush=True)


if __name__ == "__main__":
    main()
