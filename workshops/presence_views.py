"""The personal link of the e-mail asking, a few days before a workshop, « viendrez-vous ? ».
GET only shows the question (mail scanners follow links); the POST buttons answer it."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from . import services
from .forms import PresenceAnswerForm
from .messaging.presence import presence_token_enrollment
from .services import EnrollmentRefused


@require_http_methods(["GET", "POST"])
def presence(request, token):
    enrollment = presence_token_enrollment(token)
    if enrollment is None:
        return render(request, "workshops/presence.html", {"invalid": True}, status=400)
    context = {"enrollment": enrollment, "workshop": enrollment.workshop}
    if request.method == "GET":
        return render(request, "workshops/presence.html", context)
    form = PresenceAnswerForm(request.POST)
    if not form.is_valid():
        return render(request, "workshops/presence.html", {**context, "form_error": True}, status=400)
    try:
        if form.cleaned_data["choice"] == "confirm":
            services.presence_confirm(enrollment=enrollment, how="lien du courriel")
            done = "confirmed"
        else:
            services.presence_release(enrollment=enrollment, how="lien du courriel")
            done = "released"
    except EnrollmentRefused as refusal:
        return render(request, "workshops/presence.html", {**context, "refusal": refusal.message}, status=400)
    return render(request, "workshops/presence.html", {**context, "done": done})
