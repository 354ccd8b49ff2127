"""Who may act for a party. The one place that answers it, for views of every app.

A party's data is reached only through the official's own party (`request.official.party`), never
through an id taken from the address alone: a URL naming another party's delegate or enrollment
then simply finds nothing (404), which is how officials of one party never see another's.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .models import OfficialRole, PartyOfficial


def official_of(user):
    """The PartyOfficial record of this user (with its party), or None."""
    if not user.is_authenticated:
        return None
    return PartyOfficial.objects.select_related("party").filter(user=user).first()


def party_official_required(view=None, *, manager=False, verified=False):
    """Lets through party officials only (responsables only when `manager`), and hands the view
    `request.official`. Everybody else gets a 404: a private page of a party does not exist for
    them. Anonymous visitors are sent to the login page first. With `verified`, officials of a
    party the ministry has not verified (pending or rejected) get a 403 that says why: they may
    prepare their roster but not enroll anybody."""

    def decorate(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            official = official_of(request.user)
            if official is None or (manager and official.role != OfficialRole.RESPONSABLE):
                raise Http404
            if verified and not official.party.is_verified:
                raise PermissionDenied(
                    _(
                        "Votre parti n'est pas encore vérifié par le ministère : il ne peut inscrire personne pour le moment."
                    )
                )
            request.official = official
            return view_func(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
