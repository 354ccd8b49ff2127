"""The one conftest: real services required, and the fixtures of tests/plugins/, one module per
concept (people, mail, workers, browser, documents, SMS, the access matrix, production and
its reverse proxy).

PostgreSQL and Redis are required: when either cannot be reached the run stops at once with a
message naming it. Nothing is skipped and nothing falls back to SQLite or memory.
"""

import pytest
import redis
from django.conf import settings

from tests.plugins import ROOT

pytest_plugins = [
    "tests.plugins.access",
    "tests.plugins.browser",
    "tests.plugins.documents",
    "tests.plugins.mail",
    "tests.plugins.perdiem",
    "tests.plugins.people",
    "tests.plugins.production",
    "tests.plugins.proxy",
    "tests.plugins.sms",
    "tests.plugins.workers",
]

__all__ = ["ROOT"]


def _require_services():
    import psycopg

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit(f"Les tests exigent PostgreSQL ; DATABASE_URL désigne {db['ENGINE']}.", returncode=3)
    try:
        psycopg.connect(
            host=db["HOST"],
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            dbname=db["NAME"],
            connect_timeout=3,
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
