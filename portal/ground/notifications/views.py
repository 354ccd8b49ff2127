import datetime
import hmac

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..ratelimit import attempt_start, client_address
from . import services


@require_http_methods(["GET", "POST"])
def reminders_stop(request, token):
    """GET asks for confirmation (mail scanners follow links); POST stops the reminders."""
    if request.method == "POST":
        stopped = services.reminders_stop(token=token)
        return render(
            request,
            "notifications/reminders_stop.html",
            {"done": stopped is not None, "invalid": stopped is None},
            status=200 if stopped else 400,
        )
    valid = services.reminders_stop_token_valid(token=token)
    return render(
        request,
        "notifications/reminders_stop.html",
        {"done": False, "invalid": not valid},
        status=200 if valid else 400,
    )


def _plain(text, status):
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def _secret_matches(secret):
    expected = settings.SMS_INBOUND_SECRET
    # No secret configured: the door is closed, whatever the caller sends.
    return bool(expected) and hmac.compare_digest(secret.encode(), expected.encode())


def _inbound_fields(form):
    """The callback's fields (Africa's Talking: from, to, text, date, id, linkId) checked, or None."""
    if any("\x00" in value for values in form.lists() for value in [values[0], *values[1]]):
        return None  # PostgreSQL keeps no NUL in a text
    phone = services.inbound_phone(form.get("from", ""))
    provider_id = form.get("id", "").strip()
    text = form.get("text", "")
    if not phone or not provider_id or len(provider_id) > 120 or len(text) > 1600:
        return None
    try:
        sent_at = parse_datetime(form.get("date", "").strip().replace(" ", "T", 1))
    except ValueError:
        sent_at = None
    if sent_at is not None and sent_at.tzinfo is None:
        # The gateway writes the time without a zone, in UTC as SMS gateways (and `sms_receive`)
        # do; kept for the record only: the portal acts on the time it received the message.
        sent_at = sent_at.replace(tzinfo=datetime.UTC)
    return {
        "provider_id": provider_id,
        "phone": phone,
        "text": text,
        "to": form.get("to", "").strip()[:20],
        "link_id": form.get("linkId", "").strip()[:120],
        "sent_at": sent_at,
    }


@csrf_exempt  # the gateway posts from its servers, with the shared secret instead of a session
@require_POST
def sms_inbound(request, secret):
    """The gateway's incoming-messages callback: 200 once recorded (or already recorded), 403 for a
    wrong secret or a caller outside SMS_INBOUND_ALLOWED_ADDRESSES, 400 for a form that is not one
    of its callbacks, 429 past the rate limit. Short plain-text answers, never a page."""
    if attempt_start(request, action="sms_inbound") is None:
        return _plain("too many requests", 429)
    allowed = settings.SMS_INBOUND_ALLOWED_ADDRESSES
    if not _secret_matches(secret) or (allowed and client_address(request) not in allowed):
        return _plain("forbidden", 403)
    fields = _inbound_fields(request.POST)
    if fields is None:
        return _plain("bad request: from and id are required", 400)
    services.sms_inbound_receive(**fields)
    return _plain("ok", 200)
