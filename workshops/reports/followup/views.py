"""An addressee organisation's private pages: its recommendations, its notes and their files.
Everything is looked up inside `request.member.organisation`: another organisation's
recommendation, note or file is a 404."""

import logging

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.models import User
from accounts.parties.forms import InvitationAcceptForm
from workshops.library.ranges import file_response

from . import selectors, services
from .access import addressee_member_required
from .forms import ProgressNoteForm

logger = logging.getLogger(__name__)


@require_safe
@addressee_member_required
def index(request):
    return render(
        request,
        "reports/followup/index.html",
        {
            "organisation": request.member.organisation,
            "recommendations": selectors.member_recommendations(member=request.member),
        },
    )


def _errors_to_form(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@addressee_member_required
def recommendation(request, pk):
    found = selectors.member_recommendation_get(member=request.member, pk=pk)
    form = ProgressNoteForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_note_submit(
                recommendation=found,
                member=request.member,
                text=form.cleaned_data["text"],
                proposed_status=form.cleaned_data["proposed_status"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Note envoyée : le ministère la relit avant de la publier."))
            return redirect("followup:recommendation", pk=found.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "reports/followup/recommendation.html",
        {
            "organisation": request.member.organisation,
            "recommendation": found,
            "form": form,
            "notes": found.progress_notes.all(),
        },
        status=status,
    )


@require_safe
def evidence(request, public_id):
    """An evidence file, for staff and the note's organisation only (404 for everybody else)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = selectors.evidence_get_for(user=request.user, public_id=public_id)
    if not found.file.storage.exists(found.file.name):
        # The row outlived its file (a restore without the private media): say so in the logs.
        logger.error("evidence file %s is missing from the private storage", found.file.name)
        raise Http404
    response, _from_start = file_response(
        request,
        path=found.file.path,
        relative_name=found.file.name,
        content_type=found.mime_type,
        filename=found.original_name,
        inline=False,
        private=True,
        etag=found.sha256,
    )
    return response


def invitation_accept(request, token):
    """The link of an invitation e-mail: a new account is created here, or the signed-in account
    (with the invited address) joins the organisation."""
    invitation = services.addressee_invitation_from_token(token)
    problem = services.addressee_invitation_problem(invitation)
    context = {"invitation": invitation, "problem": problem, "gone": bool(problem)}
    if problem:
        return render(
            request,
            "reports/followup/invitation_accept.html",
            context,
            status=404 if invitation is None else 410,
        )
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    form = None
    welcome = _("Vous répondez désormais pour %(organisation)s.") % {
        "organisation": invitation.organisation.name
    }
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.addressee_invitation_accept(invitation=invitation, user=request.user)
            except ValidationError as error:
                context["problem"] = error.messages[0]
            else:
                messages.success(request, welcome)
                return redirect("followup:index")
    elif not has_account:
        form = InvitationAcceptForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and form.is_valid():
            try:
                member = services.addressee_invitation_accept_new_account(
                    invitation=invitation,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    phone=form.cleaned_data["phone"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, welcome)
                return redirect("followup:index")
    context.update(form=form, has_account=has_account)
    return render(request, "reports/followup/invitation_accept.html", context)
