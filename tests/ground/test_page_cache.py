"""Anonymous visitors are served from the cache, and a change made by staff shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import SessionFactory, UserFactory, WorkshopFactory
from workshops import selectors, services
from workshops.models import WorkshopStatus

pytestmark = pytest.mark.django_db(transaction=True)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


def test_visitor_gets_the_second_view_of_the_catalogue_from_the_cache(client, page_cache):
    WorkshopFactory(title="Atelier en cache")
    first, first_queries = _queries(client, reverse("workshops:catalogue"))
    second, second_queries = _queries(client, reverse("workshops:catalogue"))
    assert first_queries > 0 and second_queries == 0
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


def test_staff_change_to_a_workshop_shows_at_once_on_cached_pages(client, page_cache):
    workshop = WorkshopFactory(title="Titre d'origine")
    client.get(workshop.get_absolute_url())
    client.get(reverse("workshops:catalogue"))
    # What the admin's save does: Model.save(), which fires the invalidation after commit.
    workshop.title = "Titre corrigé"
    workshop.save()
    assert "Titre corrigé" in client.get(workshop.get_absolute_url()).content.decode()
    assert "Titre corrigé" in client.get(reverse("workshops:catalogue")).content.decode()


def test_new_agenda_item_and_publication_invalidate_the_cache(client, page_cache):
    workshop = WorkshopFactory()
    draft = WorkshopFactory(title="Bientôt public", status=WorkshopStatus.DRAFT)
    assert "Bientôt public" not in client.get(reverse("workshops:catalogue")).content.decode()
    SessionFactory(workshop=workshop, title="Séance ajoutée")
    assert "Séance ajoutée" in client.get(workshop.get_absolute_url()).content.decode()
    services.workshop_publish(workshop=draft, by=UserFactory(is_staff=True))
    assert "Bientôt public" in client.get(reverse("workshops:catalogue")).content.decode()


def test_logged_in_person_never_gets_a_shared_page(client, page_cache):
    WorkshopFactory()
    client.get(reverse("workshops:catalogue"))
    client.force_login(UserFactory(email="awa@exemple.bj"))
    _, queries = _queries(client, reverse("workshops:catalogue"))
    assert queries > 0


def _places(client, workshop):
    import re

    page = client.get(workshop.get_absolute_url()).content.decode()
    return " ".join(re.search(r'<dd class="col-sm-9" id="places">(.*?)</dd>', page, re.S).group(1).split())


def test_visitor_sees_the_seats_held_for_parties_and_the_cached_figures_follow_every_change(
    client, page_cache, django_assert_max_num_queries
):
    from tests.factories import DelegateFactory, MediaActorFactory, PartyOfficialFactory, close_registration

    workshop = WorkshopFactory(title="Places comptées", capacity=10, party_quota=3)
    official = PartyOfficialFactory()
    adjoa, _bio = DelegateFactory(party=official.party), DelegateFactory(party=official.party)
    with django_assert_max_num_queries(12):
        assert _places(client, workshop) == (
            "10 places restantes sur 10 : 10 places pour les acteurs des médias, "
            "0 places réservées aux partis · 3 délégués au plus par parti"
        )

    services.enrollment_create_for_delegates(
        workshop=workshop, party=official.party, delegates=[adjoa], by=official.user
    )
    assert _places(client, workshop) == (
        "9 places restantes sur 10 : 7 places pour les acteurs des médias, "
        "2 places réservées aux partis · 3 délégués au plus par parti"
    )
    actor = MediaActorFactory().user
    services.enrollment_create_for_media_actor(workshop=workshop, user=actor, by=actor)
    assert _places(client, workshop).startswith(
        "8 places restantes sur 10 : 6 places pour les acteurs des médias, 2 places"
    )
    close_registration(workshop)
    services.allocation_release_unused(workshop=workshop, party=official.party, to="waiting_list", by=None)
    assert _places(client, workshop) == (
        "8 places restantes sur 10 : 8 places pour les acteurs des médias, "
        "0 places réservées aux partis · 3 délégués au plus par parti"
    )
    assert selectors.seats_left_for(workshop=workshop) == 8


# --- What can be stored: one entry per page that exists, whatever the query string ---------------


def _stored_pages():
    """The addresses the page cache holds, read from its Redis (the "pages" cache)."""
    from django.core.cache import caches

    from portal.ground.pagecache import PAGE_KEY_PREFIX

    pages = caches["pages"]
    prefix = pages.make_key(PAGE_KEY_PREFIX)
    redis = pages._cache.get_client()  # noqa: SLF001 -- the test reads the real Redis keys
    return sorted(key.decode().removeprefix(prefix) for key in redis.scan_iter(match=prefix + "*"))


def _random_text(rng):
    import string

    return "".join(
        rng.choice(string.ascii_letters + string.digits + "-_%é\x00 ") for _ in range(rng.randint(0, 12))
    )


def test_random_query_strings_never_add_pages_to_the_cache(client, page_cache):
    import datetime
    import random
    import urllib.parse

    from django.utils import timezone

    WorkshopFactory(title="Atelier à venir")
    past = timezone.now() - datetime.timedelta(days=40)
    WorkshopFactory(
        title="Atelier passé", starts_at=past, registration_opens_at=past - datetime.timedelta(days=20)
    )
    catalogue = reverse("workshops:catalogue")
    declared = ["periode", "public", "commune", "annee", "page"]
    rng = random.Random(2026)
    for _ in range(150):
        names = [
            rng.choice(declared + ["utm_source", "fbclid", "z", _random_text(rng)])
            for _ in range(rng.randint(1, 4))
        ]
        query = urllib.parse.urlencode(
            [(name, rng.choice([_random_text(rng), str(rng.randint(-5, 10**9))])) for name in names]
        )
        assert client.get(f"{catalogue}?{query}").status_code < 500, query
        client.get(f"/?{query}")
    # Unknown parameters are ignored; the ones the catalogue reads count once, however written.
    past = client.get(f"{catalogue}?utm_source=x&periode=passes&public=&fbclid=1").content.decode()
    assert "Atelier passé" in past and "Atelier à venir" not in past
    assert client.get(f"{catalogue}?public=&periode=passes").content.decode() == past
    # A refused value is answered (the form says what is wrong) but not kept.
    refused = client.get(f"{catalogue}?periode=demain")
    assert refused.status_code == 200 and refused.context["filter"].form.errors
    assert client.get(f"{catalogue}?page=999").context["page"].number == 1

    assert _stored_pages() == ["fr:/", "fr:/ateliers/", "fr:/ateliers/?periode=passes"]


def test_every_public_list_keeps_one_entry_per_page_that_exists(client, page_cache, settings):
    from tests.factories import CommunicationFactory, RecommendationFactory, ReportFactory

    settings.CATALOGUE_PAGE_SIZE = 1
    for title in ("Premier", "Second"):
        WorkshopFactory(title=title)
    report = ReportFactory(published=True)
    RecommendationFactory(report=report)
    CommunicationFactory(workshop=report.workshop)
    lists = [
        reverse("workshops:catalogue"),
        reverse("reports:index"),
        reverse("reports:tracker"),
        reverse("library:index"),
    ]
    for url in lists:
        for query in (
            "",
            "page=2",
            "page=2&x=1",
            "page=9",
            "page=02",
            "page=-1",
            "page=abc",
            "statut=xyz",
            "atelier=inconnu",
            "q=coproduction",
            "annee=1900",
            "type=%00",
            "commune=nulle-part",
        ):
            assert client.get(f"{url}?{query}").status_code == 200, (url, query)
    assert _stored_pages() == [
        "fr:/ateliers/",
        "fr:/ateliers/?page=2",
        "fr:/communications/",
        "fr:/rapports/",
        "fr:/rapports/recommandations/",
    ]


# --- Served as stored: compressed once, revalidated by ETag ---------------------------------------


def test_a_cached_page_is_served_compressed_as_the_browser_accepts_and_a_revisit_gets_a_304(
    client, page_cache
):
    import gzip

    import brotli

    WorkshopFactory(title="Atelier compressé")
    url = reverse("workshops:catalogue")
    plain = client.get(url)
    assert plain.get("Content-Encoding") is None and "Atelier compressé" in plain.content.decode()
    for accept, encoding, decode in [
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("br;q=0, gzip", "gzip", gzip.decompress),
    ]:
        _, queries = _queries(client, url)  # the page is stored: no query
        assert queries == 0
        response = client.get(url, headers={"accept-encoding": accept})
        assert response["Content-Encoding"] == encoding
        assert decode(response.content) == plain.content
        assert {"Cookie", "Accept-Encoding"} <= {v.strip() for v in response["Vary"].split(",")}
        assert response["ETag"] == plain["ETag"]
    revisit = client.get(url, headers={"if-none-match": plain["ETag"], "accept-encoding": "br"})
    assert revisit.status_code == 304 and revisit.content == b"" and revisit["ETag"] == plain["ETag"]
    # A change to what the page shows: a new page, a new ETag, and the old one no longer matches.
    WorkshopFactory(title="Atelier ajouté")
    changed = client.get(url, headers={"if-none-match": plain["ETag"]})
    assert changed.status_code == 200 and "Atelier ajouté" in changed.content.decode()
    assert changed["ETag"] != plain["ETag"]


def test_a_page_with_a_form_token_is_neither_stored_nor_given_an_etag(client, page_cache):
    # The sign-in page carries a CSRF token: personal, never stored, so never revalidated either.
    response = client.get(reverse("account_login"), headers={"accept-encoding": "br"})
    assert response.status_code == 200 and not response.has_header("ETag")


# --- A seat change refreshes the pages that show the workshop, and only those ---------------------


def test_a_seat_change_refreshes_its_workshop_page_the_lists_and_home_and_no_other_page(client, page_cache):
    from tests.factories import MediaActorFactory

    workshop = WorkshopFactory(title="Places suivies", capacity=10)
    other = WorkshopFactory(title="Autre atelier", capacity=10)
    pages = {
        "its page": workshop.get_absolute_url(),
        "catalogue": reverse("workshops:catalogue"),
        "catalogue, filtered": reverse("workshops:catalogue") + "?periode=tous",
        "home": reverse("home"),
        "another workshop's page": other.get_absolute_url(),
        "library": reverse("library:index"),
        "reports": reverse("reports:index"),
    }
    for url in pages.values():
        client.get(url)
    assert {kind: _queries(client, url)[1] for kind, url in pages.items()} == dict.fromkeys(pages, 0)

    actor = MediaActorFactory().user
    services.enrollment_create_for_media_actor(workshop=workshop, user=actor, by=actor)

    rendered = {kind for kind, url in pages.items() if _queries(client, url)[1] > 0}
    assert rendered == {"its page", "catalogue", "catalogue, filtered", "home"}
    assert _places(client, workshop).startswith("9 places restantes sur 10")
    assert _places(client, other).startswith("10 places restantes sur 10")
    # A change to the workshop itself (its title) still refreshes every page that may name it.
    workshop.title = "Places suivies, titre corrigé"
    workshop.save()
    assert {kind for kind, url in pages.items() if _queries(client, url)[1] > 0} == set(pages)


def test_lists_of_workshops_are_kept_only_until_the_next_workshop_ends(client, page_cache):
    """What is upcoming changes when a workshop ends, with nothing saved: the catalogue, the home
    page and the workshop's own page (its seats then leave it) are kept until then; the page of a
    workshop next month for the usual day."""
    import datetime

    from django.core.cache import caches
    from django.utils import timezone

    from portal.ground.pagecache import PAGE_KEY_PREFIX

    start = timezone.now() + datetime.timedelta(minutes=20)
    today = WorkshopFactory(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        registration_closes_at=start - datetime.timedelta(minutes=5),
    )
    next_month = WorkshopFactory()
    for url in ("/", reverse("workshops:catalogue"), today.get_absolute_url(), next_month.get_absolute_url()):
        client.get(url)
    pages = caches["pages"]
    redis = pages._cache.get_client()  # noqa: SLF001 -- the test reads the real Redis entries

    def seconds_kept(path):
        return redis.ttl(pages.make_key(f"{PAGE_KEY_PREFIX}fr:{path}"))

    assert 80 * 60 - 60 <= seconds_kept("/") <= 80 * 60 + 2
    assert 80 * 60 - 60 <= seconds_kept(reverse("workshops:catalogue")) <= 80 * 60 + 2
    assert 80 * 60 - 60 <= seconds_kept(today.get_absolute_url()) <= 80 * 60 + 2
    assert seconds_kept(next_month.get_absolute_url()) > 23 * 3600
