"""A search of a large library: the same best matches first, a count that stops after 1,000
matches and says so, and a page whose cost does not grow with the number of matches."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from bench.bench_search import QUERIES, populate
from tests.factories import CommunicationFactory, WorkshopFactory
from workshops.library.models import Communication
from workshops.models import WorkshopStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library_storage")]

# The first 20 results of each query of bench/bench_search.py on its first 5,000 generated
# communications (bench-<n>), and the number of matches, as the library ranked them before its
# count was capped and its pages were ranked on ids: the faster search must show the same page.
FIRST_20_ON_5000 = {
    "securite": (
        1087,
        [
            3570,
            3360,
            3150,
            2940,
            2730,
            2520,
            2310,
            2100,
            1890,
            1680,
            1470,
            1260,
            4830,
            1050,
            4620,
            840,
            4410,
            630,
            4200,
            420,
        ],
    ),
    "médias sociaux": (
        204,
        [
            3601,
            3541,
            3481,
            3421,
            3361,
            3301,
            3241,
            3181,
            3121,
            3061,
            3001,
            2941,
            2881,
            2821,
            2761,
            2701,
            2641,
            2581,
            2521,
            2461,
        ],
    ),
    "media": (
        561,
        [
            3601,
            3541,
            3481,
            3421,
            3361,
            3301,
            3241,
            3181,
            3121,
            3061,
            3001,
            2941,
            2881,
            2821,
            2761,
            2701,
            2641,
            2581,
            2521,
            2461,
        ],
    ),
    "terrorisme": (
        358,
        [
            3545,
            3125,
            2705,
            2285,
            1865,
            1445,
            4805,
            1025,
            4385,
            605,
            3965,
            185,
            3605,
            3185,
            2765,
            2345,
            1925,
            1505,
            4865,
            1085,
        ],
    ),
    "police communautaire": (
        299,
        [
            3632,
            3602,
            3572,
            3542,
            3512,
            3482,
            3452,
            3422,
            3392,
            3362,
            3332,
            3302,
            3272,
            3242,
            3212,
            3182,
            3152,
            3122,
            3092,
            3062,
        ],
    ),
    "desinformation": (
        203,
        [
            3633,
            3573,
            3513,
            3453,
            3393,
            3333,
            3273,
            3213,
            3153,
            3093,
            3033,
            2973,
            2913,
            2853,
            2793,
            2733,
            2673,
            2613,
            2553,
            2493,
        ],
    ),
    "résilience des citoyens": (
        286,
        [
            3604,
            3184,
            2554,
            1924,
            4864,
            4654,
            4234,
            244,
            3394,
            2764,
            4024,
            2974,
            2344,
            2134,
            1714,
            1504,
            874,
            4444,
            3814,
            1084,
        ],
    ),
    "elections legislatives": (
        299,
        [
            3096,
            2466,
            1836,
            1416,
            4986,
            1206,
            4566,
            786,
            4356,
            576,
            156,
            3726,
            3516,
            3306,
            2886,
            2676,
            2046,
            4146,
            3936,
            2256,
        ],
    ),
    '"conscience citoyenne"': (
        203,
        [
            3637,
            3577,
            3517,
            3457,
            3397,
            3337,
            3277,
            3217,
            3157,
            3097,
            3037,
            2977,
            2917,
            2857,
            2797,
            2737,
            2677,
            2617,
            2557,
            2497,
        ],
    ),
    "menaces -terrorisme": (
        483,
        [
            3638,
            3637,
            3636,
            3634,
            3633,
            3549,
            3470,
            3469,
            3468,
            3466,
            3465,
            3464,
            3462,
            3460,
            3458,
            3429,
            3428,
            3426,
            3424,
            3369,
        ],
    ),
    "coproduction de la sécurité au Bénin": (
        26,
        [
            3158,
            2528,
            1898,
            1298,
            4388,
            668,
            3758,
            38,
            60,
            2618,
            1838,
            3398,
            4958,
            278,
            1058,
            4178,
            56,
            1316,
            1320,
            1322,
        ],
    ),
    "éthique": (
        584,
        [
            3520,
            3310,
            3100,
            2890,
            2680,
            2470,
            2260,
            2050,
            1840,
            1630,
            1420,
            4990,
            1210,
            4780,
            1000,
            4570,
            790,
            4360,
            580,
            4150,
        ],
    ),
    "cybercriminalite": (
        299,
        [
            3642,
            3612,
            3582,
            3552,
            3522,
            3492,
            3462,
            3432,
            3402,
            3372,
            3342,
            3312,
            3282,
            3252,
            3222,
            3192,
            3162,
            3132,
            3102,
            3072,
        ],
    ),
    "discours de haine": (
        204,
        [
            3613,
            3553,
            3493,
            3433,
            3373,
            3313,
            3253,
            3193,
            3133,
            3073,
            3013,
            2953,
            2893,
            2833,
            2773,
            2713,
            2653,
            2593,
            2533,
            2473,
        ],
    ),
    "transhumance": (
        272,
        [
            3534,
            3324,
            3114,
            2904,
            2694,
            2484,
            2274,
            2064,
            1854,
            1644,
            1434,
            1224,
            4794,
            1014,
            4584,
            804,
            4374,
            594,
            4164,
            384,
        ],
    ),
    "radicalisation jeunes": (
        299,
        [
            3558,
            2928,
            2298,
            1698,
            4788,
            1068,
            4158,
            438,
            3048,
            2268,
            708,
            1488,
            4608,
            3828,
            3648,
            3618,
            3588,
            3528,
            3498,
            3468,
        ],
    ),
    "fausses alertes": (
        203,
        [
            3621,
            3561,
            3501,
            3441,
            3381,
            3321,
            3261,
            3201,
            3141,
            3081,
            3021,
            2961,
            2901,
            2841,
            2781,
            2721,
            2661,
            2601,
            2541,
            2481,
        ],
    ),
    "justice de proximite": (
        293,
        [
            3088,
            2458,
            3718,
            2038,
            1828,
            1408,
            4978,
            1198,
            4558,
            778,
            4348,
            568,
            3508,
            3298,
            2668,
            4768,
            4138,
            3928,
            148,
            2878,
        ],
    ),
}


def _slugs(response):
    return [communication.slug for communication in response.context["page"].object_list]


def _status(response):
    html = response.content.decode()
    start = html.index('<p role="status">') + len('<p role="status">')
    return " ".join(html[start : html.index("</p>", start)].split())


def _held():
    starts_at = timezone.now() - datetime.timedelta(days=200)
    return WorkshopFactory(
        status=WorkshopStatus.HELD,
        starts_at=starts_at,
        registration_opens_at=starts_at - datetime.timedelta(days=30),
    )


def _communications(workshop, count, start=0):
    """`count` communications about security, in one INSERT (PostgreSQL computes their search vectors)."""
    Communication.objects.bulk_create(
        [
            Communication(
                workshop=workshop,
                title=f"La sécurité au Bénin ({n})",
                slug=f"securite-{n}",
                date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 365),
                visibility="public",
            )
            for n in range(start, start + count)
        ]
    )


def test_the_bench_queries_show_the_same_first_20_results_and_counts_as_before(client):
    assert set(FIRST_20_ON_5000) == set(QUERIES)
    populate(5000)
    for text, (matches, numbers) in FIRST_20_ON_5000.items():
        response = client.get(reverse("library:index"), {"q": text})
        assert _slugs(response) == [f"bench-{n}" for n in numbers], text
        paginator = response.context["page"].paginator
        assert (paginator.count, paginator.count_capped) == (min(matches, 1000), matches > 1000), text


def test_a_search_with_more_than_1000_matches_says_so_and_pages_through_the_first_1000(client):
    workshop = _held()
    _communications(workshop, 1000)
    url = reverse("library:index")

    response = client.get(url, {"q": "securite"})
    assert _status(response) == "1000 communications"
    assert "Page 1 sur 50" in response.content.decode()

    _communications(workshop, 1, start=1000)
    response = client.get(url, {"q": "securite"})
    assert _status(response) == (
        "Plus de 1 000 résultats : les 1 000 plus pertinents sont listés, "
        "précisez la recherche pour voir les autres."
    )
    assert len(_slugs(response)) == 20
    assert "Page 1 sur 50" in response.content.decode()
    last = client.get(url, {"q": "securite", "page": "60"})  # beyond the listed ones: the last page
    assert last.context["page"].number == 50 and len(_slugs(last)) == 20

    with translation.override("en"):
        english = client.get(reverse("library:index"), {"q": "securite"})
    assert (
        _status(english)
        == "More than 1,000 results: the 1,000 most relevant are listed, narrow the search to see the others."
    )

    # Without a search the library still counts every communication.
    assert _status(client.get(url)) == "1001 communications"


def test_a_search_page_costs_the_same_queries_for_3_or_1001_matches(client):
    workshop = _held()
    for n in range(3):
        CommunicationFactory(workshop=workshop, title=f"Sécurité routière {n}")

    def queries_for_search():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("library:index"), {"q": "securite"})
        assert response.status_code == 200 and _slugs(response)
        return len(captured)

    queries_for_search()  # the filters' choices are cached by the first page
    few = queries_for_search()
    _communications(workshop, 1001)
    assert queries_for_search() == few
    assert few <= 10
