import re

from csp.middleware import CSPMiddleware
from django.middleware.clickjacking import XFrameOptionsMiddleware

from .models import CODE_PATTERN
from .views import follow

SHORT_PATH = re.compile(rf"/r/(?P<code>{CODE_PATTERN})")


class ShortLinkMiddleware:
    """Answers a short link (/r/<code>) before the session, authentication, CSRF, locale and
    message middleware run: following a link shared on social media must neither read the
    visitor's session nor set a cookie, and it should cost no more than a cached page (a
    round trip to the cache and one query). Placed right after SecurityMiddleware, so the HTTPS
    redirect and the security headers still apply; the Content-Security-Policy and the framing
    refusal, which the later middleware would add, are added here."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.answer = XFrameOptionsMiddleware(CSPMiddleware(self._follow))

    def __call__(self, request):
        if SHORT_PATH.fullmatch(request.path_info) is None:
            return self.get_response(request)
        return self.answer(request)

    def _follow(self, request):
        request.get_host()  # the ALLOWED_HOSTS check CommonMiddleware would have made (400 otherwise)
        return follow(request, SHORT_PATH.fullmatch(request.path_info)["code"])
