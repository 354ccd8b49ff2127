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
("plus de 1 000 résultats"), and only the page's 20 rows are read whole. A one-word search ranks
only the matches with the word in their title when they are enough to fill the list (see
SearchPaginator): the same list, for a fraction of the rows read.
"""

from functools import cached_property

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, F, Q
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
# The alias a PostgreSQL search carries: "a one-word query, found in the title" (see SearchPaginator).
TITLE_FIRST = "search_title_first"


def communication_search(*, queryset, text):
    """`queryset` narrowed to the communications matching `text`, best matches first."""
    text = (text or "").strip()[:200]
    if not text:
        return queryset
    if not settings.DATABASE_IS_POSTGRES:
        return _communication_search_sqlite(queryset=queryset, text=text)
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    vector = RawSQL('"library_communication"."search_vector"', [], output_field=SearchVectorField())
    # "A one-word query, found in the title": the expression of the GIN index of migration 0004,
    # word for word, so that the planner uses that index.
    title_first = RawSQL(
        "numnode(websearch_to_tsquery(%s::regconfig, %s)) = 1 AND "
        "to_tsvector('public.french_unaccent'::regconfig, coalesce(\"library_communication\".\"title\", ''))"
        " @@ websearch_to_tsquery(%s::regconfig, %s)",
        [SEARCH_CONFIG, text, SEARCH_CONFIG, text],
        output_field=BooleanField(),
    )
    # alias(), not annotate(): neither the vector nor the rank is read back, so neither widens the
    # rows PostgreSQL sorts.
    return (
        queryset.alias(search_vector=vector)
        .filter(search_vector=query)
        .alias(rank=SearchRank(F("search_vector"), query), **{TITLE_FIRST: title_first})
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
    `limit` + 1 (ranking reads the matches anyway, and a sort of ids fits in memory): their
    number is the count, capped at `limit` (`count_capped` tells the page to say "plus de …"),
    and the pages, which go no further, take their ids from it. A second query reads the page's
    rows with their relations."""

    def __init__(self, object_list, per_page, *, limit):
        super().__init__(object_list, per_page)
        self.limit = limit

    @cached_property
    def _ranked_ids(self):
        if TITLE_FIRST not in self.object_list.query.annotations:  # SQLite
            return list(self.object_list.values_list("pk", flat=True)[: self.limit + 1])
        return self._ranked_ids_title_first()

    def _ranked_ids_title_first(self):
        """The same ids, in one query, reading for a one-word search only the rows with the word
        in their title when at least `limit` + 1 of them match: the best are all among them.

        Why that holds: the search vector's positions run title (weight A, 1.0), keywords (B, 0.4),
        summary (C, 0.2), and for one word `ts_rank` adds the weights of its occurrences in that
        order, the k-th divided by k², the sum divided by π²/6. A row with the word in its title
        starts at 1.0 and ranks at least 0.61; any other starts at 0.4 at most and ranks at most
        0.4. For several words their proximity decides and no such bound holds: those searches
        rank every match. When the titles hold too few matches, the same query ranks them all.
        Measured (bench/bench_search.py, 100,000 rows): « media » 9-13 ms instead of 38-46,
        « securite » 23-27 instead of 40-46. Rows come back with their rank and date and are put in order here, by the
        same keys, whichever part of the query produced them."""
        limit = self.limit + 1
        title_first = self.object_list.query.annotations[TITLE_FIRST]
        columns = ("pk", F("rank"), "date")
        titles_sql, titles_params = (
            self.object_list.filter(title_first).values_list(*columns)[:limit].query.sql_with_params()
        )
        every_sql, every_params = self.object_list.values_list(*columns)[:limit].query.sql_with_params()
        # MATERIALIZED: the title matches are ranked once; the second part runs only when they
        # are too few (a one-time filter, evaluated before its scan).
        sql = (
            f"WITH titles AS MATERIALIZED ({titles_sql}) "
            "SELECT * FROM titles WHERE (SELECT count(*) FROM titles) = %s "
            f"UNION ALL SELECT * FROM ({every_sql}) AS every_match WHERE (SELECT count(*) FROM titles) < %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*titles_params, limit, *every_params, limit])
            rows = cursor.fetchall()
        rows.sort(key=lambda row: (-row[1], -row[2].toordinal(), row[0]))
        return [row[0] for row in rows]

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
