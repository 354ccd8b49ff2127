"""A search of a large library: a count that stops after 1,000 matches and says so, and a page
whose cost does not grow with the number of matches."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import CommunicationFactory
from tests.workshops.library.search_pages import (
    held_workshop,
    result_slugs,
    security_communications,
    status_text,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library_storage")]


def test_a_search_with_more_than_1000_matches_says_so_and_pages_through_the_first_1000(client):
    workshop = held_workshop()
    security_communications(workshop, 1000)
    url = reverse("library:index")

    response = client.get(url, {"q": "securite"})
    assert status_text(response) == "1000 communications"
    assert "Page 1 sur 50" in response.content.decode()

    security_communications(workshop, 1, start=1000)
    response = client.get(url, {"q": "securite"})
    assert status_text(response) == (
        "Plus de 1 000 résultats : les 1 000 plus pertinents sont listés, "
        "précisez la recherche pour voir les autres."
    )
    assert len(result_slugs(response)) == 20
    assert "Page 1 sur 50" in response.content.decode()
    last = client.get(url, {"q": "securite", "page": "60"})  # beyond the listed ones: the last page
    assert last.context["page"].number == 50 and len(result_slugs(last)) == 20

    with translation.override("en"):
        english = client.get(reverse("library:index"), {"q": "securite"})
    assert (
        status_text(english)
        == "More than 1,000 results: the 1,000 most relevant are listed, narrow the search to see the others."
    )

    # Without a search the library still counts every communication.
    assert status_text(client.get(url)) == "1001 communications"


def test_a_search_page_costs_the_same_queries_for_3_or_1001_matches(client):
    workshop = held_workshop()
    for n in range(3):
        CommunicationFactory(workshop=workshop, title=f"Sécurité routière {n}")

    def queries_for_search():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("library:index"), {"q": "securite"})
        assert response.status_code == 200 and result_slugs(response)
        return len(captured)

    queries_for_search()  # the filters' choices are cached by the first page
    few = queries_for_search()
    security_communications(workshop, 1001)
    assert queries_for_search() == few
    assert few <= 10
