"""Reusable reads of the communications library, with the visibility rules built in.

French search: on PostgreSQL, a stored generated tsvector column (migration 0002) built with the
`french_unaccent` text search configuration (French stemming after unaccent), under a GIN index,
matched by a websearch query in the same configuration: "securite" finds "sécurité", "media"
finds "médias". SQLite, on a developer's machine only, falls back to a case-insensitive contains.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from portal.ground.pagecache import with_public_pages
from workshops.models import Speaker, Theme, Workshop

from .access import Reader
from .models import Communication, CommunicationFile, Visibility

SEARCH_CONFIG = "french_unaccent"


def communication_search(*, queryset, text):
    """`queryset` narrowed to the communications matching `text`, best matches first."""
    text = (text or "").strip()[:200]
    if not text:
        return queryset
    if not settings.DATABASE_IS_POSTGRES:
        return queryset.filter(Q(title__icontains=text) | Q(summary__icontains=text) | Q(keywords__icontains=text))
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    vector = RawSQL('"library_communication"."search_vector"', [], output_field=SearchVectorField())
    return (
        queryset.annotate(search_vector=vector)
        .filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-date", "pk")
    )


def communication_list_public(*, user=None):
    """The communications the library lists (staff-only ones for staff alone), ready for a list."""
    communications = Communication.objects.all() if user is not None and user.is_staff else Communication.objects.listed()
    return communications.for_listing().order_by("-date", "title")


def communication_get_public(*, slug, user):
    """A communication the visitor may know of; 404 for a draft workshop's or staff-only one
    (except for staff)."""
    communications = Communication.objects.select_related("workshop__theme", "workshop__venue__commune", "session")
    communications = communications.prefetch_related("speakers", "files")
    if not user.is_staff:
        communications = communications.listed()
    return get_object_or_404(communications, slug=slug)


def communication_file_get(*, public_id):
    """A file by its public id, with its communication and workshop; 404 when unknown."""
    return get_object_or_404(
        CommunicationFile.objects.select_related("communication__workshop"), public_id=public_id
    )


def workshop_files_readable(*, workshop, visibilities):
    """The files of a workshop's communications at the given visibility levels."""
    return list(
        CommunicationFile.objects.filter(communication__workshop=workshop, communication__visibility__in=visibilities)
        .select_related("communication").order_by("pk")
    )


def communication_list_for_participant(*, user):
    """The communications of the workshops this person took part in (access.Reader's rule) that
    they may read, soonest workshop last, with their files: "Communications à télécharger" in
    Mon espace. Three queries whatever the number: the person's workshops, the communications
    (with their workshop), their files."""
    reader = Reader(user)
    if not reader.participant_workshop_ids:
        return []
    communications = (
        Communication.objects.listed().filter(workshop_id__in=reader.participant_workshop_ids)
        .select_related("workshop").prefetch_related("files").order_by("-workshop__starts_at", "date", "title")
    )
    return [communication for communication in communications if reader.may_read(communication)]


def workshop_get_for_library(*, slug, user):
    workshops = Workshop.objects.all() if user.is_staff else Workshop.objects.published()
    return get_object_or_404(workshops, slug=slug)


def workshop_communications(*, workshop, user):
    """The communications a workshop page lists (staff-only ones for staff alone)."""
    communications = workshop.communications.prefetch_related("speakers", "files").order_by("date", "title")
    if not user.is_staff:
        communications = communications.exclude(visibility=Visibility.STAFF)
    return list(communications)


def speaker_get_with_communications(*, slug, user):
    """A speaker and the communications of theirs that the library lists."""
    speaker = get_object_or_404(Speaker, slug=slug)
    return speaker, list(communication_list_public(user=user).filter(speakers=speaker))


def filter_choices():
    """The workshops, speakers, themes and years that have listed communications, for the
    library's filters. Kept with the cached public pages and recomputed when anything changes."""

    def compute():
        listed = Communication.objects.listed()
        return {
            "workshops": list(
                Workshop.objects.filter(communications__in=listed).distinct().order_by("-starts_at").values_list("slug", "title")
            ),
            "speakers": list(
                Speaker.objects.filter(communications__in=listed).distinct().order_by("name").values_list("slug", "name")
            ),
            "themes": list(
                Theme.objects.filter(workshops__communications__in=listed).distinct().order_by("name").values_list("slug", "name")
            ),
            "years": [day.year for day in listed.dates("date", "year", order="DESC")],
        }

    return with_public_pages("library:filters", compute)
