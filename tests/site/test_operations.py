"""What operators rely on: the health endpoint, the worker ping, settings that fail loudly, demo data."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from tests.plugins import ROOT

pytestmark = pytest.mark.django_db


def test_health_reports_every_service_up(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "services": {"database": "ok", "cache": "ok", "broker": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_503_and_names_the_broker_when_it_is_down(client, monkeypatch):
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:9/0")  # the discard port: nothing listens
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["services"] == {"database": "ok", "cache": "ok", "broker": "down"}


def test_health_answers_503_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    from django.core.cache import caches

    caches._settings = None  # noqa: SLF001 -- make the handler read the overridden setting
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["services"]["cache"] == "down"


@pytest.mark.django_db(transaction=True)
def test_ping_worker_succeeds_against_a_running_worker(celery_worker_process, capsys):
    call_command("ping_worker", "--timeout", "20")
    assert "Le worker a répondu : pong" in capsys.readouterr().out


def test_ping_worker_fails_after_its_timeout_when_no_worker_consumes(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings_test",
        # A queue of its own that no worker listens to.
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "ping_worker", "--timeout", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Aucun worker Celery n'a répondu en 1 s" in result.stderr


PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "portail.misp.bj",
    "CSRF_TRUSTED_ORIGINS": "https://portail.misp.bj",
    "SITE_URL": "https://portail.misp.bj",
    "TRUSTED_PROXY_COUNT": "1",
    "DJANGO_SETTINGS_MODULE": "portal.settings",
}


def _start_in_production(**changes):
    """Loads the settings as production would, with `changes` (None: the variable is absent)."""
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    env.update(PRODUCTION_ENV)
    for key, value in changes.items():
        if value is None:
            del env[key]
        else:
            env[key] = value
    return subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import django; django.setup(); from django.conf import settings; "
                "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
            ),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL"])
def test_production_settings_refuse_to_start_without_a_required_variable(missing):
    result = _start_in_production(**{missing: None})
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG=0" in result.stderr


@pytest.mark.parametrize("value", [None, "", " "])
def test_production_refuses_to_start_without_saying_how_many_proxies_stand_in_front(value):
    # Left to a default of 0 behind nginx, every client would share the proxy's address, and one
    # client's failed logins would lock everybody out.
    result = _start_in_production(TRUSTED_PROXY_COUNT=value)
    assert result.returncode != 0
    assert (
        "TRUSTED_PROXY_COUNT doit être défini quand DEBUG=0 : le nombre de proxys inverses devant gunicorn "
        "(1 derrière le nginx de portal/deploy/nginx.conf, 0 si les clients joignent gunicorn directement)."
    ) in result.stderr


@pytest.mark.parametrize(
    ("value", "outcome"),
    [("0", "0"), ("1", "1"), ("-1", "ne peut pas être négatif"), ("un", "is not a whole number")],
)
def test_production_takes_an_explicit_proxy_count_zero_included(value, outcome):
    result = _start_in_production(TRUSTED_PROXY_COUNT=value)
    assert outcome in (result.stdout.strip() if result.returncode == 0 else result.stderr)


def test_settings_reject_a_malformed_boolean():
    env = {**os.environ, "DEBUG": "peut-être", "DJANGO_SETTINGS_MODULE": "portal.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert "DEBUG='peut-être' is not a boolean" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [("RATE_LIMIT_CERTIFICATE_CODES", "20/10m/user"), ("RATE_LIMIT_CHECKIN_CODES", "60 par 10 minutes")],
)
def test_settings_reject_a_malformed_rate_limit(name, value):
    env = {**os.environ, name: value, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert f"{name}={value!r}: each limit reads amount/period/per, e.g. 20/10m/ip" in result.stderr


def test_settings_reject_an_unknown_sms_backend():
    env = {**os.environ, "SMS_BACKEND": "africatalking", "DJANGO_SETTINGS_MODULE": "portal.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert (
        "SMS_BACKEND='africatalking' is unknown: use africastalking, console, file, http "
        "or a dotted path to a class."
    ) in result.stderr


def test_settings_read_the_privacy_contact_from_the_environment():
    env = {
        **os.environ,
        "PRIVACY_CONTACT_EMAIL": "donnees@misp.bj",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.PRIVACY_CONTACT_EMAIL, settings.SMS_BACKEND)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == [
        "donnees@misp.bj",
        "portal.ground.notifications.sms.backends.filebased.SmsBackend",
    ]


def test_demo_data_loads_twice_without_duplicates_and_tells_the_seed_story():
    from accounts.models import User
    from workshops.models import Session, Speaker, Workshop

    call_command("load_demo")
    counts = (
        Workshop.objects.count(),
        Session.objects.count(),
        Speaker.objects.count(),
        User.objects.count(),
    )
    call_command("load_demo")
    assert (
        Workshop.objects.count(),
        Session.objects.count(),
        Speaker.objects.count(),
        User.objects.count(),
    ) == counts

    electoral = Workshop.objects.get(slug="coproduction-securite-periode-electorale-2022")
    assert electoral.venue.name == "Palais des Congrès" and electoral.venue.commune.name == "Cotonou"
    assert electoral.local_start_date.isoformat() == "2022-12-12"
    assert {"Alassane Séïdou", "Vital Gnaho"} == set(
        electoral.sessions.values_list("speakers__name", flat=True)
    )
    possotome = Workshop.objects.get(slug="education-citoyenne-coproduction-securite-possotome-2022")
    assert possotome.venue.commune.name == "Bopa"
    assert [d.isoformat() for d in possotome.days()] == ["2022-07-21", "2022-07-22"]
    assert list(possotome.partners.values_list("name", flat=True)) == ["Fondation Hanns Seidel"]
    talks_by = set(possotome.sessions.values_list("speakers__name", flat=True))
    assert {
        "Eric Kossi Agossounon",
        "Mathias Atchédemessi",
        "François Awoudo",
        "Expédit B. Ologou",
        "Delphin Tokpon",
    } <= talks_by
    upcoming = Workshop.objects.published().upcoming()
    assert sorted(upcoming.values_list("audience", flat=True)) == ["both", "media", "parties"]
    assert User.objects.get(email="admin@misp.bj").is_superuser
