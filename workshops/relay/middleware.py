import re

from .models import CODE_PATTERN

SHORT_PATH = re.compile(rf"/r/(?P<code>{CODE_PATTERN})")


class ShortLinkMiddleware:
    """Answers a short link (/r/<code>) before the session, authentication, CSRF, locale and
    message middleware run: following a link shared on social media must neither read the
    visitor's session nor set a cookie, and it should cost no more than a cached page (the
    lookup and the count, two queries). Placed right after SecurityMiddleware, so the HTTPS
    redirect and the security headers still apply."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = SHORT_PATH.fullmatch(request.path_info)
        if match is None:
            return self.get_response(request)
        from .views import follow

        request.get_host()  # the ALLOWED_HOSTS check CommonMiddleware would have made (400 otherwise)
        return follow(request, match["code"])
