"""Where an enrollment's time goes: the CPU one enrollment costs the web process, step by step,
against the CPU of one plain insert (the baseline of bench_enrollment.py).

Eight threads of one process share one interpreter lock, so `enrollment_vs_insert` is bounded by
this ratio of CPU times whatever the database does: the enrollment whose steps add up to N plain
inserts cannot go faster than 1/N of them. One thread, no contention; each step's CPU is measured
by wrapping the function that does it. Run it through `make bench`, or alone: .venv/bin/python bench/run.py enrollment_cpu
"""

import collections
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")

import bench_enrollment as measured  # noqa: E402 -- sets Django up; its workshop and people makers
from django.db.backends.base.base import BaseDatabaseWrapper  # noqa: E402
from simple_history.models import HistoricalRecords  # noqa: E402

from portal.ground.notifications.services import queueing  # noqa: E402
from workshops.models import Enrollment, Partner  # noqa: E402
from workshops.reports import signals as report_signals  # noqa: E402
from workshops.services import enrollment, seats  # noqa: E402

SAMPLE = int(os.environ.get("BENCH_ENROLL_CPU_SAMPLE", "300"))
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


def timed(name, function):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            cpu[name] += time.process_time() - started

    return wrapper


def main():
    workshop = measured.make_workshop("cpu")
    people = measured.make_media_actors(SAMPLE + 20, "cpu")
    for name, owner, attribute in STEPS:
        setattr(owner, attribute, timed(name, getattr(owner, attribute)))
    for person in people[:20]:  # warm-up: the first queries of each kind prepare the process
        enrollment.enrollment_create_for_media_actor(workshop=workshop, user=person, by=person)
    cpu.clear()
    started = time.process_time()
    for person in people[20:]:
        enrollment.enrollment_create_for_media_actor(workshop=workshop, user=person, by=person)
    per_enrollment = (time.process_time() - started) / SAMPLE * 1000
    started = time.process_time()
    for n in range(SAMPLE):
        Partner.objects.create(name=f"Mesure {measured.RUN} cpu-{n}")
    per_insert = (time.process_time() - started) / SAMPLE * 1000

    print(f"enrollment_cpu_ms: {per_enrollment:.3f} ms")
    for name, _, _ in STEPS:
        print(f"enrollment_cpu_{name}_ms: {cpu[name] / SAMPLE * 1000:.3f} ms")
    print(f"insert_cpu_ms: {per_insert:.3f} ms")
    print(f"enrollment_cpu_vs_insert_ratio: {per_insert / per_enrollment:.3f}", flush=True)


if __name__ == "__main__":
    main()
