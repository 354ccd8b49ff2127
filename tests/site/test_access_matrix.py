"""Every address of the site × every role → the expected answer.

The URL conf is enumerated, so a new page without an expectation here fails the test: nobody adds
a page unguarded. Path parameters come from `access_world` (tests/plugins/access.py); where an id may
belong to the visitor or to somebody else, each owner is a case of its own. Each request runs in
a savepoint rolled back afterwards, so that what one role does (a download counted, a form
shown) cannot change what the next one sees.

Answers: a status code, or "login" for a redirect to the site's login page.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from tests.site.access_cases import ADDRESSEES, CASES, EXCLUDED_PREFIXES, NONE, ROLES, STAFF, Case, everyone
from tests.site.access_posts import POSTS

pytestmark = pytest.mark.django_db

CASES = CASES + POSTS
# Development only (DEBUG): uploaded public media served by Django. Private files never live there.
MEDIA = Case("^media/(?P<path>.*)$", "", NONE, everyone(404), url="/media/private-media/diaporama.pdf")


def _walk(patterns, prefix="", namespace=None, i18n=False):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _walk(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                inner,
                i18n or isinstance(pattern.pattern, LocalePrefixPattern),
            )
        elif isinstance(pattern, URLPattern):
            name = pattern.name and ":".join(filter(None, [namespace, pattern.name]))
            yield prefix + str(pattern.pattern), name or prefix + str(pattern.pattern), i18n


def site_routes():
    """(route, name, translated) for every URL of the site but the excluded ones."""
    routes = []
    for route, name, i18n in _walk(get_resolver().url_patterns):
        if not any(route.startswith(prefix) for prefix in EXCLUDED_PREFIXES):
            routes.append((route, name, i18n))
    return routes


def role_clients(world):
    """One client per role, each from an address of its own: they are different people, and the
    code-guessing limits count per address (the matrix tries a wrong code for every role)."""
    clients = {}
    for number, (role, user) in enumerate(world.users.items(), start=1):
        client = Client(REMOTE_ADDR=f"10.0.0.{number}")
        if user is not None:
            client.force_login(user)
        clients[role] = client
    return clients


def _answer(response, language):
    if response.status_code == 302:
        with translation.override(language):
            login = reverse("account_login")
        if response["Location"].startswith(f"{login}?next="):
            return "login"
    return response.status_code


def matrix(world):
    """Yields (case, role, language, url, response) for every case, language and role."""
    translated = {name: i18n for _route, name, i18n in site_routes()}
    clients = role_clients(world)
    for case in [*CASES, MEDIA] if MEDIA.name in translated else CASES:
        for language in ["fr", "en"] if translated[case.name] else ["fr"]:
            with translation.override(language):
                url = case.url or reverse(case.name, kwargs=case.kwargs(world))
            for role in ROLES:
                with transaction.atomic():
                    with translation.override(language):
                        data = case.data(world) if case.data else {}
                        response = getattr(clients[role], case.method)(url, data)
                    transaction.set_rollback(True)
                yield case, role, language, url, response


def test_every_url_of_the_site_has_an_expectation_for_every_role():
    excluded = [
        name
        for route, name, _i18n in _walk(get_resolver().url_patterns)
        if any(route.startswith(prefix) for prefix in EXCLUDED_PREFIXES)
    ]
    # What the prefixes leave out is the back office and nothing else.
    assert excluded and all(name.startswith("admin:") or name.startswith("admin/") for name in excluded), (
        excluded
    )
    named = {name for _route, name, _i18n in site_routes()}
    covered = {case.name for case in CASES} | ({MEDIA.name} & named)
    assert sorted(named - covered) == [], "pages sans attente dans la matrice d'accès"
    assert sorted(covered - named) == []
    for case in CASES:
        assert sorted(case.expected) == sorted(ROLES), case


def test_each_role_gets_exactly_the_expected_answer_on_every_url(access_world):
    wrong = []
    for case, role, language, url, response in matrix(access_world):
        answer = _answer(response, language)
        if answer != case.expected[role]:
            wrong.append(
                f"{role:>18} {case.method.upper()} {url} [{case.variant}] → {answer}, attendu {case.expected[role]}"
            )
    assert wrong == [], "\n".join(wrong)


def test_the_workshop_zip_holds_exactly_the_files_each_role_may_read(access_world):
    import io
    import zipfile

    readable = {
        "public": ["public"],
        "participants": ["public", "participants"],
        "staff": ["public", "participants", "staff"],
    }
    level = {
        "anonyme": "public",
        "média non inscrit": "public",
        "média inscrit": "participants",
        "responsable": "participants",
        "membre": "participants",
        "autre parti": "participants",
        **dict.fromkeys(STAFF, "staff"),
        **dict.fromkeys(ADDRESSEES.values(), "public"),
    }
    names = {visibility: access_world.communications[visibility].slug for visibility in readable}
    clients = role_clients(access_world)
    got, wanted = {}, {}
    for role in ROLES:
        response = clients[role].get(reverse("library:workshop_zip", args=[access_world.workshop.slug]))
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        got[role] = sorted(name.split("/")[0] for name in archive.namelist())
        wanted[role] = sorted(names[visibility] for visibility in readable[level[role]])
    assert got == wanted
