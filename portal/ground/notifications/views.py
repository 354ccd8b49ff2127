from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from . import services


@require_http_methods(["GET", "POST"])
def reminders_stop(request, token):
    """GET asks for confirmation (mail scanners follow links); POST stops the reminders."""
    if request.method == "POST":
        stopped = services.reminders_stop(token=token)
        return render(
            request,
            "notifications/reminders_stop.html",
            {"done": stopped is not None, "invalid": stopped is None},
            status=200 if stopped else 400,
        )
    valid = services.reminders_stop_token_valid(token=token)
    return render(
        request,
        "notifications/reminders_stop.html",
        {"done": False, "invalid": not valid},
        status=200 if valid else 400,
    )
