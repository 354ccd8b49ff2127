"""Reusable reads of the communications library, with the visibility rules built in.

French search: on PostgreSQL, a stored generated tsvector column (migration 0002) built with the
`french_unaccent` text search configuration (French stemming after unaccent), under a GIN index,
matched by a websearch query in the same configuration: "securite" finds "sécurité", "media"
finds "médias". SQLite (`make run`) looks for every word in the text with its accents and case
folded by a function registered on the connection (portal/ground/textsearch.py): "securite"
finds "sécurité" there too, without the stemming.

What a search page costs (bench/bench_search.py, 100,000 communications): ranking reads every
matching row, so the matches are ranked on their ids alone (a narrow sort that fits in memory),
the same query gives the count, stopped at SEARCH_COUNT_LIMIT + 1 as nobody pages through more
("plus de 1 000 résultats"), and only the page's 20 rows are read whole.
"""

from functools import cached_property

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from portal.ground.pagecache import with_public_pages
from portal.ground.textsearch import Folded, text_fold
from workshops.models import Speaker, Theme, Workshop

from .access import Reader
from .models import Communication, CommunicationFile, Visibility

SEARCH_CONFIG = "french_unaccent"
# A search counts its matches up to this number; beyond, the page says "plus de 1 000 résultats"
# and pages through the best 1,000.
SEARCH_COUNT_LIMIT = 1000


def communication_search(*, queryset, text):
    """`queryset` narrowed to the communications matching `text`, best matches first."""
    text = (text or "").strip()[:200]
    if not text:
        return queryset
    if not settings.DATABASE_IS_POSTGRES:
        return _communication_search_sqlite(queryset=queryset, text=text)
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    vector = RawSQL('"library_communication"."search_vector"', [], output_field=SearchVectorField())
    # alias(), not annotate(): neither the vector nor the rank is read back, so neither widens the
    # rows PostgreSQL sorts.
    return (
        queryset.alias(search_vector=vector)
        .filter(search_vector=query)
        .alias(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-date", "pk")
    )


def _communication_search_sqlite(*, queryset, text):
    """Every word of `text` in the title, the keywords or the summary, whatever their accents and
    case ("securite" finds "sécurité"); websearch's quotes and minus signs are read as words."""
    words = [word for word in text_fold(text).replace('"', " ").split() if word.strip("-")]
    queryset = queryset.alias(
        folded_title=Folded("title"), folded_keywords=Folded("keywords"), folded_summary=Folded("summary")
    )
    for word in words:
        word = word.strip("-")
        queryset = queryset.filter(
            Q(folded_title__contains=word)
            | Q(folded_keywords__contains=word)
            | Q(folded_summary__contains=word)
        )
    return queryset


class SearchPaginator(Paginator):
    """The pages of a search. One query ranks the matches and returns the ids of the best
    `limit` + 1 (ranking reads every match anyway, and a sort of ids fits in memory): their
    number is the count, capped at `limit` (`count_capped` tells the page to say "plus de …"),
    and the pages, which go no further, take their ids from it. A second query reads the page's
    rows with their relations."""

    def __init__(self, object_list, per_page, *, limit):
        super().__init__(object_list, per_page)
        self.limit = limit

    @cached_property
    def _ranked_ids(self):
        return list(self.object_list.values_list("pk", flat=True)[: self.limit + 1])

    @property
    def count(self):
        return min(len(self._ranked_ids), self.limit)

    @property
    def count_capped(self):
        return len(self._ranked_ids) > self.limit

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self._ranked_ids[bottom : min(bottom + self.per_page, self.count)]
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=ids)} if ids else {}
        # A communication withdrawn between the two queries is left out rather than failing.
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def communication_paginator(*, queryset, searching):
    """The paginator of the library's list; a search's count stops at SEARCH_COUNT_LIMIT."""
    if searching:
        return SearchPaginator(queryset, settings.LIBRARY_PAGE_SIZE, limit=SEARCH_COUNT_LIMIT)
    return Paginator(queryset, settings.LIBRARY_PAGE_SIZE)


def communication_list_public(*, user=None):
    """The communications the library lists (staff-only ones for staff alone), ready for a list."""
    communications = (
        Communication.objects.all() if user is not None and user.is_staff else Communication.objects.listed()
    )
    return communications.for_listing().order_by("-date", "title")


def communication_get_public(*, slug, user):
    """A communication the visitor may know of; 404 for a draft workshop's or staff-only one
    (except for staff)."""
    communications = Communication.objects.select_related(
        "workshop__theme", "workshop__venue__commune", "session"
    )
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
        CommunicationFile.objects.filter(
            communication__workshop=workshop, communication__visibility__in=visibilities
        )
        .select_related("communication")
        .order_by("pk")
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
        Communication.objects.listed()
        .filter(workshop_id__in=reader.participant_workshop_ids)
        .select_related("workshop")
        .prefetch_related("files")
        .order_by("-workshop__starts_at", "date", "title")
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
                Workshop.objects.filter(communications__in=listed)
                .distinct()
                .order_by("-starts_at")
                .values_list("slug", "title")
            ),
            "speakers": list(
                Speaker.objects.filter(communications__in=listed)
                .distinct()
                .order_by("name")
                .values_list("slug", "name")
            ),
            "themes": list(
                Theme.objects.filter(workshops__communications__in=listed)
                .distinct()
                .order_by("name")
                .values_list("slug", "name")
            ),
            "years": [day.year for day in listed.dates("date", "year", order="DESC")],
        }

    return with_public_pages("library:filters", compute)
