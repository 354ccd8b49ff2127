"""The person's own pages that only accounts know: the profile and the privacy notice. Mon espace,
the data export and the account deletion read every app and live at the top (portal/myspace.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.ground.pagecache import cache_public_page

from . import selectors, services
from .forms import PLATFORMS_PREFIX, MediaRolesForm, ProfileForm, ProfilePlatformFormSet
from .models import User


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
        initial = (
            [
                {"kind": p.kind, "handle": p.handle, "audience_size": p.audience_size}
                for p in media_profile.platforms.all()
            ]
            if media_profile
            else []
        )
        platforms = ProfilePlatformFormSet(data, initial=initial, prefix=PLATFORMS_PREFIX)
    if request.method == "POST":
        valid = [f.is_valid() for f in (form, roles, platforms) if f is not None]
        if all(valid):
            services.user_profile_update(
                user=request.user, **{name: form.cleaned_data[name] for name in form.fields}
            )
            if is_media:
                services.media_actor_profile_update(
                    user=request.user, platforms=platforms.platforms(), **roles.cleaned_data
                )
            messages.success(request, _("Votre profil est enregistré."))
            return redirect("accounts:dashboard")
    return render(request, "accounts/profile.html", {"form": form, "roles": roles, "platforms": platforms})


@require_safe
@cache_public_page(at_the_door=True)
def privacy(request):
    return render(
        request, "accounts/privacy.html", {"privacy_contact": getattr(settings, "PRIVACY_CONTACT_EMAIL", "")}
    )
