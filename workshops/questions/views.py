"""A party's responsable answers the workshop's questions for one of their delegates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.parties.access import party_official_required
from workshops.models import Enrollment, EnrollmentStatus

from .forms import AnswersForm
from .services import registration_answers_of, registration_answers_save, registration_questions_of


@party_official_required
def delegate_answers(request, slug, pk):
    """The answers of one delegate of the official's party (404 for another party's); a membre
    reads them, a responsable writes them."""
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("workshop", "delegate"),
        pk=pk,
        workshop__slug=slug,
        party=request.official.party,
        status__in=[EnrollmentStatus.CONFIRMED, EnrollmentStatus.WAITING],
    )
    questions = registration_questions_of(workshop=enrollment.workshop)
    can_manage = request.official.can_manage
    data = request.POST if request.method == "POST" and can_manage else None
    form = AnswersForm(data, questions=questions, answers=registration_answers_of(enrollment=enrollment))
    if request.method == "POST" and not can_manage:
        return render(
            request,
            "403.html",
            {"reason": _("Seul un responsable du parti peut répondre pour ses délégués.")},
            status=403,
        )
    if form.is_bound and form.is_valid():
        try:
            registration_answers_save(enrollment=enrollment, answers=form.answers())
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(
                request, _("Les réponses de %(name)s sont enregistrées.") % {"name": enrollment.person_name}
            )
            return redirect("workshops:party_enroll", slug=slug)
    if not can_manage:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "workshops/enrollment/delegate_answers.html",
        {"enrollment": enrollment, "workshop": enrollment.workshop, "form": form, "can_manage": can_manage},
    )
