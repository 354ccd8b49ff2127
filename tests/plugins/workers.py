"""Real Celery workers in their own processes, Redis servers of a test's own, and the journeys'
worker whose mail reaches a loopback SMTP server."""

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest
import redis
from django.conf import settings

from . import ROOT, test_database_url
from .mail import SmtpSink, free_port


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real Celery worker, in its own process, consuming the real Redis broker and reading the
    test database. Tests that need it must commit their data (`transaction=True`)."""
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.flushdb()  # nothing left over from an earlier run may be delivered to this one
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings_test",
        "DATABASE_URL": test_database_url(),
    }
    log = open(ROOT / "var" / "test-worker.log", "w")  # noqa: SIM115 -- closed at teardown
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--hostname=tests@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    _wait_for_worker(process)
    yield process
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def _wait_for_worker(process, timeout=30):
    from portal.tasks import ping

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Celery worker exited with {process.returncode}; see var/test-worker.log")
        try:
            if ping.delay().get(timeout=2) == "pong":
                return
        except Exception:  # noqa: BLE001,S112 -- not ready yet, try again
            continue
    raise RuntimeError("the Celery worker did not answer within 30 s; see var/test-worker.log")


# Short back-off, lease and grace so that fault tests recover in seconds. The worker subprocess
# gets them as environment variables, the test process (which runs the sweep) as settings.
FAST_OUTBOX = {
    "NOTIFICATIONS_RETRY_BASE": 0.2,
    "NOTIFICATIONS_RETRY_MAX_DELAY": 1.0,
    "NOTIFICATIONS_SENDING_LEASE": 6.0,
    "NOTIFICATIONS_SWEEP_GRACE": 2.0,
    "NOTIFICATIONS_BATCH_SIZE": 10,
    "NOTIFICATIONS_MAX_ATTEMPTS": 100,
    "CELERY_TASK_TIME_LIMIT": 5,
    "CELERY_TASK_SOFT_TIME_LIMIT": 4,
}


class RedisServer:
    """A redis-server of the test's own on a free loopback port, without persistence, that the
    test may stop and start again (on the same port, empty, as after a crash)."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@contextlib.contextmanager
def celery_publishing_to(url):
    """Makes this process's Celery app publish to `url` (the app caches its pools)."""
    from portal.celery import app

    def reset(new_url):
        # Pools live in kombu's registry, keyed by broker: drop references, close nothing.
        app._pool = None
        app.amqp._producer_pool = None
        # broker_write_url, because CELERY_BROKER_URL in the environment outranks broker_url.
        app.conf.broker_write_url = new_url

    old = app.conf.get("broker_write_url")
    reset(url)
    try:
        yield
    finally:
        reset(old)


class WorkerProcess:
    """`celery -A portal worker` in its own process group, killable with SIGKILL and restartable."""

    def __init__(self, *, broker_url, smtp_port, concurrency=1, extra_env=None, name="fault"):
        self.name = name
        self.log_path = ROOT / "var" / f"test-worker-{name}.log"
        self.args = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname={name}@%h",
        ]
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings_test",
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": broker_url,
            "CELERY_RESULT_BACKEND": broker_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_TIMEOUT": "3",
            "LOG_LEVEL": "WARNING",
            **{key: str(value) for key, value in FAST_OUTBOX.items()},
            **(extra_env or {}),
        }
        self.process = None
        self.starts = 0

    def start(self):
        log = open(self.log_path, "a")  # noqa: SIM115 -- kept by the child
        offset = self.log_path.stat().st_size
        self.process = subprocess.Popen(
            self.args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.starts += 1
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited with {self.process.returncode}; see {self.log_path}")
            with open(self.log_path, encoding="utf-8", errors="replace") as handle:
                handle.seek(offset)
                if " ready." in handle.read():
                    return
            time.sleep(0.1)
        raise RuntimeError(f"worker not ready after 60 s; see {self.log_path}")

    def kill(self):
        """SIGKILL to the whole group: the main process and its pool child, mid-task."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def outbox_worker(settings, django_db_blocker):
    """Starts real worker subprocesses on a given broker, sending to a given SMTP port, with the
    fast outbox settings (applied to this process too); this process publishes to that broker."""
    for key, value in FAST_OUTBOX.items():
        setattr(settings, key, value)
    workers = []
    stack = contextlib.ExitStack()

    def start(*, broker_url, smtp_port, **kwargs):
        stack.enter_context(celery_publishing_to(broker_url))
        worker = WorkerProcess(broker_url=broker_url, smtp_port=smtp_port, **kwargs)
        worker.log_path.parent.mkdir(exist_ok=True)
        worker.log_path.write_text("")
        worker.start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    stack.close()


def wait_until(condition, *, timeout=60, interval=0.1, between=None):
    """Polls `condition` until it is true (returns True) or `timeout` passes (returns False);
    `between` runs at each turn (a sweep, as beat would)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if between:
            between()
        time.sleep(interval)
    return condition()


@pytest.fixture(scope="session")
def journey_mail_worker(django_db_setup):
    """A Celery worker of the journeys' own (prefork, on a Redis server of its own, so that the
    session's `celery_worker_process` cannot take its tasks) sending over SMTP to one aiosmtpd
    sink; started once for every journey."""
    broker = RedisServer()
    broker.start()
    sink = SmtpSink()
    sink.start()
    worker = WorkerProcess(broker_url=broker.url, smtp_port=sink.port, name="journeys")
    worker.log_path.parent.mkdir(exist_ok=True)
    worker.log_path.write_text("")
    worker.start()
    yield broker, sink
    worker.stop()
    sink.stop()
    broker.stop()


@pytest.fixture
def journey_mail(settings, journey_mail_worker):
    """The SMTP sink the journey reads its mail from, emptied; the live server queues mail in the
    outbox and the worker delivers it (never in the committing process)."""
    broker, sink = journey_mail_worker
    for key, value in FAST_OUTBOX.items():
        setattr(settings, key, value)
    sink.messages.clear()
    with celery_publishing_to(broker.url):
        yield sink


def wait_for_mail(sink, address, *, count=1, timeout=30):
    """The messages the sink received for `address` once there are `count` of them."""
    assert wait_until(lambda: len(sink.to(address)) >= count, timeout=timeout), (
        f"{address}: {len(sink.to(address))} message(s) after {timeout} s; see var/test-worker-journeys.log"
    )
    return sink.to(address)
