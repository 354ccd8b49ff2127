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
        except Exception as exc:  # noqa: BLE001
            pytest.exit(
                f"Redis ({name}) est injoignable à {url} : {exc}\n"
                'Démarrez-le : redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
                returncode=3,
            )


def pytest_sessionstart(session):
    _require_services()


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield


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


class SmtpSink:
    """An aiosmtpd server on 127.0.0.1 that keeps every message it accepts, parsed."""

    def __init__(self):
        import socket

        from aiosmtpd.controller import Controller

        self.messages = []
        # aiosmtpd's start() connects to its own port to check it is up, so it cannot take port 0:
        # pick a free one first.
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            free_port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 -- aiosmtpd's hook name
        import email
        import email.policy

        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    @property
    def port(self):
        return self.controller.port

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def text_of(message):
        return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def smtp_server(settings):
    """Mail sent by the portal during the test goes over SMTP to this server and is read back."""
    sink = SmtpSink()
    sink.start()
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
