import logging

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.ground.pagecache import cache_public_page, public_page_not_stored, public_page_number

from . import selectors, services
from .access import Reader
from .filters import CommunicationFilter
from .models import Visibility, private_storage
from .ranges import file_response

logger = logging.getLogger(__name__)


@require_safe
@cache_public_page(query=["q", "atelier", "intervenant", "theme", "type", "annee", "page"], at_the_door=True)
def index(request):
    communication_filter = CommunicationFilter(
        request.GET, queryset=selectors.communication_list_public(user=request.user)
    )
    searching = bool(communication_filter.form.is_valid() and communication_filter.form.cleaned_data.get("q"))
    # A search is one visitor's own words: answered, never stored (see public_page_not_stored).
    if communication_filter.form.errors or searching:
        public_page_not_stored(request)
    paginator = selectors.communication_paginator(queryset=communication_filter.qs, searching=searching)
    page = public_page_number(request, paginator)
    reader = Reader(request.user)
    page.object_list = list(page.object_list)
    for communication in page.object_list:
        communication.may_read = reader.may_read(communication)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "library/index.html",
        {"filter": communication_filter, "page": page, "query": query.urlencode()},
    )


@require_safe
@cache_public_page(at_the_door=True)
def detail(request, slug):
    communication = selectors.communication_get_public(slug=slug, user=request.user)
    reader = Reader(request.user)
    return render(
        request,
        "library/detail.html",
        {
            "communication": communication,
            "may_read": reader.may_read(communication),
        },
    )


@require_safe
@cache_public_page(at_the_door=True)
def speaker(request, slug):
    speaker, communications = selectors.speaker_get_with_communications(slug=slug, user=request.user)
    reader = Reader(request.user)
    for communication in communications:
        communication.may_read = reader.may_read(communication)
    return render(request, "library/speaker.html", {"speaker": speaker, "communications": communications})


def _refuse(request, workshop):
    """Anonymous visitors sign in and come back; a signed-in person who may not read gets a 403
    that says why."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "library/forbidden.html", {"workshop": workshop}, status=403)


@require_safe
def file_download(request, public_id):
    communication_file = selectors.communication_file_get(public_id=public_id)
    communication = communication_file.communication
    reader = Reader(request.user)
    if not reader.may_know_of(communication):
        raise Http404
    if not reader.may_read(communication):
        return _refuse(request, communication.workshop)
    if not communication_file.file.storage.exists(communication_file.file.name):
        # The row outlived its file (a restore without the private media): say so in the logs.
        logger.error(
            "communication file %s is missing from the private storage", communication_file.file.name
        )
        raise Http404
    response, from_start = file_response(
        request,
        path=communication_file.file.path,
        relative_name=communication_file.file.name,
        content_type=communication_file.mime_type,
        filename=communication_file.original_name,
        inline=communication_file.plays_inline,
        private=communication.visibility != Visibility.PUBLIC,
        etag=communication_file.sha256,
    )
    if from_start and request.method == "GET":
        services.communication_file_downloaded(communication_file=communication_file)
    return response


@require_safe
def workshop_zip(request, slug):
    workshop = selectors.workshop_get_for_library(slug=slug, user=request.user)
    reader = Reader(request.user)
    visibilities = reader.visibilities_in(workshop.pk)
    files = selectors.workshop_files_readable(workshop=workshop, visibilities=visibilities)
    if not files:
        if selectors.workshop_files_readable(workshop=workshop, visibilities=[Visibility.PARTICIPANTS]):
            return _refuse(request, workshop)
        raise Http404
    relative = services.workshop_zip_build(workshop=workshop, level=reader.level_in(workshop.pk), files=files)
    if relative is None:
        raise Http404
    response, from_start = file_response(
        request,
        path=private_storage().path(relative),
        relative_name=relative,
        content_type="application/zip",
        filename=_("communications-%(slug)s.zip") % {"slug": workshop.slug},
        private=any(f.communication.visibility != Visibility.PUBLIC for f in files),
        etag=services.zip_digest_of(relative),
    )
    if from_start and request.method == "GET":
        services.communications_downloaded_together(communication_ids={f.communication_id for f in files})
    return response
