"""Hostile URL parameters: every address of the site, with made-up path segments and query
strings, as a visitor, a party official and staff: a page or a 4xx, never a 500."""

import re
import urllib.parse

import pytest
from django.urls.converters import get_converters
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.site.hostile import FUZZ, HOSTILE, assert_safe
from tests.site.test_access_matrix import site_routes

pytestmark = pytest.mark.django_db

_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_PARAMETER = re.compile(r"\(\?P<(?P<name>\w+)>(?P<regex>[^)]*)\)")
# The query parameters the pages read, plus a few nobody reads.
QUERY_NAMES = [
    "page",
    "q",
    "periode",
    "public",
    "commune",
    "annee",
    "atelier",
    "intervenant",
    "theme",
    "type",
    "statut",
    "destinataire",
    "jour",
    "next",
    "code",
    "utm_source",
    "z",
]
URL_FUZZ = settings(FUZZ, max_examples=6)


def _with_nul(values):
    """Plausible values with a NUL byte inside, which PostgreSQL refuses in any text."""
    return values.map(lambda value: value[:2] + "\x00" + value[2:])


def _segment(regex):
    """What a URL segment may be: a value its converter accepts (so that the view runs with it),
    the same with a NUL inside, or anything hostile (which the converter must turn away)."""
    accepted = st.from_regex(regex, fullmatch=True)
    return st.one_of(accepted, _with_nul(accepted), HOSTILE).map(
        lambda value: urllib.parse.quote(value, safe="")
    )


def _address(route):
    """A strategy for addresses that `route` (a path() route or a re_path() regex) may match."""
    parts, strategies, position = [], [], 0
    pattern = _REGEX_PARAMETER if route.startswith(("^", "compte/^")) else _ROUTE_PARAMETER
    for found in pattern.finditer(route):
        parts.append(route[position : found.start()])
        if pattern is _REGEX_PARAMETER:
            strategies.append(_segment(found["regex"]))
        else:
            strategies.append(_segment(get_converters()[found["converter"] or "str"].regex))
        position = found.end()
    parts.append(route[position:])
    fixed = [part.replace("^", "").replace("$", "") for part in parts]

    def build(values):
        return "/" + "".join(fixed[i] + values[i] for i in range(len(values))) + fixed[-1]

    return st.tuples(*strategies).map(build) if strategies else st.just("/" + fixed[0])


QUERIES = st.dictionaries(
    st.sampled_from(QUERY_NAMES) | st.text(max_size=20),
    HOSTILE | _with_nul(st.text(alphabet="abc2026-", max_size=8)),
    max_size=4,
)
URL_ROUTES = [route for route, _name, _i18n in site_routes()]


@pytest.mark.parametrize("role", ["anonyme", "responsable", "organisateur"])
def test_hostile_url_parameters_never_break_a_page(client, access_world, role):
    """Every address of the site (the back office aside), as a visitor, a party official and
    staff, with generated path segments and query strings: a page or a 4xx, never a 500."""
    if access_world.users[role] is not None:
        client.force_login(access_world.users[role])
    for route in URL_ROUTES:

        @URL_FUZZ
        @given(_address(route), QUERIES)
        def attempt(address, query):
            assert_safe(client.get(address, query), query.values())

        attempt()
