"""Invitation fan-out: 10,000 recipients through the outbox, the real worker and a real SMTP sink.

One campaign invites 10,000 social-media actors to a workshop: the time runs from the launch
(rendering, outbox rows with their .ics, tasks on the broker) until the SMTP server has accepted
the last message, sent by `celery -A portal worker --concurrency=2` in batches over one SMTP
connection per task. The baseline is Django's `send_messages` pushing the same messages (the
first BENCH_RAW_SMTP_SAMPLE of them) over one connection to the same aiosmtpd sink, in the same
run. The broker is the Redis server bench/run.py started for the run (BENCH_REDIS_URL, a
database of its own, emptied first).
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNT = int(os.environ.get("BENCH_FANOUT_COUNT", "10000"))
TIMEOUT = 150
# The baseline's rate is steady after a few hundred messages: a sample keeps `make bench` short.
RAW_SAMPLE = int(os.environ.get("BENCH_RAW_SMTP_SAMPLE", "3000"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """Counts what it accepts; parses nothing, so that it is not the bottleneck."""

    def __init__(self):
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # it logs every SMTP command
        self.count = 0
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 -- aiosmtpd's hook name
        self.count += 1
        return "250 OK"


def start_worker(broker, sink_port, log_path):
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink_port),
        "EMAIL_USE_TLS": "0",
        "LOG_LEVEL": "WARNING",
    }
    log = open(log_path, "w")  # noqa: SIM115 -- kept by the child
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--hostname=bench@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while " ready." not in log_path.read_text():
        if time.monotonic() > deadline or process.poll() is not None:
            raise SystemExit(f"worker did not start; see {log_path}")
        time.sleep(0.1)
    return process


def prepare(count):
    import datetime

    from django.utils import timezone

    from accounts.models import MediaActorProfile, User
    from portal.ground.geography import Commune
    from workshops.models import Theme, Venue, Workshop

    existing = User.objects.filter(email__startswith="bench-fanout-").count()
    users = User.objects.bulk_create(
        [
            User(email=f"bench-fanout-{n}@exemple.bj", first_name="Awa", last_name=f"Dossou{n}", password="!")
            for n in range(existing, count)
        ],
        batch_size=2000,
    )
    MediaActorProfile.objects.bulk_create(
        [MediaActorProfile(user=u, is_blogger=True) for u in users], batch_size=2000
    )
    recipients = list(User.objects.filter(email__startswith="bench-fanout-").order_by("pk")[:count])
    theme, _ = Theme.objects.get_or_create(slug="bench-fanout", defaults={"name": "Mesure des invitations"})
    venue, _ = Venue.objects.get_or_create(
        name="Salle de mesure", commune=Commune.objects.get(slug="cotonou")
    )
    start = timezone.now() + datetime.timedelta(days=30)
    stamp = time.time_ns()
    workshop = Workshop.objects.create(
        title="Atelier de mesure",
        slug=f"bench-fanout-{stamp}",
        theme=theme,
        summary="Mesure.",
        audience="both",
        venue=venue,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        capacity=40,
        registration_opens_at=start - datetime.timedelta(days=20),
        registration_closes_at=start - datetime.timedelta(days=1),
        status="published",
    )
    return workshop, recipients


def main():
    if not os.environ.get("BENCH_REDIS_URL"):
        sys.exit("Run it through bench/run.py (make bench): it prepares the database and Redis.")
    import redis

    broker = os.environ["BENCH_REDIS_URL"] + "/2"
    redis.Redis.from_url(broker).flushdb()
    os.environ["CELERY_BROKER_URL"] = broker
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.mail import get_connection

    from portal.ground.notifications.models import Outbox
    from portal.ground.notifications.services import email_message_build
    from workshops.messaging.campaigns import campaign_launch
    from workshops.models import Campaign

    sink = Sink()
    sink.controller.start()
    worker = None
    try:
        workshop, recipients = prepare(COUNT)
        worker = start_worker(broker, sink.port, ROOT / "var" / "bench-fanout-worker.log")
        # A chosen list: exactly these 10,000, whatever other accounts the database holds.
        campaign = Campaign.objects.create(workshop=workshop, audience=Campaign.Audience.USERS)
        campaign.users.add(*recipients)

        started = time.monotonic()
        queued = campaign_launch(campaign=campaign)
        queued_s = time.monotonic() - started
        while sink.count < queued and time.monotonic() - started < TIMEOUT:
            time.sleep(0.05)
        fanout_s = time.monotonic() - started
        sent = Outbox.objects.filter(batch=campaign.batch, status="sent").count()
        if sink.count != queued or queued != COUNT:
            raise SystemExit(f"fan-out incomplete: queued {queued}, received {sink.count}, sent {sent}")

        # Baseline: the same messages, built from the same rows, over one Django SMTP connection.
        rows = list(
            Outbox.objects.filter(batch=campaign.batch)
            .order_by("pk")
            .prefetch_related("attachments")[:RAW_SAMPLE]
        )
        connection = get_connection(
            backend="django.core.mail.backends.smtp.EmailBackend",
            host="127.0.0.1",
            port=sink.port,
            use_tls=False,
            use_ssl=False,
            username="",
            password="",
        )
        before = sink.count
        raw_started = time.monotonic()
        messages = [email_message_build(row, connection) for row in rows]
        connection.send_messages(messages)
        raw_s = time.monotonic() - raw_started
        assert sink.count - before == len(rows)
    finally:
        if worker is not None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
        sink.controller.stop()

    fanout = COUNT / fanout_s
    raw = len(rows) / raw_s
    print(f"fanout_recipients: {COUNT}")
    print(f"fanout_queue_s: {queued_s:.2f} s")
    print(f"fanout_total_s: {fanout_s:.2f} s")
    print(f"fanout_msgs_per_s: {fanout:.0f} 1/s")
    print(f"raw_smtp_msgs_per_s: {raw:.0f} 1/s")
    print(f"fanout_vs_raw_smtp_ratio: {fanout / raw:.2f}", flush=True)


if __name__ == "__main__":
    main()
