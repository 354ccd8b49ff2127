"""The relay kits in Mon espace, their share cards and extracts, and the short links."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import Platform
from portal.ground.ratelimit import attempt_start
from workshops.library.models import Language, private_storage
from workshops.library.ranges import file_response

from . import selectors, services
from .forms import PostDeclareForm
from .models import RelayLink

# Link previews: the crawlers that fetch a shared address to show its card are not readers. Their
# names are read to leave them out of the count, and not kept.
PREVIEW_AGENTS = re.compile(
    r"facebookexternalhit|Facebot|WhatsApp/|Twitterbot|TelegramBot|LinkedInBot|Slackbot|Discordbot|"
    r"SkypeUriPreview|Googlebot|bingbot",
    re.IGNORECASE,
)


@require_safe
def follow(request, code):
    """A short link: counts the visit and sends the visitor to the communication's public page.
    Answered by ShortLinkMiddleware before sessions and authentication (nothing personal is read
    or set): one round trip to the cache and one query. An unknown code, or one whose
    communication is no longer public, gets a 404 that says so.

    Only wrong codes are limited, with allauth's rate limiter (as failed logins are): a code is
    128 random bits, so guessing one is hopeless, but each wrong code costs a query, and a client
    trying them by the thousand is held with a 429. Right codes are never counted against anybody:
    a visitor's address is not written anywhere, not even in the limiter's cache."""
    target = selectors.relay_link_target(code=code)
    if target is None:
        held = attempt_start(request, action="relay_code_failed") is None
        with translation.override("fr"):
            return render(request, "relay/link_not_found.html", {"held": held}, status=429 if held else 404)
    link_id, slug, language = target
    if request.method == "GET" and not PREVIEW_AGENTS.search(request.headers.get("User-Agent", "")):
        services.relay_link_followed(link_id=link_id)
    with translation.override("en" if language == Language.ENGLISH else "fr"):
        destination = reverse("library:detail", kwargs={"slug": slug})
    response = HttpResponseRedirect(destination)
    # Every visit must reach us to be counted: no browser or proxy may keep the redirect.
    response["Cache-Control"] = "no-store"
    return response


def _media_actor_or_404(request):
    if not selectors.is_media_actor(request.user):
        raise Http404


@require_safe
@login_required
def kit_list(request):
    """The actor's kits: one per public communication of the workshops they took part in."""
    _media_actor_or_404(request)
    communications = list(selectors.relay_communications_for_actor(user=request.user))
    links = services.relay_links_ensure(actor=request.user, communications=communications)
    figures = {
        link.communication_id: link
        for link in selectors.relay_links_with_figures(
            links=RelayLink.objects.filter(pk__in=[link.pk for link in links.values()])
        )
    }
    kits = [
        {
            "communication": c,
            "link": figures[c.pk],
            "url": request.build_absolute_uri(figures[c.pk].get_absolute_url()),
        }
        for c in communications
    ]
    return render(request, "relay/kit_list.html", {"kits": kits})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def kit_detail(request, slug):
    """One kit: the card, the ready texts with the actor's link, the extract, the visits counted,
    and "j'ai publié"."""
    _media_actor_or_404(request)
    communication = selectors.relay_communication_get_for_actor(user=request.user, slug=slug)
    link = services.relay_links_ensure(actor=request.user, communications=[communication])[communication.pk]
    platforms = list(Platform.objects.filter(profile__user=request.user).order_by("kind", "handle"))
    form = PostDeclareForm(request.POST or None, platforms=platforms)
    if request.method == "POST" and form.is_valid():
        try:
            services.relay_post_declare(
                link=link, url=form.cleaned_data["url"], platform=form.cleaned_data["platform"]
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Merci ! Votre publication est enregistrée."))
            return redirect("relay:kit", slug=communication.slug)
    link_url = request.build_absolute_uri(link.get_absolute_url())
    texts, kit = services.relay_kit_contents(communication=communication, link_url=link_url)
    figures = selectors.relay_links_with_figures(links=RelayLink.objects.filter(pk=link.pk)).get()
    return render(
        request,
        "relay/kit_detail.html",
        {
            "communication": communication,
            "kit": kit,
            "link": figures,
            "link_url": link_url,
            "texts": texts,
            "daily_clicks": selectors.relay_link_daily_clicks(link=link),
            "posts": link.posts.order_by("created_at"),
            "form": form,
            "platforms": platforms,
        },
    )


@require_safe
@login_required
def kit_archive(request, slug):
    """The kit as one zip: the card, the texts with the actor's link, the extract."""
    _media_actor_or_404(request)
    communication = selectors.relay_communication_get_for_actor(user=request.user, slug=slug)
    link = services.relay_links_ensure(actor=request.user, communications=[communication])[communication.pk]
    archive = services.relay_kit_archive(
        communication=communication, link_url=request.build_absolute_uri(link.get_absolute_url())
    )
    response = FileResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"kit-relais-{communication.slug}.zip")
    response["Cache-Control"] = "private, no-store"  # it holds the actor's own link
    return response


@require_safe
def card(request, slug):
    """The share card, for anybody: social networks fetch it to show the shared link."""
    communication = selectors.relay_communication_get_public(slug=slug)
    name, digest, content_type = services.relay_card_get(communication=communication)
    response, _from_start = file_response(
        request,
        path=private_storage().path(name),
        relative_name=name,
        content_type=content_type,
        filename=f"{communication.slug}.{name.rsplit('.', 1)[-1]}",
        inline=True,
        private=False,
        etag=digest,
    )
    return response


@require_safe
def audio_extract(request, slug):
    """The kit's audio extract, for anybody (it belongs to a public talk); 404 when there is none."""
    communication = selectors.relay_communication_get_public(slug=slug)
    kit = selectors.relay_kit_of(communication)
    if kit is None or not kit.audio or not private_storage().exists(kit.audio.name):
        raise Http404
    response, _from_start = file_response(
        request,
        path=private_storage().path(kit.audio.name),
        relative_name=kit.audio.name,
        content_type=kit.audio_mime_type,
        filename=kit.audio_name,
        inline=True,
        private=False,
        etag=kit.audio_sha256,
    )
    return response
