"""The one conftest: real services, people, and the processes the stories need.

PostgreSQL and Redis are required: when either cannot be reached the run stops at once with a
message naming it. Nothing is skipped and nothing falls back to SQLite or memory.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _require_services():
    import psycopg

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit(f"Les tests exigent PostgreSQL ; DATABASE_URL désigne {db['ENGINE']}.", returncode=3)
    try:
        psycopg.connect(
            host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"] or None,
            dbname=db["NAME"], connect_timeout=3,
        ).close()
    except Exception as exc:  # noqa: BLE001 -- any failure means the service is unusable
        pytest.exit(
            f"PostgreSQL est injoignable ({db['HOST']}:{db['PORT']}/{db['NAME']}) : {exc}\n"
            "Démarrez-le : pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
            returncode=3,
        )
    for name, url in (("cache", settings.REDIS_URL), ("broker Celery", settings.CELERY_BROKER_URL)):
        try:
            redis.Redis.from_url(url, socket_connect_timeout=3).ping()
        except Exception as exc:  # noqa: BLE001 -- any failure means the service is unusable
            pytest.exit(
                f"Redis ({name}) est injoignable à {url} : {exc}\n"
                'Démarrez-le : redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
                returncode=3,
            )


def pytest_sessionstart(session):
    _require_services()


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import caches

    for alias in ("default", "pages"):  # the pages may live in a Redis database of their own
        caches[alias].clear()
    yield


@pytest.fixture(autouse=True)
def _french_by_default():
    """Each test starts in French. LocaleMiddleware leaves the thread in the language of the last
    request, so a test that read an /en/ page would otherwise make the next one reverse /en/ URLs."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture
def page_cache(settings):
    """Anonymous visitors' pages served from the cache, as in production (portal/settings_test.py
    switches it off, since most tests never commit and its invalidation runs after commit)."""
    settings.CACHE_PUBLIC_PAGES = True


@pytest.fixture
def staff_user(db):
    from tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True, email="organisatrice@misp.bj")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _test_database_url():
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real Celery worker, in its own process, consuming the real Redis broker and reading the
    test database. Tests that need it must commit their data (`transaction=True`)."""
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.flushdb()  # nothing left over from an earlier run may be delivered to this one
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings_test",
        "DATABASE_URL": _test_database_url(),
    }
    log = open(ROOT / "var" / "test-worker.log", "w")  # noqa: SIM115 -- closed at teardown
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--hostname=tests@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
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


# --- Mail through a real SMTP server on loopback ----------------------------------------------


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]



class SmtpSink:
    """An aiosmtpd server on 127.0.0.1 that keeps every message it accepts, parsed."""

    def __init__(self, port=None):
        import logging

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
        self.messages = []
        self.refusals = {}
        self.delay = 0
        # aiosmtpd checks that it started by connecting to its port, so the port cannot be 0.
        self._port = port or free_port()
        self.controller = None

    def _controller(self):
        from aiosmtpd.controller import Controller

        return Controller(self, hostname="127.0.0.1", port=self._port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 -- aiosmtpd's hook name
        import email
        import email.policy

        if self.delay:  # a slow relay, so that faults land in the middle of a campaign
            import asyncio

            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    # Addresses the server refuses at RCPT, with the full reply ("550 5.1.1 Unknown user").
    refusals = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 -- aiosmtpd's hook name
        if address in self.refusals:
            return self.refusals[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    @property
    def port(self):
        return self._port

    def start(self):
        """Starts (or starts again, on the same port, after stop())."""
        self.controller = self._controller()
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]

    def deliveries(self):
        """(messages per recipient address, number of extra copies beyond the first)."""
        from collections import Counter

        received = Counter(message["To"] for message in self.messages)
        return received, len(self.messages) - len(received)

    @staticmethod
    def text_of(message):
        return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def smtp_server(settings):
    """Mail sent by the portal during the test goes over SMTP to this server and is read back.

    The outbox delivers it in this process right after commit (no worker needed), so a test
    can read the server as soon as its request returned; tests of delivery itself use
    `outbox_worker`, which sends through a real worker instead."""
    sink = SmtpSink()
    sink.start()
    settings.NOTIFICATIONS_DELIVER_IN_PROCESS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


# --- A real browser: Playwright driving Debian's Chromium -------------------------------------

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.exit(f"Chromium est absent ({CHROMIUM}) : lancez `make test`, qui l'installe.", returncode=3)
    # Playwright's sync API runs an event loop in this thread; the test's ORM calls are still
    # synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield chromium
        chromium.close()


@pytest.fixture(params=[None, {"width": 360, "height": 640}], ids=["desktop", "phone"])
def page(request, browser):
    """A fresh browser page, at desktop size and again at a 360×640 phone viewport.
    A screenshot is kept in tests/artifacts/ when the test fails."""
    context = browser.new_context(viewport=request.param or {"width": 1280, "height": 800}, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- Accessibility: axe-core's WCAG 2.1 A and AA rules, run inside the page --------------------

AXE = ROOT / "tests" / "tooling" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def accessibility_violations(page):
    """The WCAG 2.1 A/AA violations axe-core finds in the page as it is now, as readable lines.
    Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
    govern, so the policy stays in force for the page's own code."""
    if not AXE.exists():
        pytest.exit("axe-core est absent : lancez `make test`, qui l'installe (npm ci).", returncode=3)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    return [
        f"{violation['id']}: {violation['help']} → {[node['target'] for node in violation['nodes']]}"
        for violation in result["violations"]
    ]


# --- Communications library: a private storage of the test's own --------------------------------


@pytest.fixture
def library_storage(settings, tmp_path):
    """The communications' private storage in a fresh folder, so that a test sees exactly the
    files it stored (and those it removed are really gone)."""
    root = tmp_path / "private-media"
    settings.PRIVATE_MEDIA_ROOT = root
    return root
# --- Enrollment: a party with its responsable and roster, a media actor ------------------------


@pytest.fixture
def party_official(db):
    """The responsable of a verified party with four active delegates on its roster."""
    from tests.factories import DelegateFactory, PartyOfficialFactory

    official = PartyOfficialFactory(user__email="responsable@parti.bj", party__name="Union pour la Paix", party__acronym="UPP")
    for first_name in ["Adjoa", "Bio", "Chabi", "Dossi"]:
        DelegateFactory(party=official.party, first_name=first_name)
    return official


@pytest.fixture
def media_actor(db):
    from tests.factories import MediaActorFactory

    return MediaActorFactory(user__email="blogueuse@medias.bj", user__first_name="Fifamè", user__last_name="Agbo").user


def decode_qr_codes(image):
    """The texts of the QR codes a real decoder (zxing-cpp) reads in a PIL image."""
    import zxingcpp

    return [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]


def pdf_qr_codes(content):
    """The distinct QR codes found in the pictures of a PDF, decoded back to text, in the order
    met. (WeasyPrint shares one resource dictionary between pages, so pictures are not per page.)"""
    import io

    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for picture in page.images:
            found += [text for text in decode_qr_codes(picture.image) if text not in found]
    return found


def pdf_text(content):
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def sign_in(page, live_server, user, password="motdepasse-solide-2026"):
    """Signs the user in through the site's login page (allauth), their address verified first."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    page.goto(live_server.url + "/compte/login/")
    # allauth's field names: the labels belong to the accounts pages, which may reword them.
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(lambda url: "/compte/login/" not in url)


# --- Accounts ----------------------------------------------------------------------------------


def mailed_link(message, marker):
    """The first address in an e-mail's text whose path contains `marker`, as a path."""
    import re
    from urllib.parse import urlsplit

    for url in re.findall(r"https?://\S+", SmtpSink.text_of(message)):
        if marker in url:
            parts = urlsplit(url)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    raise AssertionError(f"no link containing {marker!r} in: {SmtpSink.text_of(message)}")


# --- Outbox delivery: own Redis servers, worker subprocesses, an SMS gateway stand-in ---------

import contextlib  # noqa: E402 -- imports of the appended outbox section, kept with it
import signal  # noqa: E402 -- same appended section
import threading  # noqa: E402 -- same appended section

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
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
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
def _celery_publishing_to(url):
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
        self.args = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=prefork",
                     f"--concurrency={concurrency}", "--loglevel=INFO", "--without-gossip",
                     "--without-mingle", "--without-heartbeat", f"--hostname={name}@%h"]
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings_test",
            "DATABASE_URL": _test_database_url(),
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
        self.process = subprocess.Popen(self.args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
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
    settings.NOTIFICATIONS_DELIVER_IN_PROCESS = False
    workers = []
    stack = contextlib.ExitStack()

    def start(*, broker_url, smtp_port, **kwargs):
        stack.enter_context(_celery_publishing_to(broker_url))
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


class SmsGateway:
    """A stand-in for Africa's Talking's messaging endpoint on loopback: records every request
    and answers one status per number (101 Success unless told otherwise in `statuses`)."""

    def __init__(self):
        import http.server

        gateway = self
        self.requests = []
        self.statuses = {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 -- http.server's hook name
                import json
                import urllib.parse

                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                form = {k: v[0] for k, v in urllib.parse.parse_qs(body).items()}
                gateway.requests.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "form": form})
                recipients = []
                for number in form.get("to", "").split(","):
                    code, status = gateway.statuses.get(number, (101, "Success"))
                    recipients.append({"number": number, "status": status, "statusCode": code,
                                       "messageId": f"ATXid_{len(gateway.requests)}", "cost": "XOF 20"})
                answer = json.dumps({"SMSMessageData": {"Message": f"Sent to {len(recipients)}",
                                                        "Recipients": recipients}}).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/version1/messaging"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sms_gateway(settings):
    """SMS go through the HTTP backend to this stand-in gateway, which the test reads back."""
    gateway = SmsGateway()
    gateway.start()
    settings.SMS_BACKEND = "portal.notifications.sms.backends.africastalking.SmsBackend"
    settings.SMS_API_URL = gateway.url
    settings.SMS_USERNAME = "misp"
    settings.SMS_API_KEY = "cle-de-test"
    settings.SMS_SENDER_ID = "MISP"
    yield gateway
    gateway.stop()


# --- Access matrix: one workshop and everybody around it ---------------------------------------


class AccessWorld:
    """Who is who in the access matrix, and the objects whose ids fill the URLs."""


@pytest.fixture
def access_world(db, library_storage):
    """A published workshop with a media actor, a delegate of party A and one of party B enrolled;
    its public, participants-only and staff-only communications with a file each; a published and
    a draft report; an invitation, a certificate, a reminders token; and one account per role."""
    import hashlib
    import secrets

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.parties.models import OfficialRole, PartyInvitation
    from portal.notifications.services import reminders_stop_url
    from tests import factories as f
    from workshops.library.models import Visibility
    from workshops.models import Certificate

    world = AccessWorld()
    world.workshop = f.WorkshopFactory(title="Atelier de Parakou")
    world.speaker = f.SpeakerFactory(name="Commissaire Adé")
    responsable = f.PartyOfficialFactory(user__email="responsable@parti-a.bj", party__name="Parti A", party__acronym="PA")
    world.party = responsable.party
    membre = f.PartyOfficialFactory(user__email="membre@parti-a.bj", party=world.party, role=OfficialRole.MEMBRE)
    other = f.PartyOfficialFactory(user__email="responsable@parti-b.bj", party__name="Parti B", party__acronym="PB")
    world.membre_official, world.other_official = membre, other
    enrolled = f.MediaActorFactory(user__email="inscrite@medias.bj").user
    world.media_enrollment = f.EnrollmentFactory(workshop=world.workshop, user=enrolled)
    world.party_delegate = f.DelegateFactory(party=world.party)
    world.party_enrollment = f.EnrollmentFactory(workshop=world.workshop, delegate=f.DelegateFactory(party=world.party))
    world.other_delegate = f.DelegateFactory(party=other.party)
    world.other_enrollment = f.EnrollmentFactory(workshop=world.workshop, delegate=f.DelegateFactory(party=other.party))
    world.certificate = Certificate.objects.create(enrollment=world.media_enrollment)
    world.communications = {}
    world.files = {}
    for visibility in Visibility:
        communication = f.CommunicationFactory(
            workshop=world.workshop, visibility=visibility, title=f"Communication {visibility.value}",
            speakers=[world.speaker],
        )
        world.communications[visibility.value] = communication
        world.files[visibility.value] = f.CommunicationFileFactory(communication=communication)
    world.report = f.ReportFactory(published=True, workshop__title="Atelier de Lokossa")
    world.draft_report = f.ReportFactory(workshop__title="Atelier de Natitingou")
    world.invitation_token = secrets.token_urlsafe(32)
    world.invitation = PartyInvitation.objects.create(
        party=world.party, email="invitee@parti-a.bj", role=OfficialRole.MEMBRE, invited_by=responsable.user,
        token_digest=hashlib.sha256(world.invitation_token.encode()).hexdigest(),
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    world.other_invitation = PartyInvitation.objects.create(
        party=other.party, email="invitee@parti-b.bj", role=OfficialRole.MEMBRE, invited_by=other.user,
        token_digest=hashlib.sha256(b"autre").hexdigest(), expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    world.reminders_token = reminders_stop_url(user=enrolled).rstrip("/").rsplit("/", 1)[-1]
    _addressees_world(world, f)

    def staff(email, group=None, **fields):
        user = f.VerifiedUserFactory(email=email, is_staff=True, **fields)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    world.users = {
        "anonyme": None,
        "média inscrit": enrolled,
        "média non inscrit": f.MediaActorFactory(user__email="curieuse@medias.bj").user,
        "responsable": responsable.user,
        "membre": membre.user,
        "autre parti": other.user,
        "lecteur": staff("lecteur@misp.bj", "lecteur"),
        "éditeur": staff("editeur@misp.bj", "éditeur"),
        "organisateur": staff("organisateur@misp.bj", "organisateur"),
        "superutilisateur": staff("super@misp.bj", is_superuser=True),
        "destinataire": world.addressee_members["ours"],
        "autre destinataire": world.addressee_members["theirs"],
    }
    return world


def _addressees_world(world, f):
    """Two addressee organisations of the published report's recommendations, a member each, a
    progress note with an evidence file each, and a pending invitation (its token kept)."""
    from django.core.files.base import ContentFile

    from workshops.reports.followup import services as followup

    world.addressee_members, world.addressee_recommendations, world.evidence = {}, {}, {}
    for side, name, email in (("ours", "Direction de la communication", "destinataire@misp.bj"),
                              ("theirs", "CENA", "destinataire@cena.bj")):
        member = f.OrganisationMemberFactory(organisation__name=name, user__email=email)
        recommendation = f.RecommendationFactory(report=world.report, organisation=member.organisation)
        note = followup.progress_note_submit(recommendation=recommendation, member=member, text="Avancement",
                                             files=[ContentFile(f.PDF_BYTES, name="bilan.pdf")])
        world.addressee_members[side] = member.user
        world.addressee_recommendations[side] = recommendation
        world.evidence[side] = note.evidence.get()
    invitation = followup.addressee_invitation_create(organisation=member.organisation, email="nouveau@cena.bj",
                                                      by=f.UserFactory(email="chef-suivi@misp.bj", is_staff=True))
    world.addressee_invitation_token = followup._invitation_token(invitation.pk)


# --- The site as in production: gunicorn, DEBUG=0, on the test database and Redis ----------------


class ProductionServer:
    """gunicorn serving the portal with production settings (DEBUG=0, the Redis cache; static
    files named as in development, see tests/settings_production.py) on a free loopback port,
    reading the test database. Its access log names the worker process of every request
    (`pid method path status`)."""

    def __init__(self, *, static_root, workers=2, extra_env=None):
        self.port = free_port()
        static_root.mkdir(parents=True, exist_ok=True)
        self.access_log = static_root.parent / "gunicorn-access.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings_production",
            "DEBUG": "0",
            "SECRET_KEY": "tests-only-secret-key-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": "http://127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "TRUSTED_PROXY_COUNT": "0",  # clients reach this gunicorn directly, unless a test says otherwise
            "DATABASE_URL": _test_database_url(),
            "STATIC_ROOT": str(static_root),
            "LOG_LEVEL": "WARNING",
            **(extra_env or {}),
        }
        self.args = [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{self.port}",
                     "--workers", str(workers), "--access-logfile", str(self.access_log),
                     "--access-logformat", "%(p)s %(m)s %(U)s %(s)s", "--log-level", "warning"]
        self.process = None

    def start(self):
        import urllib.request

        self.process = subprocess.Popen(self.args, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url("/sante/"), timeout=2)
                return
            except Exception:  # noqa: BLE001,S112 -- not up yet
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def served(self):
        """(pid, method, path, status) of every request in the access log."""
        if not self.access_log.exists():
            return []
        return [tuple(line.split()) for line in self.access_log.read_text().splitlines() if line.strip()]


@pytest.fixture
def production_server(tmp_path):
    """Starts gunicorn with production settings; stopped at the end of the test."""
    servers = []

    def start(**kwargs):
        server = ProductionServer(static_root=tmp_path / "static", **kwargs)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()



def deployed_proxy_location():
    """The directives of the `location /` that portal/deploy/nginx.conf proxies to gunicorn with."""
    lines, inside = [], False
    for line in (ROOT / "portal" / "deploy" / "nginx.conf").read_text().splitlines():
        if line.strip() == "location / {" and not inside:
            inside = True
        elif inside and line.strip() == "}":
            return lines
        elif inside and line.strip() and not line.strip().startswith("#"):
            lines.append(line.strip())
    raise AssertionError("portal/deploy/nginx.conf has no `location / { … }` block")


def deployed_env(name):
    """A variable's value in portal/deploy/env.example (None when it is not there)."""
    for line in (ROOT / "portal" / "deploy" / "env.example").read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == name and not key.startswith("#"):
            return value.strip()
    return None


class ReverseProxy:
    """Debian's nginx (`make proxy` installs it) listening on a free port of 127.0.0.1 in front of a
    ProductionServer, proxying exactly as the `location /` of portal/deploy/nginx.conf does (minus
    TLS). Clients may connect from other loopback addresses (127.0.0.2, 127.0.0.3…), which nginx
    sees as different clients."""

    def __init__(self, *, upstream, directory):
        import shutil

        self.binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.access(self.binary, os.X_OK):
            raise RuntimeError("nginx is missing: `make proxy` installs Debian's package")
        self.port = free_port()
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.access_log = directory / "access.log"
        temp_paths = "\n".join(f"    {kind}_temp_path {directory / kind};"
                                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        location = "\n".join(f"            {line}" for line in deployed_proxy_location())
        # Its workers need not switch to nobody, who could not read this test's directory.
        user = "user root;" if os.geteuid() == 0 else ""
        self.config = directory / "nginx.conf"
        self.config.write_text(f"""
daemon off;
worker_processes 1;
pid {directory / "nginx.pid"};
error_log {directory / "error.log"} warn;
{user}
events {{ worker_connections 64; }}
http {{
{temp_paths}
    log_format client '$remote_addr $request_method $uri $status';
    access_log {self.access_log} client;
    upstream coproduction {{ server 127.0.0.1:{upstream.port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{self.port};
        location / {{
{location}
        }}
    }}
}}
""")
        self.process = None

    def start(self):
        import socket

        self.process = subprocess.Popen(
            [self.binary, "-p", str(self.directory), "-e", str(self.directory / "error.log"), "-c", str(self.config)],
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"nginx did not start; see {self.directory / 'error.log'}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def request(self, method, path, *, client, body=None, headers=None):
        """One request on a new connection from the loopback address `client`: (status, headers,
        body text)."""
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15, source_address=(client, 0))
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read().decode(errors="replace")
        connection.close()
        return response.status, response.headers, content

    def clients_seen(self):
        """The client addresses in nginx's access log, in order."""
        if not self.access_log.exists():
            return []
        return [line.split()[0] for line in self.access_log.read_text().splitlines() if line.strip()]


@pytest.fixture
def reverse_proxy(tmp_path):
    """Starts nginx in front of a ProductionServer; stopped at the end of the test."""
    proxies = []

    def start(upstream):
        proxy = ReverseProxy(upstream=upstream, directory=tmp_path / f"nginx-{len(proxies)}")
        proxy.start()
        proxies.append(proxy)
        return proxy

    yield start
    for proxy in proxies:
        proxy.stop()


# --- Journeys: the live server's mail goes through a real worker to a loopback SMTP server -------


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
    settings.NOTIFICATIONS_DELIVER_IN_PROCESS = False
    sink.messages.clear()
    with _celery_publishing_to(broker.url):
        yield sink


def wait_for_mail(sink, address, *, count=1, timeout=30):
    """The messages the sink received for `address` once there are `count` of them."""
    assert wait_until(lambda: len(sink.to(address)) >= count, timeout=timeout), (
        f"{address}: {len(sink.to(address))} message(s) after {timeout} s; see var/test-worker-journeys.log")
    return sink.to(address)


def downloaded(page, link_name):
    """The bytes of the file the browser downloads when the link named `link_name` is clicked."""
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    with open(download.value.path(), "rb") as content:
        return content.read()
