"""Who answers for an organisation's recommendations: the one place that says it."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from .selectors import member_of


def addressee_member_required(view):
    """Lets through members of an addressee organisation and hands the view `request.member`.
    Anonymous visitors sign in first; everybody else gets a 404: the page does not exist for them."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        member = member_of(request.user)
        if member is None:
            raise Http404
        request.member = member
        return view(request, *args, **kwargs)

    return wrapper
