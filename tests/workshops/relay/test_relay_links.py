"""Short links: a media actor's personal /r/<code> sends a visitor to the communication's public
page and counts the visit for the day, and nothing else — no session, no cookie, nothing about
the visitor. Forged codes get a 404; counting holds when a hundred people click at once."""

import datetime
import threading
import urllib.error
import urllib.request

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CommunicationFactory, EnrollmentFactory, MediaActorFactory, WorkshopFactory
from workshops.library.models import Visibility
from workshops.models import WorkshopStatus
from workshops.relay import services
from workshops.relay.models import RelayClick, RelayLink

pytestmark = pytest.mark.django_db


def _link(*, visibility=Visibility.PUBLIC, language="fr", **workshop_fields):
    workshop = WorkshopFactory(title="Atelier de Possotomè", **workshop_fields)
    communication = CommunicationFactory(
        workshop=workshop, title="Rumeurs et sécurité", visibility=visibility, language=language
    )
    actor = MediaActorFactory(user__email="relais@medias.bj").user
    EnrollmentFactory(workshop=workshop, user=actor)
    return services.relay_links_ensure(actor=actor, communications=[communication])[communication.pk]


def _clicks(link):
    return list(RelayClick.objects.filter(link=link).values_list("day", "count"))


def test_visitor_following_a_short_link_lands_on_the_public_page_and_is_counted_for_today():
    link = _link()
    response = Client().get(f"/r/{link.code}")
    assert response.status_code == 302
    assert response["Location"] == "/communications/rumeurs-et-securite/"
    assert response["Cache-Control"] == "no-store"
    assert (
        response["X-Frame-Options"] == "DENY" and "default-src 'self'" in response["Content-Security-Policy"]
    )
    Client().get(f"/r/{link.code}")
    assert _clicks(link) == [(timezone.localdate(), 2)]


def test_short_link_of_a_talk_in_english_leads_to_the_english_page():
    link = _link(language="en")
    assert Client().get(f"/r/{link.code}")["Location"] == "/en/communications/rumeurs-et-securite/"


def test_following_a_short_link_reads_no_session_sets_no_cookie_and_costs_one_query(client):
    link = _link()
    signed_in = Client()
    signed_in.force_login(MediaActorFactory().user)
    for visitor, expected_queries in ((client, 2), (signed_in, 1), (client, 1)):
        with CaptureQueriesContext(connection) as queries:
            response = visitor.get(f"/r/{link.code}")
        assert response.status_code == 302
        assert response.cookies == {}
        assert "Cookie" not in response.get("Vary", "")
        # The first visit looks the link up and counts; the next ones find it in the cache (with the
        # public pages' stamp) and only count. No session, no user, no messages.
        assert len(queries) == expected_queries, [query["sql"] for query in queries]
        assert not any(
            "django_session" in query["sql"] or "accounts_user" in query["sql"] for query in queries
        )
    assert _clicks(link) == [(timezone.localdate(), 3)]


def test_a_link_whose_account_was_deleted_after_being_cached_counts_nothing_and_still_answers():
    link = _link()
    Client().get(f"/r/{link.code}")
    RelayLink.objects.filter(pk=link.pk).delete()
    assert Client().get(f"/r/{link.code}").status_code == 302
    assert RelayClick.objects.count() == 0


def test_nothing_about_the_visitor_is_stored_only_the_day_and_the_count():
    link = _link()
    Client().get(
        f"/r/{link.code}", HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)", REMOTE_ADDR="41.85.1.2"
    )
    columns = [field.column for field in RelayClick._meta.concrete_fields]
    assert columns == ["id", "link_id", "day", "count"]
    assert _clicks(link) == [(timezone.localdate(), 1)]


def test_link_previews_fetched_by_social_networks_are_not_counted_as_visits():
    link = _link()
    for agent in (
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "WhatsApp/2.23.20.0",
        "Twitterbot/1.0",
    ):
        assert Client().get(f"/r/{link.code}", HTTP_USER_AGENT=agent).status_code == 302
    assert Client().head(f"/r/{link.code}").status_code == 302
    assert _clicks(link) == []


def test_visits_are_counted_per_local_day():
    link = _link()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    services.relay_link_followed(link_id=link.pk, day=yesterday)
    services.relay_link_followed(link_id=link.pk, day=yesterday)
    services.relay_link_followed(link_id=link.pk)
    assert sorted(_clicks(link)) == [(yesterday, 2), (timezone.localdate(), 1)]


FORGED = [
    "AAAAAAAAAAAAAAAAAAAAAA",  # the right shape, unknown
    "abc",  # too short
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  # too long
    "AAAAAAAAAAAAAAAAAAAA%27;",  # quote and semicolon
    "..%2F..%2Fetc%2Fpasswd",
]


@pytest.mark.parametrize("code", FORGED)
def test_forged_short_code_gets_a_404_and_counts_nothing(code):
    link = _link()
    response = Client().get(f"/r/{code}")
    assert response.status_code == 404
    assert RelayClick.objects.count() == 0
    assert link.clicks.count() == 0


def test_unknown_code_of_the_right_shape_is_told_in_french_without_a_cookie():
    _link()
    response = Client().get("/r/AAAAAAAAAAAAAAAAAAAAAA")
    assert response.status_code == 404
    assert "Ce lien de partage n'existe pas, ou la communication qu'il annonçait n'est plus publique." in (
        response.content.decode()
    )
    assert response.cookies == {}


def test_a_posted_short_link_is_refused_and_counts_nothing():
    link = _link()
    assert Client().post(f"/r/{link.code}").status_code == 405
    assert _clicks(link) == []


@pytest.mark.parametrize("change", ["participants", "staff", "draft"])
def test_a_communication_withdrawn_from_the_public_takes_its_short_links_with_it(change):
    link = _link()
    communication = link.communication
    if change == "draft":
        communication.workshop.status = WorkshopStatus.DRAFT
        communication.workshop.save()
    else:
        communication.visibility = change
        communication.save()
    assert Client().get(f"/r/{link.code}").status_code == 404
    assert _clicks(link) == []


def test_codes_are_unguessable_and_one_per_actor_and_communication():
    link = _link()
    again = services.relay_links_ensure(actor=link.actor, communications=[link.communication])[
        link.communication_id
    ]
    assert again.pk == link.pk
    assert len(link.code) == 22 and set(link.code) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )
    other = MediaActorFactory().user
    other_link = services.relay_links_ensure(actor=other, communications=[link.communication])[
        link.communication_id
    ]
    assert other_link.code != link.code
    assert RelayLink.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_hundred_simultaneous_visits_from_threads_are_each_counted_once():
    """Twenty threads with their own connections, five visits each, released together."""
    link = _link()
    barrier = threading.Barrier(20)
    errors = []

    def visit():
        try:
            barrier.wait(timeout=30)
            for _ in range(5):
                services.relay_link_followed(link_id=link.pk)
        except Exception as exc:  # noqa: BLE001 -- any failure is what the test looks for
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=visit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert _clicks(link) == [(timezone.localdate(), 100)]


@pytest.mark.django_db(transaction=True)
def test_a_hundred_concurrent_clicks_on_gunicorn_count_exactly_a_hundred(production_server):
    """A hundred HTTP requests at once against gunicorn (two processes of eight threads each,
    sixteen database connections racing on the same row)."""
    link = _link()
    server = production_server(extra_env={"GUNICORN_CMD_ARGS": "--threads 8"})
    barrier = threading.Barrier(100)
    answers = []

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def click():
        barrier.wait(timeout=30)
        try:
            opener.open(server.url(f"/r/{link.code}"), timeout=30)
        except urllib.error.HTTPError as answer:
            answers.append((answer.code, answer.headers.get("Location"), answer.headers.get("Set-Cookie")))
        except Exception as exc:  # noqa: BLE001 -- any failure is what the test looks for
            answers.append(repr(exc))

    threads = [threading.Thread(target=click) for _ in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert answers == [(302, "/communications/rumeurs-et-securite/", None)] * 100
    assert _clicks(link) == [(timezone.localdate(), 100)]


def test_a_client_trying_many_wrong_codes_is_held_in_french_while_right_codes_still_lead(settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "relay_code_failed": "3/10m/ip"}
    link = _link()
    guesser = Client(REMOTE_ADDR="41.85.1.2")
    answers = [guesser.get(f"/r/{'A' * 21}{letter}").status_code for letter in "BCDE"]
    assert answers == [404, 404, 404, 429]
    held = guesser.get(f"/r/{'A' * 21}F")
    assert held.status_code == 429
    assert "Trop de liens inconnus ont été essayés depuis votre connexion" in held.content.decode()
    assert Client(REMOTE_ADDR="41.85.9.9").get(f"/r/{'A' * 22}").status_code == 404  # another client
    # The link itself still works, for the guesser too: only wrong codes are limited.
    assert guesser.get(f"/r/{link.code}").status_code == 302
    assert _clicks(link) == [(timezone.localdate(), 1)]


SQLITE_STORY = """
from django.test import Client
from django.utils import timezone
from tests.workshops.relay.test_relay_links import _clicks, _link
link = _link()
answers = [Client().get(f"/r/{link.code}").status_code for _ in range(3)]
print(answers, _clicks(link) == [(timezone.localdate(), 3)])
"""


def test_short_links_are_followed_and_counted_under_make_run_on_sqlite(tmp_path):
    """`make run` keeps its data in SQLite: the count must not need PostgreSQL's functions."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CACHE_KEY_PREFIX"}
    }
    env |= {"DJANGO_SETTINGS_MODULE": "portal.settings", "VAR_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SQLITE_STORY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip().splitlines()[-1:] == ["[302, 302, 302] True"], result.stderr[-2000:]
