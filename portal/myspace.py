"""Mon espace and what a person does with all the portal holds on them: it reads several apps
(the party's roster and quotas, enrollments, communications), so it lives at the top."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.forms import AccountDeleteForm
from accounts.parties.access import official_of
from accounts.parties.selectors import delegate_counts
from accounts.selectors import media_profile_of
from portal.ground.http import attachment_response
from workshops.library.selectors import communication_list_for_participant
from workshops.reports.followup.selectors import member_of
from workshops.selectors import allocation_ledger, enrollment_list_for_media_actor

from . import privacy


@login_required
def dashboard(request):
    """Mon espace: what this person can do next, by kind of account. A party's officials see its
    status, roster, officials and quota ledger; a social-media actor their enrollments and the
    communications they may download; a member of an addressee organisation the way to its
    recommendations. A bounded number of queries for each kind of account."""
    context = {
        "official": official_of(request.user),
        "media_profile": media_profile_of(request.user),
        "addressee": member_of(request.user),
    }
    if context["official"]:
        party = context["official"].party
        context.update(
            party=party,
            ledger=allocation_ledger(party=party),
            delegate_counts=delegate_counts(party=party),
            pending_invitations=party.invitations.open().count(),
        )
    if context["media_profile"] or not context["official"]:
        context["my_enrollments"] = enrollment_list_for_media_actor(user=request.user)
        context["communications"] = communication_list_for_participant(user=request.user)
    return render(request, "accounts/dashboard.html", context)


@require_safe
@login_required
def data_export(request):
    data = privacy.user_data_export(user=request.user)
    return attachment_response(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
        filename=f"mes-donnees-coproduction-securite-{timezone.localdate():%Y-%m-%d}.json",
    )


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.user_account_delete(user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            logout(request)
            messages.success(request, _("Votre compte est supprimé. Merci d'avoir participé."))
            return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
