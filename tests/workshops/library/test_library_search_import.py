"""An import of communications leaves the search as fast as before it: the planner knows how many
communications a word matches, and the search index reads no pending list nor parallel workers."""

import json

import pytest
from django.db import connection

from tests.workshops.library.search_pages import held_workshop, security_communications
from workshops.library.models import Communication
from workshops.library.selectors import communication_search
from workshops.library.services import communications_import_finish

pytestmark = pytest.mark.django_db


def estimated_matches(text):
    """The planner's estimate of the communications a search for `text` matches."""
    searched = communication_search(queryset=Communication.objects.order_by(), text=text).order_by()
    plan = json.loads(searched.values("pk").explain(format="json"))
    return plan[0]["Plan"]["Plan Rows"]


def test_after_an_import_the_planner_knows_how_many_communications_a_word_matches():
    workshop = held_workshop()
    security_communications(workshop, 3000)  # one INSERT, as an import writes its rows
    # Before: the planner's default guess for any word, a few rows, whence a scan of the whole
    # table for a frequent word.
    assert estimated_matches("securite") < 300

    communications_import_finish()

    assert 2700 <= estimated_matches("securite") <= 3300


def test_the_search_index_takes_entries_as_rows_are_written_and_scans_run_in_one_process():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN "
            "('library_communication', 'library_communication_search', 'library_communication_title_search') "
            "ORDER BY relname"
        )
        assert cursor.fetchall() == [
            ("library_communication", ["parallel_workers=0"]),
            ("library_communication_search", ["fastupdate=off"]),
            ("library_communication_title_search", ["fastupdate=off"]),
        ]


def test_the_planner_reads_the_workshop_of_every_communication_not_a_sample():
    """Many communications per workshop, few workshops: a sample that misses the rare ones makes
    the planner read the whole table in workshop order for a search (migration library 0005)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute "
            "WHERE attrelid = 'library_communication'::regclass AND attname = 'workshop_id'"
        )
        assert cursor.fetchone() == (1000,)
