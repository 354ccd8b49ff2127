"""The home page shows the last workshops held, with their partners, beside the upcoming ones:
in a bounded number of queries, served from the page cache, and up to date once staff change them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import PartnerFactory, UserFactory, WorkshopFactory
from workshops import services
from workshops.models import WorkshopStatus


def _held(title, days_ago, partners=()):
    starts_at = timezone.now() - datetime.timedelta(days=days_ago)
    workshop = WorkshopFactory(
        title=title,
        status=WorkshopStatus.HELD,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=8),
        registration_opens_at=starts_at - datetime.timedelta(days=30),
        registration_closes_at=starts_at - datetime.timedelta(days=2),
    )
    workshop.partners.add(*partners)
    return workshop


def _section(html, heading):
    start = html.index(heading)
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
def test_visitor_sees_the_last_workshops_held_with_their_partners_beside_the_upcoming_ones(client):
    _held("Coproduction de la sécurité en période électorale", 700)
    _held(
        "L'éducation citoyenne à la coproduction de la sécurité",
        840,
        [PartnerFactory(name="Fondation Hanns Seidel")],
    )
    _held("Un atelier plus ancien", 1500)
    _held("Le plus ancien", 1600)
    WorkshopFactory(title="Atelier à venir à Parakou")
    WorkshopFactory(title="Brouillon", status=WorkshopStatus.DRAFT)

    html = client.get("/").content.decode()

    upcoming = _section(html, "Prochains ateliers")
    held = _section(html, "Derniers ateliers tenus")
    assert "Atelier à venir à Parakou" in upcoming and "Coproduction" not in upcoming
    assert held.index("Coproduction de la sécurité en période électorale") < held.index("éducation citoyenne")
    assert "Avec l'appui de Fondation Hanns Seidel" in held
    assert "Un atelier plus ancien" in held and "Le plus ancien" not in held  # the last three
    assert "Brouillon" not in html and "Atelier à venir" not in held


@pytest.mark.django_db
def test_the_home_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for n in range(5):
        _held(f"Atelier tenu {n}", 100 + n, [PartnerFactory(), PartnerFactory()])
        WorkshopFactory(title=f"Atelier à venir {n}")
    with django_assert_max_num_queries(4):
        assert client.get("/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_home_page_is_served_from_the_cache_and_shows_a_workshop_marked_held_at_once(client, page_cache):
    workshop = WorkshopFactory(
        title="Atelier qui vient de se tenir",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=2),
        registration_opens_at=timezone.now() - datetime.timedelta(days=40),
        registration_closes_at=timezone.now() - datetime.timedelta(days=5),
    )
    first = client.get("/").content.decode()
    with CaptureQueriesContext(connection) as captured:
        client.get("/")
    assert len(captured) == 0
    assert "Derniers ateliers tenus" not in first

    services.workshop_mark_held(workshop=workshop, by=UserFactory(is_staff=True))
    workshop.partners.add(PartnerFactory(name="Fondation Hanns Seidel"))

    held = _section(client.get("/").content.decode(), "Derniers ateliers tenus")
    assert "Atelier qui vient de se tenir" in held and "Fondation Hanns Seidel" in held
