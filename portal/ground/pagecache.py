"""Whole-page cache for what anonymous visitors read (home, catalogue, workshop pages).

One version stamp covers every cached page: any change to what they show (a workshop, its agenda,
speakers, venue, partners, seats) replaces the stamp after commit, so the next visitor gets a fresh
page at once; an entry stored under an older stamp is never served again (the next visitor's
page replaces it). This is exact and cheap because public pages change rarely and are read
often; a hit costs one round trip to the cache.
"""

import functools
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
PAGE_TIMEOUT = 24 * 3600


def public_pages_version():
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
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


def _cacheable_request(request):
    if not settings.CACHE_PUBLIC_PAGES or request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated:
        return False  # the header shows the person's own links
    # A pending flash message (cookie storage, or the session fallback) is for this visitor only.
    return "messages" not in request.COOKIES and "_messages" not in request.session


def cache_public_page(view):
    """Serves anonymous visitors from the cache; anything personal bypasses it."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = f"public-page:{get_language()}:{request.get_full_path()}"
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
        if response.status_code == 200 and not response.cookies and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            cache.set(key, (version, response.content, response["Content-Type"]), PAGE_TIMEOUT)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
