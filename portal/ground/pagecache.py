"""Whole-page cache for what anonymous visitors read (home, catalogue, workshop pages).

One version stamp covers every cached page: any change to what they show (a workshop, its agenda,
speakers, venue, partners, seats) replaces the stamp after commit, so the next visitor gets a fresh
page at once; an entry stored under an older stamp is never served again (the next visitor's
page replaces it). This is exact and cheap because public pages change rarely and are read
often; a hit costs one round trip to the cache.

What can be stored is bounded. A page is kept under its path and the query parameters it declares
(`@cache_public_page(query=[...])`), normalised: other parameters are dropped and the view never
sees them, blank ones are dropped, the rest sorted. A page that was not built from exactly the
parameters asked for (a value its filter form refused, a page number past the last) is answered
but not stored (`public_page_not_stored`). So random parameters never add entries, and the
entries are at most the pages that exist. They live in the "pages" cache, a Redis of their own
with a memory limit in production (portal/settings.py, PAGE_CACHE_URL), so that no flood of
pages can ever push out a session or a queued task.
"""

import functools
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
PAGE_TIMEOUT = 24 * 3600
PAGE_KEY_PREFIX = "public-page:"


def page_cache():
    """The cache of public pages (CACHES["pages"]). Losing its stamp is harmless: a new one is
    drawn, and every entry stored under the old one is simply never served again."""
    return caches["pages"]


def public_pages_version():
    cache = page_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add(): if two processes race, both use whichever stamp was stored first.
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY, version)
    return version


def with_public_pages(key, compute):
    """compute(), kept in the cache until the public pages next change (the filter choices of
    the public lists). One round trip: the value is stored with the stamp current before it
    was computed and served only while that stamp is still current, like the pages."""
    cache = page_cache()
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or public_pages_version()
    cached = found.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    value = compute()
    cache.set(key, (version, value), PAGE_TIMEOUT)
    return value


def public_pages_changed():
    """Invalidates every cached public page now and again once the current transaction commits.

    The first bump serves this very transaction (it must not read what it just changed from an
    old entry); the second discards anything another process cached in between from the data as
    it was before the commit.
    """

    def bump():
        page_cache().set(VERSION_KEY, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


def _cacheable_request(request):
    if not settings.CACHE_PUBLIC_PAGES or request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated:
        return False  # the header shows the person's own links
    # A pending flash message (cookie storage, or the session fallback) is for this visitor only.
    return "messages" not in request.COOKIES and "_messages" not in request.session


def public_page_not_stored(request):
    """This answer is right for this request but must not be kept: it was not built from the
    parameters its address asks for (a refused filter value, a page past the last), or it is one
    visitor's own query (a search). Keeping it would let made-up addresses fill the cache."""
    request.public_page_not_stored = True


def public_page_number(request, paginator):
    """paginator.get_page(?page=): a page that is not a number or is past the last shows the
    nearest page, as Django does, but is not stored (see public_page_not_stored)."""
    asked = request.GET.get("page", "1")
    page = paginator.get_page(asked)
    if str(page.number) != asked:
        public_page_not_stored(request)
    return page


def _canonical_query(request, names):
    """The declared parameters only: last value of each, blanks dropped, sorted by name. The same
    page asked for in any order or with extra parameters has one key."""
    query = QueryDict(mutable=True)
    for name in sorted(names):
        value = request.GET.get(name, "")
        if value != "":
            query[name] = value
    query._mutable = False  # noqa: SLF001 -- read-only, like the request.GET it replaces
    return query


def cache_public_page(view=None, *, query=()):
    """Serves anonymous visitors from the cache; anything personal bypasses it.

    `query` names the GET parameters the view reads. For a cached visitor the view sees only
    those (normalised), so that what is stored under a key is exactly what that key asks for.
    """
    if view is None:
        return functools.partial(cache_public_page, query=query)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        canonical = _canonical_query(request, query)
        query_string = canonical.urlencode()
        if query_string != request.META.get("QUERY_STRING", ""):
            # The view builds its page (and its own links) from the normalised parameters only.
            request.GET = canonical
            request.META["QUERY_STRING"] = query_string
        key = f"{PAGE_KEY_PREFIX}{get_language()}:{request.get_full_path()}"
        cache = page_cache()
        # One round trip for the stamp and the page: an entry is stored with the stamp that was
        # current when its rendering began, and served only while that stamp is still current.
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or public_pages_version()
        cached = found.get(key)
        if cached is not None and cached[0] == version:
            _, content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            patch_vary_headers(response, ["Cookie"])
            return response
        response = view(request, *args, **kwargs)
        # A page that set a CSRF token or a cookie is personal: never share it.
        if (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not getattr(request, "public_page_not_stored", False)
        ):
            cache.set(key, (version, response.content, response["Content-Type"]), PAGE_TIMEOUT)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
