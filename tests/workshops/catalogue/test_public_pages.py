"""A visitor browses the catalogue and the workshop pages."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    PartnerFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
    VenueFactory,
    WorkshopFactory,
    commune,
)
from workshops.models import Audience, WorkshopStatus

pytestmark = pytest.mark.django_db


def _titles(response):
    """The titles of the workshop cards the visitor reads, in order."""
    cards = re.findall(r'<h3 class="h5 card-title"><a href="[^"]*">(.*?)</a></h3>', response.content.decode())
    return [unescape(title) for title in cards]


def test_visitor_sees_the_home_page_in_french_with_the_next_workshops(client):
    WorkshopFactory(title="Atelier de Parakou")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "La coproduction de la sécurité" in html
    assert "Atelier de Parakou" in html
    assert 'href="#contenu"' in html and '<main id="contenu"' in html


def test_visitor_switches_to_english_with_a_plain_link(client):
    response = client.get("/")
    assert 'href="/en/"' in response.content.decode()
    english = client.get("/en/ateliers/")
    assert english.status_code == 200
    assert '<html lang="en">' in english.content.decode()


def test_visitor_never_sees_a_draft(client):
    WorkshopFactory(title="Publié")
    draft = WorkshopFactory(title="Brouillon secret", status=WorkshopStatus.DRAFT)
    response = client.get(reverse("workshops:catalogue"), {"periode": "tous"})
    assert _titles(response) == ["Publié"]
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("workshops:ics", args=[draft.slug])).status_code == 404
    assert b"Brouillon secret" not in client.get(reverse("workshops:calendar_feed")).content


def test_visitor_is_told_clearly_that_a_workshop_is_cancelled(client):
    workshop = WorkshopFactory(
        status=WorkshopStatus.CANCELLED, cancellation_reason="Report à une date ultérieure."
    )
    response = client.get(workshop.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cet atelier est annulé." in html
    assert "Report à une date ultérieure." in html


def test_catalogue_shows_upcoming_workshops_first_and_past_ones_on_request(client):
    now = timezone.now()
    WorkshopFactory(title="Dans deux mois", starts_at=now + datetime.timedelta(days=60))
    WorkshopFactory(title="Dans un mois", starts_at=now + datetime.timedelta(days=30))
    WorkshopFactory(
        title="L'an dernier",
        starts_at=now - datetime.timedelta(days=365),
        registration_opens_at=now - datetime.timedelta(days=400),
        registration_closes_at=now - datetime.timedelta(days=370),
        status=WorkshopStatus.HELD,
    )
    url = reverse("workshops:catalogue")
    assert _titles(client.get(url)) == ["Dans un mois", "Dans deux mois"]
    assert _titles(client.get(url, {"periode": "passes"})) == ["L'an dernier"]
    assert _titles(client.get(url, {"periode": "tous"})) == ["Dans deux mois", "Dans un mois", "L'an dernier"]


def test_catalogue_filters_by_audience_commune_and_year(client):
    parakou = VenueFactory(commune=commune("parakou"))
    WorkshopFactory(title="Partis à Parakou", audience=Audience.PARTIES, venue=parakou)
    WorkshopFactory(title="Médias à Cotonou", audience=Audience.MEDIA, party_quota=None)
    WorkshopFactory(title="Tous publics", audience=Audience.BOTH)
    url = reverse("workshops:catalogue")
    assert sorted(_titles(client.get(url, {"public": "parties"}))) == ["Partis à Parakou", "Tous publics"]
    assert sorted(_titles(client.get(url, {"public": "media"}))) == ["Médias à Cotonou", "Tous publics"]
    assert _titles(client.get(url, {"commune": "parakou"})) == ["Partis à Parakou"]
    now = timezone.now()
    WorkshopFactory(
        title="Il y a deux ans",
        starts_at=now - datetime.timedelta(days=730),
        registration_opens_at=now - datetime.timedelta(days=760),
        registration_closes_at=now - datetime.timedelta(days=740),
        status=WorkshopStatus.HELD,
    )
    two_years_ago = timezone.localdate(now - datetime.timedelta(days=730)).year
    assert _titles(client.get(url, {"annee": two_years_ago, "periode": "tous"})) == ["Il y a deux ans"]


def test_catalogue_ignores_nonsense_filters_without_error(client):
    WorkshopFactory(title="Visible")
    response = client.get(
        reverse("workshops:catalogue"), {"commune": "<script>", "annee": "abc", "page": "999"}
    )
    assert response.status_code == 200
    assert b"<script>" not in response.content
    assert _titles(response) == ["Visible"]


def test_catalogue_paginates(client, settings):
    settings.CATALOGUE_PAGE_SIZE = 2
    for n in range(5):
        WorkshopFactory(title=f"Atelier {n}", starts_at=timezone.now() + datetime.timedelta(days=10 + n))
    response = client.get(reverse("workshops:catalogue"), {"page": 3})
    assert _titles(response) == ["Atelier 4"]
    assert response.context["page"].paginator.count == 5


def test_catalogue_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    def queries_for_catalogue():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("workshops:catalogue"), {"periode": "tous"}).status_code == 200
        return len(captured)

    WorkshopFactory.create_batch(3)
    few = queries_for_catalogue()
    WorkshopFactory.create_batch(40)
    many = queries_for_catalogue()
    assert few == many
    with django_assert_max_num_queries(5):
        client.get(reverse("workshops:catalogue"))


def test_workshop_page_shows_the_agenda_by_day_with_speakers_and_partners(client):
    start = timezone.now() + datetime.timedelta(days=20)
    workshop = WorkshopFactory(
        starts_at=start, ends_at=start + datetime.timedelta(days=1, hours=6), capacity=40
    )
    workshop.partners.add(PartnerFactory(name="Fondation Hanns Seidel"))
    speaker = SpeakerFactory(name="Delphin Tokpon", title="Secrétaire Général du MISP")
    first_day = timezone.localdate(start)
    SessionFactory(workshop=workshop, day=first_day, title="Ouverture").speakers.add(speaker)
    SessionFactory(workshop=workshop, day=first_day + datetime.timedelta(days=1), title="Synthèse")
    response = client.get(workshop.get_absolute_url())
    html = response.content.decode()
    assert "Ouverture" in html and "Synthèse" in html
    assert (
        f'<a href="{reverse("library:speaker", args=[speaker.slug])}">Delphin Tokpon</a>, Secrétaire Général du MISP'
        in html
    )
    assert "Fondation Hanns Seidel" in html
    assert "40 places restantes sur 40" in html
    assert html.index("Ouverture") < html.index("Synthèse")


def test_workshop_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    workshop = WorkshopFactory()
    for _ in range(8):
        SessionFactory(workshop=workshop).speakers.add(SpeakerFactory(), SpeakerFactory())
    with django_assert_max_num_queries(6):
        assert client.get(workshop.get_absolute_url()).status_code == 200


def test_unknown_page_answers_a_french_404(client):
    response = client.get("/ateliers/n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_visitor_finds_the_party_sign_up_in_the_main_navigation(client):
    navigation = client.get("/").content.decode().split("</nav>")[0]
    assert '<a href="/inscription/parti/">Inscrire un parti</a>' in navigation
    client.force_login(UserFactory())
    assert "/inscription/parti/" not in client.get("/").content.decode().split("</nav>")[0]


def test_visitor_follows_the_period_links_which_keep_the_other_filters(client):
    now = timezone.now()
    WorkshopFactory(title="Dans un mois", starts_at=now + datetime.timedelta(days=30))
    WorkshopFactory(
        title="L'an dernier",
        starts_at=now - datetime.timedelta(days=365),
        registration_opens_at=now - datetime.timedelta(days=400),
        registration_closes_at=now - datetime.timedelta(days=370),
        status=WorkshopStatus.HELD,
    )
    url = reverse("workshops:catalogue")
    html = client.get(url, {"public": "media", "page": "1", "source": "x"}).content.decode()
    links = {
        label: unescape(href)
        for href, label in re.findall(r'<a class="nav-link[^"]*" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    }
    # The period is the filter's own parameter; the audience stays, the page number and the rest go
    # (sorted, as the page cache keys its pages).
    assert links == {
        "À venir": "?periode=a-venir&public=media",
        "Passés": "?periode=passes&public=media",
        "Tous": "?periode=tous&public=media",
    }
    assert '<a class="nav-link active" href="?periode=a-venir&amp;public=media" aria-current="page">' in html
    past = client.get(url + links["Passés"])
    assert _titles(past) == ["L'an dernier"]
    assert 'href="?periode=passes&amp;public=media" aria-current="page">Passés</a>' in past.content.decode()
