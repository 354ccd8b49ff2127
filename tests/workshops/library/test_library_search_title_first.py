"""A one-word search with more than 1,000 title matches ranks those alone, and lists exactly what
ranking every match lists: the same best 1,000 in the same order, in one query."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CommunicationFactory
from tests.workshops.library.search_pages import held_workshop, security_communications
from workshops.library.selectors import (
    communication_list_public,
    communication_paginator,
    communication_search,
)

pytestmark = pytest.mark.django_db


def every_match_ranked(text):
    """The best 1,001 matches as ranking every match gives them (what the page showed before)."""
    searched = communication_search(queryset=communication_list_public(), text=text)
    return list(searched.values_list("pk", flat=True)[:1001])


def listed_by_the_page(text):
    searched = communication_search(queryset=communication_list_public(), text=text)
    paginator = communication_paginator(queryset=searched, searching=True)
    with CaptureQueriesContext(connection) as captured:
        ids = paginator._ranked_ids
    assert len(captured) == 1
    return ids, paginator


def test_a_one_word_search_lists_the_same_best_1000_from_its_title_matches():
    workshop = held_workshop()
    security_communications(workshop, 1001)  # « La sécurité au Bénin (n) »: the word in every title
    # The strongest rows without the word in their title: it fills their keywords and summary,
    # and they are the most recent (the date breaks ties after the rank).
    for n in range(20):
        CommunicationFactory(
            workshop=workshop,
            title=f"Le vivre-ensemble ({n})",
            keywords="sécurité, sécurité publique, sécurité routière, sécurité civile",
            summary="La sécurité, encore la sécurité, toujours la sécurité. " * 5,
            date=datetime.date(2025, 6, 1),
            visibility="public",
        )
    # Titles with the word twice rank above those with it once.
    CommunicationFactory(
        workshop=workshop,
        title="Sécurité et sécurité routière",
        date=datetime.date(2020, 1, 1),
        visibility="public",
    )

    ids, paginator = listed_by_the_page("securite")
    assert ids == every_match_ranked("securite")
    assert ids[0] == paginator.object_list.get(title="Sécurité et sécurité routière").pk
    assert (paginator.count, paginator.count_capped) == (1000, True)


def test_a_search_of_several_words_or_with_too_few_title_matches_ranks_every_match():
    workshop = held_workshop()
    security_communications(workshop, 30)
    for n in range(40):
        CommunicationFactory(
            workshop=workshop,
            title=f"Le vivre-ensemble ({n})",
            keywords="sécurité, Bénin",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
            visibility="public",
        )

    for text in ("securite", "sécurité Bénin", "securite -routiere"):
        ids, paginator = listed_by_the_page(text)
        assert ids == every_match_ranked(text), text
        assert len(ids) == 70, text
