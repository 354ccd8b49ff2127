"""Pages of enrollment: a media actor's own seat, a party's delegates, convocations, check-in,
attendance sheets and certificates. Thin: each parses a form, loads its object through an access
helper (404 for others) and calls one service."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from accounts.parties.access import official_of, party_official_required
from portal.ground.http import attachment_response
from portal.ground.pagecache import cache_public_page
from portal.ground.ratelimit import attempt_start, limit_failures, too_many_attempts

from . import exports, selectors, services
from .checkin_views import offline_strings
from .documents import certificate_pdf, convocation_pdf, printed_code_normalise
from .forms import CheckinForm, DelegatesForm, SubstituteForm
from .models import Certificate, Enrollment, EnrollmentStatus, PartyAllocation, Workshop
from .questions.forms import AnswersForm
from .questions.services import (
    enrollment_create_for_media_actor_with_answers,
    registration_answers_of,
    registration_answers_save,
    registration_questions_of,
)


def _workshop(slug):
    return get_object_or_404(Workshop.objects.published().select_related("venue__commune"), slug=slug)


def _get_enrollment_for_person(request, pk):
    """An enrollment of the signed-in media actor, or of a delegate of the official's party; 404
    for anybody else."""
    enrollment = Enrollment.objects.filter(pk=pk).select_related("workshop").first()
    if enrollment is None:
        raise Http404
    if enrollment.user_id and enrollment.user_id == request.user.pk:
        return enrollment
    official = official_of(request.user)
    if enrollment.party_id and official is not None and official.party_id == enrollment.party_id:
        return enrollment
    raise Http404


def _int_or_404(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


# --- Media actors -------------------------------------------------------------------------------


@login_required
def media_enroll(request, slug):
    workshop = _workshop(slug)
    enrollment = (
        Enrollment.objects.filter(workshop=workshop, user=request.user)
        .filter(status__in=[EnrollmentStatus.CONFIRMED, EnrollmentStatus.WAITING])
        .first()
    )
    error = None
    action = request.POST.get("action") if request.method == "POST" else None
    answers_form = AnswersForm(
        request.POST if action in ("enroll", "wait", "answers") else None,
        questions=registration_questions_of(workshop=workshop),
        answers=registration_answers_of(enrollment=enrollment) if enrollment else None,
    )
    if request.method == "POST":
        try:
            if action == "answers" and enrollment is not None:
                if not answers_form.is_valid():
                    raise services.EnrollmentRefused(
                        _("Vérifiez vos réponses : elles ne sont pas enregistrées.")
                    )
                registration_answers_save(enrollment=enrollment, answers=answers_form.answers())
                messages.success(request, _("Vos réponses sont enregistrées."))
            elif action == "withdraw" and enrollment is not None:
                services.enrollment_withdraw(
                    enrollment=enrollment, by=request.user, reason=_("Retrait par la personne")
                )
                messages.success(request, _("Votre inscription est retirée."))
            elif action in ("enroll", "wait"):
                if not answers_form.is_valid():
                    raise services.EnrollmentRefused(
                        _("Répondez aux questions de l'atelier : votre inscription n'est pas enregistrée.")
                    )
                enrollment = enrollment_create_for_media_actor_with_answers(
                    workshop=workshop,
                    user=request.user,
                    by=request.user,
                    join_waiting_list=action == "wait",
                    answers=answers_form.answers(),
                )
                if enrollment.status == EnrollmentStatus.WAITING:
                    messages.success(
                        request,
                        _("Vous êtes sur la liste d'attente. Nous vous préviendrons si une place se libère."),
                    )
                else:
                    messages.success(request, _("Votre place est confirmée."))
            else:
                raise services.EnrollmentRefused(_("Action inconnue."))
            return redirect("workshops:media_enroll", slug=workshop.slug)
        except services.EnrollmentRefused as refused:
            error = refused.message
    return render(
        request,
        "workshops/enrollment/media.html",
        {
            "workshop": workshop,
            "enrollment": enrollment,
            "error": error,
            "answers_form": answers_form,
            "is_media_actor": hasattr(request.user, "media_profile"),
            "is_open": selectors.registration_is_open(workshop),
            "seats_left": selectors.seats_left_for(workshop=workshop),
        },
    )


# --- Parties ------------------------------------------------------------------------------------


@party_official_required
def party_enroll(request, slug):
    workshop = _workshop(slug)
    party = request.official.party
    can_manage = request.official.can_manage
    available = selectors.delegates_available(party=party, workshop=workshop)
    form = DelegatesForm(
        request.POST if request.POST.get("action") == "enroll" else None, delegates=available
    )
    errors = {}
    if request.method == "POST" and not can_manage:
        # A party's membre only views: enrolling, withdrawing and substituting are the responsable's.
        return render(
            request,
            "403.html",
            {
                "reason": _("Seul un responsable du parti peut inscrire, retirer ou remplacer des délégués."),
            },
            status=403,
        )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "enroll":
                if form.is_valid():
                    enrolled = services.enrollment_create_for_delegates(
                        workshop=workshop,
                        party=party,
                        delegates=form.cleaned_data["delegates"],
                        by=request.user,
                    )
                    messages.success(request, _("%(n)d délégué(s) inscrit(s).") % {"n": len(enrolled)})
                    return redirect("workshops:party_enroll", slug=workshop.slug)
            elif action in ("withdraw", "substitute"):
                enrollment = get_object_or_404(
                    Enrollment,
                    pk=_int_or_404(request.POST.get("enrollment")),
                    workshop=workshop,
                    party=party,
                    status=EnrollmentStatus.CONFIRMED,
                )
                if action == "withdraw":
                    services.enrollment_withdraw(
                        enrollment=enrollment, by=request.user, reason=_("Retrait par le parti")
                    )
                    messages.success(
                        request, _("%(name)s est retiré(e) de l'atelier.") % {"name": enrollment.person_name}
                    )
                    return redirect("workshops:party_enroll", slug=workshop.slug)
                substitute_form = SubstituteForm(request.POST, delegates=available)
                if substitute_form.is_valid():
                    new = services.enrollment_substitute(
                        enrollment=enrollment,
                        new_delegate=substitute_form.cleaned_data["new_delegate"],
                        by=request.user,
                    )
                    messages.success(
                        request,
                        _("%(old)s est remplacé(e) par %(new)s.")
                        % {"old": enrollment.person_name, "new": new.person_name},
                    )
                    return redirect("workshops:party_enroll", slug=workshop.slug)
                errors[enrollment.pk] = " ".join(substitute_form.errors.get("new_delegate", []))
            else:
                raise Http404
        except services.EnrollmentRefused as refused:
            if action == "enroll":
                # A number that already holds a place: said next to the delegates, whose number it is.
                phone_clash = isinstance(refused, services.PhoneAlreadyEnrolled)
                form.add_error("delegates" if phone_clash else None, refused.message)
            else:
                errors[enrollment.pk] = refused.message
    enrollments = [
        e
        for e in selectors.enrollment_list_for_party(party=party, workshop=workshop)
        if e.status == EnrollmentStatus.CONFIRMED
    ]
    allocation = PartyAllocation.objects.filter(workshop=workshop, party=party).first()
    allowed = allocation.seats_allowed if allocation else workshop.party_seats_default
    return render(
        request,
        "workshops/enrollment/party.html",
        {
            "workshop": workshop,
            "party": party,
            "form": form,
            "available": available,
            "enrollments": [(e, errors.get(e.pk)) for e in enrollments],
            "substitute_form": SubstituteForm(delegates=available),
            "seats_used": len(enrollments),
            "seats_allowed": allowed,
            "can_manage": can_manage,
            "seats_left": selectors.seats_left_for(workshop=workshop, party=party),
            "is_open": selectors.registration_is_open(workshop),
            "has_questions": registration_questions_of(workshop=workshop).exists(),
        },
    )


@require_safe
@party_official_required
def party_convocations(request, slug):
    workshop = _workshop(slug)
    enrollments = [
        e
        for e in selectors.enrollment_list_for_party(party=request.official.party, workshop=workshop)
        if e.status == EnrollmentStatus.CONFIRMED
    ]
    if not enrollments:
        raise Http404
    return attachment_response(
        convocation_pdf(enrollments),
        content_type="application/pdf",
        filename=f"convocations-{workshop.slug}.pdf",
    )


# --- Documents of one enrollment ----------------------------------------------------------------


@require_safe
@login_required
def convocation(request, pk):
    enrollment = _get_enrollment_for_person(request, pk)
    if enrollment.status != EnrollmentStatus.CONFIRMED:
        raise Http404
    return attachment_response(
        convocation_pdf([enrollment]),
        content_type="application/pdf",
        filename=f"convocation-{enrollment.workshop.slug}-{enrollment.checkin_code}.pdf",
    )


@require_safe
@login_required
def certificate(request, pk):
    enrollment = _get_enrollment_for_person(request, pk)
    issued = selectors.certificate_for(enrollment=enrollment)  # issued when the workshop was marked held
    if issued is None:
        return render(
            request,
            "403.html",
            {"reason": selectors.certificate_missing_reason(enrollment=enrollment)},
            status=403,
        )
    return attachment_response(
        certificate_pdf(issued),
        content_type="application/pdf",
        filename=f"attestation-{enrollment.workshop.slug}-{issued.code}.pdf",
    )


@require_safe
@limit_failures(
    "certificate_code_failed",
    failed=lambda response: response.status_code == 404,
    reason=gettext_lazy(
        "Trop de codes d'attestation erronés depuis votre connexion. Par sécurité, la vérification "
        "est suspendue quelques minutes : réessayez plus tard."
    ),
)
@cache_public_page  # not at_the_door: a client held for guessing must not get even a cached page
def verify_certificate(request, code):
    # Only the name and the workshop: the public page must not reveal anything else about a person.
    normalised = printed_code_normalise(code)
    found = (
        Certificate.objects.filter(code=normalised)
        .select_related("enrollment__workshop", "enrollment__user", "enrollment__delegate")
        .first()
    )
    return render(
        request,
        "workshops/enrollment/verify.html",
        {"certificate": found, "code": code},
        status=200 if found else 404,
    )


# --- Staff: check-in and attendance sheets ------------------------------------------------------


def _staff_workshop(pk):
    return get_object_or_404(Workshop.objects.select_related("venue__commune"), pk=pk)


def _default_day(workshop):
    """Today on one of the workshop's days; otherwise its last day come, or its first."""
    today = timezone.localdate()
    come = [day for day in workshop.days() if day <= today]
    return come[-1] if come else workshop.days()[0]


@login_required
@permission_required("workshops.add_attendance", raise_exception=True)
def checkin(request, pk):
    workshop = _staff_workshop(pk)
    result = refused = None
    if request.method == "POST":
        form = CheckinForm(request.POST, workshop=workshop)
        if form.is_valid():
            # Codes are short enough to be typed: whoever tries many, from one address or one staff
            # account, is held for a while. A right code gives its attempt back.
            attempt = attempt_start(request, action="checkin_code_failed")
            if attempt is None:
                return too_many_attempts(
                    request,
                    reason=_(
                        "Trop de codes refusés depuis ce compte ou cette connexion. Par sécurité, l'émargement "
                        "est suspendu quelques minutes : réessayez ensuite."
                    ),
                )
            try:
                result = services.attendance_check_in(
                    workshop=workshop,
                    token_or_code=form.cleaned_data["code"],
                    day=form.cleaned_data["day"],
                    by=request.user,
                )
            except services.CheckinRefused as error:
                refused = error.message
            else:
                attempt.rollback()
        day = form.cleaned_data.get("day") if form.is_valid() else _default_day(workshop)
        form = CheckinForm(initial={"day": day.isoformat()}, workshop=workshop)
    else:
        day = _default_day(workshop)
        form = CheckinForm(initial={"day": day.isoformat()}, workshop=workshop)
    return render(
        request,
        "workshops/enrollment/checkin.html",
        {
            "workshop": workshop,
            "form": form,
            "result": result,
            "refused": refused,
            "day": day,
            "present": workshop.enrollments.filter(attendances__day=day).count(),
            "expected": workshop.enrollments.filter(status=EnrollmentStatus.CONFIRMED).count(),
            "offline_strings": offline_strings(),
        },
    )


@require_safe
@login_required
@permission_required("workshops.view_attendance", raise_exception=True)
def attendance_sheet(request, pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    workshop = _staff_workshop(pk)
    try:
        day = datetime.date.fromisoformat(request.GET.get("jour", ""))
    except ValueError:
        day = _default_day(workshop)
    if day not in workshop.days():
        raise Http404
    if fmt == "xlsx":
        content, mimetype = exports.attendance_xlsx(workshop=workshop, day=day), exports.XLSX
    else:
        content, mimetype = exports.attendance_csv(workshop=workshop, day=day), "text/csv; charset=utf-8"
    return attachment_response(
        content, filename=f"emargement-{workshop.slug}-{day.isoformat()}.{fmt}", content_type=mimetype
    )
