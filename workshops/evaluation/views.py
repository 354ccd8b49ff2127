"""The participant's questionnaire, opened from a signed link without signing in, and the room's
QR code page, which asks for the check-in code. Thin: links.py reads the tokens, services.py
records the answers."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.ground.ratelimit import attempt_start, too_many_attempts
from workshops.models import Enrollment, EnrollmentStatus, Workshop

from . import links, services
from .forms import AnswerForm, RoomCodeForm
from .models import Phase, Questionnaire, ResponseSource
from .selectors import questions_for

ROOM_HELD = gettext_lazy(
    "Trop de codes erronés depuis votre connexion. Par sécurité, le questionnaire est suspendu "
    "quelques minutes : réessayez plus tard, ou demandez un questionnaire papier."
)


def _refused(request, error):
    """A link that opens nothing: a page in plain French, 403 when it has expired, 404 otherwise."""
    if error.expired:
        message = _("Ce lien a expiré. Demandez au personnel du ministère de vous renvoyer le questionnaire.")
    else:
        message = _("Ce lien ne correspond à aucun questionnaire. Vérifiez qu'il a été copié en entier.")
    return _private(
        render(
            request,
            "evaluation/link_refused.html",
            {"message": message},
            status=403 if error.expired else 404,
        )
    )


def _private(response):
    # The page's address carries a personal token: no shared cache keeps it, no other site gets it as referrer
    # it, and Django's request log, which writes the path of every 4xx answer (a closed
    # questionnaire, a form with errors, an expired link), does not write this one.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"  # "no-referrer" would make the browser post Origin: null
    response._has_been_logged = True  # django.utils.log.log_response skips a response so marked
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, token):
    try:
        enrollment_pk, phase = links.answer_token_read(token)
    except links.LinkRefused as error:
        return _refused(request, error)
    enrollment = (
        Enrollment.objects.select_related("workshop__questionnaire", "user", "delegate")
        .filter(pk=enrollment_pk)
        .first()
    )
    if enrollment is None or not hasattr(enrollment.workshop, "questionnaire"):
        return _refused(request, links.LinkRefused())
    questionnaire = enrollment.workshop.questionnaire
    context = {
        "enrollment": enrollment,
        "workshop": enrollment.workshop,
        "questionnaire": questionnaire,
        "phase": Phase(phase),
    }
    if enrollment.status != EnrollmentStatus.CONFIRMED:
        context["closed"] = _("Cette inscription n'est plus active : le questionnaire n'est pas ouvert.")
        return _private(render(request, "evaluation/answer.html", context, status=403))
    if enrollment.evaluation_responses.filter(phase=phase).exists():
        context["done"] = services.already_answered_message(phase) if request.method == "POST" else ""
        return _private(render(request, "evaluation/answer.html", context))
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        questions=questions_for(questionnaire=questionnaire, phase=phase),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(
                enrollment=enrollment, phase=phase, answers=form.answers(), source=_source(request)
            )
        except services.AlreadyAnswered as error:
            context["done"] = str(error)
            return _private(render(request, "evaluation/answer.html", context))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(request.path)
    context["form"] = form
    return _private(render(request, "evaluation/answer.html", context, status=400 if form.errors else 200))


def _source(request):
    return ResponseSource.ROOM if request.GET.get("salle") == "1" else ResponseSource.LINK


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def room(request, token):
    """The room's QR code: the participant types their check-in code and reaches their own
    questionnaire. Codes are short: wrong ones are limited per address, like the check-in's."""
    try:
        workshop_pk, phase = links.room_token_read(token)
    except links.LinkRefused as error:
        return _refused(request, error)
    workshop = Workshop.objects.filter(pk=workshop_pk).first()
    if workshop is None or not Questionnaire.objects.filter(workshop=workshop).exists():
        return _refused(request, links.LinkRefused())
    form = RoomCodeForm(request.POST if request.method == "POST" else None)
    refused = ""
    if request.method == "POST" and form.is_valid():
        attempt = attempt_start(request, action="evaluation_code_failed")
        if attempt is None:
            return too_many_attempts(request, reason=ROOM_HELD)
        enrollment = Enrollment.objects.filter(
            workshop=workshop, status=EnrollmentStatus.CONFIRMED, checkin_code=form.cleaned_data["code"]
        ).first()
        if enrollment is not None:
            attempt.rollback()
            return redirect(links.answer_path(enrollment_pk=enrollment.pk, phase=phase) + "?salle=1")
        refused = _(
            "Ce code ne correspond à aucun participant de cet atelier. Vérifiez-le sur votre convocation."
        )
    response = render(
        request,
        "evaluation/room.html",
        {"workshop": workshop, "phase": Phase(phase), "form": form, "refused": refused},
        status=400 if refused or form.errors else 200,
    )
    return _private(response)
