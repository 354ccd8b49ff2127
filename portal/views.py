import logging

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from workshops.pages import WORKSHOP_LISTS, workshop_lists_expire
from workshops.selectors import workshop_list_latest_held, workshop_list_upcoming

from .celery import app as celery_app
from .ground.pagecache import cache_public_page

logger = logging.getLogger(__name__)


@require_safe
@cache_public_page(scopes=[WORKSHOP_LISTS], at_the_door=True, expires=workshop_lists_expire)
def home(request):
    return render(
        request,
        "portal/home.html",
        {"upcoming": workshop_list_upcoming(limit=3), "held": workshop_list_latest_held(limit=3)},
    )


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    cache.set("health-probe", "ok", 10)
    if cache.get("health-probe") != "ok":
        raise RuntimeError("the cache did not return what was just stored")


def _check_broker():
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=3)


@never_cache
@require_safe
def health(request):
    """State of the services the portal needs; 503 when one is down, for load balancers."""
    checks = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}
    report = {}
    for name, check in checks.items():
        try:
            check()
            report[name] = "ok"
        except Exception as exc:  # noqa: BLE001 -- any failure of a dependency is "down"
            logger.warning("health check %s failed: %s", name, exc)
            report[name] = "down"
    healthy = all(state == "ok" for state in report.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "services": report}, status=200 if healthy else 503
    )


def admin_login(request, extra_context=None):
    """Sends staff to the site's login (rate-limited by allauth), then back to the admin."""
    if request.user.is_authenticated:
        # Signed in but not staff: sending them to the login page would loop.
        raise PermissionDenied(_("L'administration est réservée au personnel du ministère."))
    return redirect_to_login(
        request.GET.get("next", reverse("admin:index")), login_url=reverse("account_login")
    )


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    return render(request, "403.html", {"reason": str(exception) if exception else ""}, status=403)


def too_many_requests(request, exception=None):
    """allauth's answer when a client goes over one of its limits (ACCOUNT_RATE_LIMITS)."""
    return render(request, "429.html", status=429)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors here: the failure may come from one of them.
    return HttpResponseServerError(loader.get_template("500.html").render())
