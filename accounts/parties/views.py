"""A party's private pages. Every object is looked up inside `request.official.party`, so an id
of another party's delegate, official or invitation finds nothing: 404."""

import base64

from allauth.account.views import SignupView
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from portal.ground.http import attachment_response

from . import selectors, services
from .access import party_official_required
from .delegate_csv import read_delegates, template_csv
from .forms import (
    DelegateForm,
    DelegateImportConfirmForm,
    DelegateImportForm,
    InvitationAcceptForm,
    InvitationForm,
    OfficialRoleForm,
    PartySignupForm,
    party_duplicates,
)

# A roster page stays light on a mobile connection; parties may hold hundreds of delegates.
ROSTER_PAGE_SIZE = 50


class PartySignupView(SignupView):
    template_name = "parties/signup.html"

    def get_form_class(self):
        return PartySignupForm

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except IntegrityError:
            # Another party took the same name, acronym or number between the check and the write;
            # the account was rolled back with it (PersonSignupForm.save is atomic).
            duplicates = party_duplicates(
                name=form.cleaned_data["party_name"],
                acronym=form.cleaned_data["acronym"],
                registration_number=form.cleaned_data["registration_number"],
            )
            for field, message in duplicates.items():
                form.add_error(field, message)
            if not duplicates:
                form.add_error(None, _("L'inscription n'a pas pu être enregistrée ; réessayez."))
            return self.form_invalid(form)


party_signup = PartySignupView.as_view()


def _errors_to_form(form, error):
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


# --- Delegates ---------------------------------------------------------------------------------


@party_official_required
def delegate_list(request):
    party = request.official.party
    archived = request.GET.get("archives") == "1"
    page = Paginator(selectors.delegate_list(party=party, archived=archived), ROSTER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "parties/delegate_list.html",
        {
            "party": party,
            "official": request.official,
            "archived": archived,
            "delegates": page.object_list,
            "page": page,
            "query": "archives=1" if archived else "",
            "counts": selectors.delegate_counts(party=party),
        },
    )


@party_official_required(manager=True)
def delegate_create(request):
    party = request.official.party
    form = DelegateForm(request.POST or None, party=party)
    if request.method == "POST" and form.is_valid():
        try:
            delegate = services.delegate_create(party=party, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, _("%(name)s a été ajouté à la liste des délégués.") % {"name": delegate.full_name}
            )
            return redirect("parties:delegate_list")
    return render(request, "parties/delegate_form.html", {"form": form, "party": party})


def _own_delegate(request, pk):
    return get_object_or_404(request.official.party.delegates, pk=pk)


@party_official_required(manager=True)
def delegate_update(request, pk):
    delegate = _own_delegate(request, pk)
    form = DelegateForm(request.POST or None, instance=delegate, party=request.official.party)
    if request.method == "POST" and form.is_valid():
        try:
            services.delegate_update(
                delegate=delegate, **{name: form.cleaned_data[name] for name in form.changed_data}
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, _("Les informations de %(name)s sont enregistrées.") % {"name": delegate.full_name}
            )
            return redirect("parties:delegate_list")
    return render(
        request,
        "parties/delegate_form.html",
        {"form": form, "party": request.official.party, "delegate": delegate},
    )


@require_POST
@party_official_required(manager=True)
def delegate_archive(request, pk):
    delegate = _own_delegate(request, pk)
    services.delegate_archive(delegate=delegate)
    messages.success(
        request,
        _("%(name)s est archivé ; ses inscriptions et présences restent enregistrées.")
        % {"name": delegate.full_name},
    )
    return redirect("parties:delegate_list")


@require_POST
@party_official_required(manager=True)
def delegate_restore(request, pk):
    delegate = _own_delegate(request, pk)
    services.delegate_restore(delegate=delegate)
    messages.success(
        request, _("%(name)s est de nouveau dans la liste des délégués.") % {"name": delegate.full_name}
    )
    return redirect(reverse("parties:delegate_list") + "?archives=1")


@party_official_required(manager=True)
def delegate_delete(request, pk):
    delegate = _own_delegate(request, pk)
    if request.method == "POST":
        try:
            services.delegate_delete(delegate=delegate)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("%(name)s a été supprimé.") % {"name": delegate.full_name})
        return redirect("parties:delegate_list")
    return render(
        request,
        "parties/delegate_delete.html",
        {"delegate": delegate, "enrolled": delegate.enrollments.exists()},
    )


# --- CSV import: a report first, then the confirmed import -------------------------------------


@party_official_required(manager=True)
def delegate_import(request):
    party = request.official.party
    form = DelegateImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "party": party}
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"]
        report = read_delegates(content, party=party)
        context.update(
            report=report,
            confirm=DelegateImportConfirmForm(
                initial={
                    "content": base64.b64encode(content).decode(),
                    "expected": len(report.rows),
                }
            ),
        )
    return render(request, "parties/delegate_import.html", context)


@require_POST
@party_official_required(manager=True)
def delegate_import_confirm(request):
    party = request.official.party
    form = DelegateImportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Le fichier envoyé est illisible ; choisissez-le à nouveau."))
        return redirect("parties:delegate_import")
    report, created = services.delegate_import(
        party=party, content=form.cleaned_data["content"], expected=form.cleaned_data["expected"]
    )
    if not created:
        messages.warning(
            request,
            _(
                "La liste des délégués a changé depuis la vérification du fichier : rien n'a été "
                "importé. Voici le nouveau rapport."
            ),
        )
        return render(
            request,
            "parties/delegate_import.html",
            {
                "form": DelegateImportForm(),
                "party": party,
                "report": report,
                "confirm": DelegateImportConfirmForm(
                    initial={"content": request.POST["content"], "expected": len(report.rows)}
                ),
            },
        )
    messages.success(request, _("%(count)d délégués importés.") % {"count": len(created)})
    return redirect("parties:delegate_list")


@party_official_required
def delegate_template(request):
    return attachment_response(
        template_csv(), filename="delegues-modele.csv", content_type="text/csv; charset=utf-8"
    )


# --- Officials and invitations -----------------------------------------------------------------


@party_official_required
def official_list(request):
    party = request.official.party
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not request.official.can_manage:
            raise Http404
        if form.is_valid():
            try:
                services.invitation_create(party=party, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("Invitation envoyée à %(email)s ; le lien est valable sept jours.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("parties:official_list")
    return render(
        request,
        "parties/official_list.html",
        {
            "party": party,
            "official": request.official,
            "form": form,
            "officials": party.officials.select_related("user").order_by("role", "user__last_name"),
            "invitations": party.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True),
            "role_choices": OfficialRoleForm.base_fields["role"].choices,
        },
    )


def _own_official(request, pk):
    return get_object_or_404(request.official.party.officials.select_related("user"), pk=pk)


@require_POST
@party_official_required(manager=True)
def official_set_role(request, pk):
    official = _own_official(request, pk)
    form = OfficialRoleForm(request.POST)
    if form.is_valid():
        try:
            services.official_set_role(official=official, role=form.cleaned_data["role"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Rôle de %(name)s mis à jour.") % {"name": official.user})
    return redirect("parties:official_list")


@require_POST
@party_official_required(manager=True)
def official_remove(request, pk):
    official = _own_official(request, pk)
    try:
        services.official_remove(official=official)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(name)s n'agit plus pour le parti.") % {"name": official.user})
    return redirect("parties:official_list")


@require_POST
@party_official_required(manager=True)
def invitation_revoke(request, pk):
    invitation = get_object_or_404(request.official.party.invitations, pk=pk)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("L'invitation de %(email)s est annulée.") % {"email": invitation.email})
    return redirect("parties:official_list")


def invitation_accept(request, token):
    """The link of an invitation e-mail: a new account is created here, or the signed-in account
    (with the invited address) joins the party."""
    invitation = services.invitation_from_token(token)
    problem = services.invitation_problem(invitation)
    context = {"invitation": invitation, "problem": problem, "gone": bool(problem)}
    if problem:
        return render(
            request, "parties/invitation_accept.html", context, status=404 if invitation is None else 410
        )
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=request.user)
            except ValidationError as error:
                context["problem"] = error.messages[0]
            else:
                messages.success(
                    request, _("Vous agissez désormais pour %(party)s.") % {"party": invitation.party.name}
                )
                return redirect("accounts:dashboard")
    elif not has_account:
        form = InvitationAcceptForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and form.is_valid():
            try:
                official = services.invitation_accept_new_account(
                    invitation=invitation,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    phone=form.cleaned_data["phone"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                login(request, official.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Bienvenue ! Vous agissez désormais pour %(party)s.")
                    % {"party": invitation.party.name},
                )
                return redirect("accounts:dashboard")
    context.update(form=form, has_account=has_account)
    return render(request, "parties/invitation_accept.html", context)
