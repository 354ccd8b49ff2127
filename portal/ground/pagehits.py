"""Hits of the public page cache answered at the door of the middleware stack.

A page served from the cache by its view's wrapper (pagecache.cache_public_page) still goes
through every middleware: sessions, locale, CSRF, authentication, messages, CSP… as much work as
the hit itself. For a visitor who cannot be signed in (no session cookie) and has no message
waiting (no messages cookie), none of them changes the answer. So this middleware, placed right
after SecurityMiddleware, answers such a hit itself, with the headers the whole stack gave the
same page the last time this process served it from the cache.

It learns a page only from such a hit through the whole stack: the stamps the page depends on and
its final headers, under its language and address. Anything else goes down the stack as before: a
page this process has not served from the cache yet, an address whose query is not in its
canonical order, an entry no longer current. Exactness is the wrapper's own: the entry is served
only while every stamp it was stored with is current, read in the same single round trip.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils.translation import get_language

from .pagecache import PAGE_KEY_PREFIX, stored_page_answer

# Pages remembered per process: the public pages that exist, in two languages, fit easily; past
# this bound (made-up addresses are never learned: they are not served from the cache) the page
# learned first is forgotten first.
LEARNED_PAGES_MAX = 5000
# Set on each hit from what the entry holds, never replayed from another answer.
_PER_ANSWER = {"content-length", "content-encoding", "content-type", "etag"}


class CachedPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # The language is chosen exactly as the stack below will choose it (cookie, Accept-Language,
        # the /en/ prefix): a page is remembered and looked up under that language.
        self.locale = LocaleMiddleware(get_response)
        self.learned = {}

    def __call__(self, request):
        if not self._anonymous_read(request):
            return self.get_response(request)
        self.locale.process_request(request)
        key = f"{PAGE_KEY_PREFIX}{get_language()}:{request.get_full_path()}"
        known = self.learned.get(key)
        if known is not None:
            # A host not allowed is refused, as CommonMiddleware below would refuse it (only for
            # a page answered here: static files and the rest keep the stack's own order).
            request.get_host()
            stamp_keys, headers = known
            answer, _ = stored_page_answer(request, key, stamp_keys)
            if answer is not None:
                for name, value in headers:
                    if name.lower() not in _PER_ANSWER:
                        answer[name] = value
                return answer
        response = self.get_response(request)
        self._learn(key, response)
        return response

    @staticmethod
    def _anonymous_read(request):
        return (
            settings.CACHE_PUBLIC_PAGES
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    def _learn(self, key, response):
        served = getattr(response, "public_page_served", None)
        # From a full answer only (a 304 carries fewer headers), without a cookie, for this very
        # address (the wrapper may have normalised its query: then it is another page's entry).
        if served is None or response.cookies or response.status_code != 200 or served[0] != key:
            return
        self.learned.pop(key, None)  # learned again: now the newest
        while len(self.learned) >= LEARNED_PAGES_MAX:
            try:
                del self.learned[next(iter(self.learned))]  # dicts keep their insertion order
            except (KeyError, RuntimeError, StopIteration):  # another thread of this worker evicted it
                break
        self.learned[key] = (served[1], list(response.items()))
