"""A search of a large library ranks as it did: the bench queries show the same best matches
first and the same counts on 5,000 generated communications."""

import json
import pathlib

import pytest
from django.urls import reverse

from bench.bench_search import QUERIES, populate
from tests.workshops.library.search_pages import result_slugs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library_storage")]

# The first 20 results of each query of bench/bench_search.py on its first 5,000 generated
# communications (bench-<n>), and the number of matches, as the library ranked them before its
# count was capped and its pages were ranked on ids: the faster search must show the same page.
# The table is data (search_first_20_on_5000.json: query -> [matches, first 20 numbers]).
FIRST_20_ON_5000 = json.loads((pathlib.Path(__file__).parent / "search_first_20_on_5000.json").read_text())


def test_the_bench_queries_show_the_same_first_20_results_and_counts_as_before(client):
    assert set(FIRST_20_ON_5000) == set(QUERIES)
    populate(5000)
    for text, (matches, numbers) in FIRST_20_ON_5000.items():
        response = client.get(reverse("library:index"), {"q": text})
        assert result_slugs(response) == [f"bench-{n}" for n in numbers], text
        paginator = response.context["page"].paginator
        assert (paginator.count, paginator.count_capped) == (min(matches, 1000), matches > 1000), text
