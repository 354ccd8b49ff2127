"""The check-in page's offline door: the roster a phone keeps for the day, the marks it took
offline and sends later, and the service worker that keeps the page itself on the phone. Thin:
each loads its workshop, calls a service or a selector, and answers JSON."""

import datetime
import json
import uuid

from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from portal.ground.ratelimit import attempt_start

from . import selectors, services
from .models import Workshop

MAX_MARKS = 500  # more than a day's door of the largest workshop


def _workshop(pk):
    return get_object_or_404(Workshop, pk=pk)


@require_safe
def checkin_worker(request):
    """The service worker, served under /ateliers/emargement/ so that its scope (the folder of its
    address) is the check-in pages and nothing else of the site."""
    path = finders.find("js/checkin-worker.js")
    if path is None:
        raise Http404
    with open(path, encoding="utf-8") as script:
        response = HttpResponse(script.read(), content_type="text/javascript; charset=utf-8")
    # A phone checks for a new version of its worker on each visit; no cache may hold an old one.
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
@never_cache  # private, no-store: the roster names people; no shared cache may keep it
@login_required
@permission_required("workshops.add_attendance", raise_exception=True)
def checkin_roster(request, pk):
    """What a phone at the door needs for a day without network: the confirmed people's codes and
    QR tokens, names, parties and phones, the workshop's days, and who is already present."""
    return JsonResponse(selectors.checkin_roster(workshop=_workshop(pk), today=timezone.localdate()))


def _refusal(message, status):
    return JsonResponse({"error": str(message)}, status=status)


@require_POST
@never_cache
@login_required
@permission_required("workshops.add_attendance", raise_exception=True)
def checkin_marks(request, pk):
    """Marks a phone took, online or not, sent as JSON: {"marks": [{"id", "code", "day"}]}.
    Each gets its answer; the same mark sent twice, or by two phones, is one attendance."""
    workshop = _workshop(pk)
    try:
        marks = json.loads(request.body or b"{}").get("marks")
    except (ValueError, AttributeError):
        marks = None
    if not isinstance(marks, list) or len(marks) > MAX_MARKS:
        return _refusal(_("Envoi illisible : rechargez la page d'émargement."), 400)
    results = []
    for mark in marks:
        result = _mark_one(request, workshop=workshop, mark=mark)
        if result is None:  # over the limit of wrong codes: the rest stays on the phone
            break
        results.append(result)
    return JsonResponse({"results": results}, status=200 if len(results) == len(marks) else 429)


def _mark_one(request, *, workshop, mark):
    mark = mark if isinstance(mark, dict) else {}
    mark_id = str(mark.get("id", ""))[:64]
    try:
        client_id = uuid.UUID(mark_id)
        day = datetime.date.fromisoformat(str(mark.get("day", "")))
    except ValueError:
        return {"id": mark_id, "status": "refused", "message": _("Pointage illisible : il est ignoré.")}
    # Codes are short enough to be guessed: wrong ones count as at the check-in form.
    attempt = attempt_start(request, action="checkin_code_failed")
    if attempt is None:
        return None
    try:
        result = services.attendance_check_in(
            workshop=workshop,
            token_or_code=str(mark.get("code", ""))[:400],
            day=day,
            by=request.user,
            client_id=client_id,
        )
    except services.CheckinRefused as refused:
        return {"id": mark_id, "status": "refused", "message": refused.message}
    attempt.rollback()
    name = result.enrollment.person_name
    if not result.expected:
        status = "not_expected"
    else:
        status = "recorded" if result.created or result.attendance.client_id == client_id else "already"
    return {"id": mark_id, "status": status, "name": name}


def offline_strings():
    """The check-in page's sentences that its script shows, in the visitor's language (rendered
    into the page as JSON, so that a page kept offline keeps them)."""
    return {
        "pending": _("%(count)s en attente d'envoi"),
        "nothing_pending": _("Toutes les présences sont envoyées."),
        "online": _("En ligne."),
        "offline": _(
            "Hors ligne : les présences sont gardées sur ce téléphone et partiront au retour du réseau."
        ),
        "loaded_at": _("Liste chargée à %(time)s."),
        "refused": _("Refusé"),
        "recorded": _("attendu(e) aujourd'hui : présence enregistrée."),
        "already": _("déjà enregistré(e) aujourd'hui."),
        "unknown_code": _("Code inconnu pour cet atelier."),
        "not_today": _(
            "Une présence ne s'enregistre que le jour même : choisissez la journée d'aujourd'hui."
        ),
        "not_a_workshop_day": _(
            "L'atelier n'a pas lieu aujourd'hui : aucune présence ne peut être enregistrée."
        ),
        "mark": _("Enregistrer la présence"),
    }
