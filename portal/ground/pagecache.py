"""Whole-page cache for what anonymous visitors read (home, catalogue, workshop pages).

One version stamp covers every cached page: any change to what they show (a workshop, its agenda,
speakers, venue, partners) replaces the stamp after commit, so the next visitor gets a fresh page
at once; an entry stored under an older stamp is never served again (the next visitor's page
replaces it). This is exact and cheap because public pages change rarely and are read often; a
hit costs one round trip to the cache.

A frequent change that shows on a few pages only (a workshop's seats) replaces a narrower stamp:
a page may declare scopes (`@cache_public_page(scopes=...)`, opaque names chosen by the part that
owns the page, such as "workshop:<slug>"), each with a stamp of its own. An entry is served only
while the global stamp and the stamps of its scopes are all those it was stored with, and
`public_pages_changed(scopes=[...])` replaces only the stamps named: the other pages stay.

A stored page is served as stored: its gzip and Brotli bodies are made once, when it is stored,
and each visitor gets the one their browser accepts (Vary: Accept-Encoding), with an ETag so that
a revisit is answered 304 Not Modified, without a body. A visitor who cannot be signed in gets a
page this process already served from the cache straight at the door of the middleware stack
(pagehits.py), with the headers the whole stack gave it.

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
import gzip
import hashlib
import uuid

import brotli
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
PAGE_TIMEOUT = 24 * 3600
PAGE_KEY_PREFIX = "public-page:"
# The compressed bodies of a page live under keys of their own, so that a hit reads only the body
# the visitor's browser accepts: "public-page-br:<language>:<path>".
ENCODINGS = ("br", "gzip")
_COMPRESS = {
    "br": lambda body: brotli.compress(body, quality=9),
    # mtime=0: the same page compresses to the same bytes, whenever and wherever it is stored.
    "gzip": lambda body: gzip.compress(body, compresslevel=6, mtime=0),
}
# A body too short to gain from compression is kept as it is (GZipMiddleware's own threshold).
MIN_COMPRESSED_LENGTH = 200


def page_cache():
    """The cache of public pages (CACHES["pages"]). Losing its stamp is harmless: a new one is
    drawn, and every entry stored under the old one is simply never served again."""
    return caches["pages"]


def public_pages_version(key=VERSION_KEY):
    """The current stamp under `key` (the global one, or a scope's), drawn if missing."""
    cache = page_cache()
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        # add(): if two processes race, both use whichever stamp was stored first.
        if not cache.add(key, version, None):
            version = cache.get(key, version)
    return version


def _scope_key(scope):
    return f"public-pages:scope:{scope}"


def with_public_pages(key, compute):
    """compute(), kept in the cache until the public pages next change (the filter choices of
    the public lists): a fragment of one key (fragments_with_public_pages), stored with the stamp
    current before it was computed and served only while that stamp is still current."""
    return fragments_with_public_pages([key], lambda missing: {key: compute()})[key]


def fragments_with_public_pages(keys, render_missing, *, timeout=PAGE_TIMEOUT):
    """{key: fragment} for `keys`: parts of public pages (a workshop's card in a language), each
    kept in the cache until the public pages next change, as with_public_pages keeps a value.
    Pages built anew (the cache of whole pages off, a page not stored yet) join the fragments
    instead of rendering them again. One round trip for the stamp and every fragment;
    render_missing(keys) -> {key: fragment} for those not stored under the current stamp, stored
    with it in one more trip. Exact: a fragment is served only under the stamp it was rendered
    under, and any change to what a public page shows replaces that stamp. `timeout`: seconds the
    fragments stay at most, or a function that returns them, called only when something is missing,
    before it is rendered (a list that changes with the time of day: until its next change)."""
    cache = page_cache()
    found = cache.get_many([VERSION_KEY, *keys])
    version = found.get(VERSION_KEY) or public_pages_version()
    fragments = {}
    for key in keys:
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            fragments[key] = stored[1]
    missing = [key for key in keys if key not in fragments]
    if missing:
        # Before rendering: a change due while it renders (a workshop ending) must not be missed.
        seconds = timeout() if callable(timeout) else timeout
        made = render_missing(missing)  # may leave out what no longer exists
        if made:
            cache.set_many({key: (version, fragment) for key, fragment in made.items()}, seconds)
        fragments.update(made)
    return fragments


def public_pages_changed(*, scopes=None):
    """Invalidates every cached public page (or, given `scopes`, only the pages that declared one
    of them) now and again once the current transaction commits.

    The first bump serves this very transaction (it must not read what it just changed from an
    old entry); the second discards anything another process cached in between from the data as
    it was before the commit.
    """
    keys = [VERSION_KEY] if scopes is None else [_scope_key(scope) for scope in scopes]

    def bump():
        page_cache().set_many({key: uuid.uuid4().hex for key in keys}, None)

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


def public_query(request, names):
    """The declared parameters only: last value of each, blanks dropped, sorted by name. The same
    page asked for in any order or with extra parameters has one key."""
    query = QueryDict(mutable=True)
    for name in sorted(names):
        value = request.GET.get(name, "")
        if value != "":
            query[name] = value
    query._mutable = False  # noqa: SLF001 -- read-only, like the request.GET it replaces
    return query


def page_link_query(query_string, number):
    """The query string of page `number` of a list whose other parameters are `query_string`, in
    the cache's own order (public_query: sorted by name), so that a link is the very address the
    page is kept under and answered at the door. Page 1 is the list without `page`: one entry."""
    query = QueryDict(query_string, mutable=True)
    query.pop("page", None)
    if str(number) != "1":
        query["page"] = str(number)
    ordered = QueryDict(mutable=True)
    for name in sorted(query):
        ordered.setlist(name, query.getlist(name))
    return ordered.urlencode()


def _encoding_key(key, encoding):
    return key if encoding is None else key.replace(PAGE_KEY_PREFIX, f"public-page-{encoding}:", 1)


def _accepted_encoding(request):
    """The best stored encoding the client accepts: Brotli, then gzip, else the plain body."""
    accepted = set()
    for item in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = item.strip().partition(";")
        if params.strip().replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            continue
        accepted.add(name.strip().lower())
    return next((encoding for encoding in ENCODINGS if encoding in accepted), None)


def _etag_matches(request, etag):
    """If-None-Match names this page (weak comparison, RFC 9110 13.1.2)."""
    asked = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not asked:
        return False
    return asked.strip() == "*" or any(
        tag.strip().removeprefix("W/") == etag.removeprefix("W/") for tag in asked.split(",")
    )


def _stored_answer(request, etag, content_type, body, encoding):
    """The answer for a stored page: 304 when the client holds this version, else the body in the
    encoding chosen. Vary names the two headers a stored page depends on. The ETag is weak: the
    gzip and Brotli bodies of a page are the same page, byte-for-byte different."""
    if _etag_matches(request, etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
        if encoding:
            # GZipMiddleware leaves an encoded body alone. A stored page holds no secret (no CSRF
            # token, nothing personal: see the wrapper), so BREACH has nothing to read from it and
            # its compressed body needs none of the padding GZipMiddleware adds to the others.
            response["Content-Encoding"] = encoding
        response["Content-Length"] = str(len(body))
    response["ETag"] = etag
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
    return response


def stored_page_answer(request, key, stamp_keys):
    """(answer, version): the stored answer to `request` for the page under `key` while the stamps
    under `stamp_keys` are those it was stored with (else None), and the version a page rendered
    now is stored under.

    One round trip for the stamps and the page in the encoding the client accepts: an entry is
    stored with the stamps that were current when its rendering began, and served only while they
    are all still current. A page too short to be compressed has no encoded entry: its plain one
    is read on a second trip."""
    encoding = _accepted_encoding(request)
    cache = page_cache()
    found = cache.get_many([*stamp_keys, _encoding_key(key, encoding)])
    version = tuple(found.get(k) or public_pages_version(k) for k in stamp_keys)
    cached = found.get(_encoding_key(key, encoding))
    if cached is None and encoding is not None:
        cached = cache.get(key)
    if cached is not None and cached[0] == version:
        _, etag, content_type, body, stored_encoding = cached
        return _stored_answer(request, etag, content_type, body, stored_encoding), version
    return None, version


def _store(cache, key, version, content, content_type, timeout):
    """Stores the page and its compressed bodies, all under the same stamp and ETag, for `timeout`
    seconds; returns the ETag and the bodies by encoding (None: the plain one)."""
    etag = f'W/"{hashlib.blake2b(content, digest_size=12).hexdigest()}"'
    bodies = {None: content}
    if len(content) >= MIN_COMPRESSED_LENGTH:
        bodies.update({encoding: _COMPRESS[encoding](content) for encoding in ENCODINGS})
    cache.set_many(
        {
            _encoding_key(key, encoding): (version, etag, content_type, body, encoding)
            for encoding, body in bodies.items()
        },
        timeout,
    )
    return etag, bodies


def cache_public_page(view=None, *, query=(), scopes=(), at_the_door=False, expires=None):
    """Serves anonymous visitors from the cache; anything personal bypasses it.

    `query` names the GET parameters the view reads. For a cached visitor the view sees only
    those (normalised), so that what is stored under a key is exactly what that key asks for.
    `scopes` are the narrow stamps the page also depends on: a list of names, or a function of the
    view's arguments (request, *args, **kwargs) that returns them. `at_the_door`: nothing runs
    before this cache for the page (no rate limit, no permission: only the method check), so its
    hits may be answered at the door of the middleware stack (pagehits.py), before anything else.
    `expires`: for a page that changes with the time of day (what is upcoming, what was held), a
    function of the view's arguments that returns the seconds until its next change; the page is
    kept that long at most (else PAGE_TIMEOUT).
    """
    if view is None:
        return functools.partial(
            cache_public_page, query=query, scopes=scopes, at_the_door=at_the_door, expires=expires
        )

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        canonical = public_query(request, query)
        query_string = canonical.urlencode()
        if query_string != request.META.get("QUERY_STRING", ""):
            # The view builds its page (and its own links) from the normalised parameters only.
            request.GET = canonical
            request.META["QUERY_STRING"] = query_string
        key = f"{PAGE_KEY_PREFIX}{get_language()}:{request.get_full_path()}"
        stamp_keys = [VERSION_KEY] + [
            _scope_key(scope) for scope in (scopes(request, *args, **kwargs) if callable(scopes) else scopes)
        ]
        answer, version = stored_page_answer(request, key, stamp_keys)
        if answer is not None:
            if at_the_door:  # what pagehits.CachedPageMiddleware learns to answer this page itself
                answer.public_page_served = (key, tuple(stamp_keys))
            return answer
        encoding = _accepted_encoding(request)
        cache = page_cache()
        # Before the view: a page rendered as a workshop ends expires at that end, not the next one.
        timeout = expires(request, *args, **kwargs) if expires else PAGE_TIMEOUT
        response = view(request, *args, **kwargs)
        # A page that set a CSRF token or a cookie is personal: never share it.
        if (
            response.status_code == 200
            and not response.streaming
            and not response.has_header("Content-Encoding")
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not getattr(request, "public_page_not_stored", False)
        ):
            etag, bodies = _store(cache, key, version, response.content, response["Content-Type"], timeout)
            if _etag_matches(request, etag):
                return _stored_answer(request, etag, None, None, None)
            # The view's own answer (its headers kept), with the body a hit would get.
            chosen = encoding if encoding in bodies else None
            response.content = bodies[chosen]
            if chosen:
                response["Content-Encoding"] = chosen
            response["ETag"] = etag
            patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
            return response
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
