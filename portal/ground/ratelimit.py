"""Limits on wrong codes (certificate verification, check-in), counted like allauth's own limits.

One machinery and one idea of who the client is for every limit of the site: allauth's rate
limiter keeps the timestamps of recent attempts in the cache (Redis in production, so every
gunicorn worker sees the same counts) and names the client by the address allauth reads through
TRUSTED_PROXY_COUNT, exactly as for failed logins. The limits themselves are in
settings.PORTAL_RATE_LIMITS.

Counting failures only follows allauth's failed-login pattern: an attempt takes one unit before
the code is looked up, and gives it back when the code was right. A client over its limit is
refused before any look-up, whatever the code, or a right code would still stand out.
"""

import functools

from allauth.account.adapter import get_adapter
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

# allauth's public consume() ignores GET requests and hides the usage that a right code gives
# back; the internal one it wraps offers both. tests/test_certificates.py and
# tests/test_checkin.py pin its behaviour against the pinned allauth.
APP = "portal"


def client_address(request):
    """The client's address as every limit counts it: read through TRUSTED_PROXY_COUNT by
    allauth, so that behind nginx it is the caller's, not the proxy's. "" when none can be read."""
    try:
        return get_adapter().get_client_ip(request)
    except PermissionDenied:
        return ""


def attempt_start(request, *, action):
    """Counts one attempt at `action` for the client (and, for per-user limits, for the signed-in
    account). Returns what to give back if the attempt succeeds (`.rollback()`), or None when the
    client is over its limit and must be answered with `too_many_attempts`."""
    return allauth_ratelimit.consume(
        request, app=APP, action=action, config=settings.PORTAL_RATE_LIMITS, limit_get=True
    )


def too_many_attempts(request, *, reason):
    return render(request, "429.html", {"reason": reason}, status=429)


def limit_failures(action, *, failed, reason):
    """Limits the failures of a view: `failed(response)` tells a wrong attempt from a right one.
    Put it outside any page cache, so that a client over its limit gets no page at all."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            usage = attempt_start(request, action=action)
            if usage is None:
                return too_many_attempts(request, reason=reason)
            response = view(request, *args, **kwargs)
            if not failed(response):
                usage.rollback()
            return response

        return wrapper

    return decorator
