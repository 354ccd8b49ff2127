import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.pagecache import cache_public_page

from . import selectors, services
from .forms import PLATFORMS_PREFIX, AccountDeleteForm, MediaRolesForm, ProfileForm, ProfilePlatformFormSet
from .models import User


@login_required
def dashboard(request):
    """Mon espace: what this person can do next, by kind of account. A party's officials see its
    status, roster, officials and quota ledger; a social-media actor their enrollments and the
    communications they may download. A bounded number of queries for each kind of account."""
    from accounts.parties.access import official_of
    from accounts.parties.selectors import delegate_counts
    from workshops.library.selectors import communication_list_for_participant
    from workshops.selectors import allocation_ledger, enrollment_list_for_media_actor

    context = {"official": official_of(request.user), "media_profile": selectors.media_profile_of(request.user)}
    if context["official"]:
        party = context["official"].party
        context.update(party=party, ledger=allocation_ledger(party=party), delegate_counts=delegate_counts(party=party),
                       pending_invitations=party.invitations.open().count())
    if context["media_profile"] or not context["official"]:
        context["my_enrollments"] = enrollment_list_for_media_actor(user=request.user)
        context["communications"] = communication_list_for_participant(user=request.user)
    return render(request, "accounts/dashboard.html", context)


@login_required
def profile(request):
    """The person's details; a social-media actor also edits roles and platforms here."""
    user = request.user
    media_profile = selectors.media_profile_of(user)
    is_media = media_profile is not None or not (hasattr(user, "party_official") or user.is_staff)
    data = request.POST or None
    # A copy of the row: an invalid form must not leave wrong values on request.user.
    form = ProfileForm(data, instance=User.objects.get(pk=user.pk))
    roles = platforms = None
    if is_media:
        roles = MediaRolesForm(data, instance=media_profile)
        initial = [{"kind": p.kind, "handle": p.handle, "audience_size": p.audience_size}
                   for p in media_profile.platforms.all()] if media_profile else []
        platforms = ProfilePlatformFormSet(data, initial=initial, prefix=PLATFORMS_PREFIX)
    if request.method == "POST":
        valid = [f.is_valid() for f in (form, roles, platforms) if f is not None]
        if all(valid):
            services.user_profile_update(user=request.user, **{name: form.cleaned_data[name] for name in form.fields})
            if is_media:
                services.media_actor_profile_update(user=request.user, platforms=platforms.platforms(), **roles.cleaned_data)
            messages.success(request, _("Votre profil est enregistré."))
            return redirect("accounts:dashboard")
    return render(request, "accounts/profile.html", {"form": form, "roles": roles, "platforms": platforms})


@require_safe
@login_required
def data_export(request):
    data = selectors.user_data_export(user=request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    filename = f"mes-donnees-coproduction-securite-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_account_delete(user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            logout(request)
            messages.success(request, _("Votre compte est supprimé. Merci d'avoir participé."))
            return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


@require_safe
@cache_public_page
def privacy(request):
    return render(request, "accounts/privacy.html", {"privacy_contact": getattr(settings, "PRIVACY_CONTACT_EMAIL", "")})
