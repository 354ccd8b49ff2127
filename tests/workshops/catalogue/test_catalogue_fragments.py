"""The catalogue built anew joins its stored content, cards and filter forms
(workshops/fragments.py): what a visitor reads is the same, in each language, a change shows at
once, and a list is kept no longer than until the next workshop ends."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.ground.pagecache import page_cache
from tests.factories import UserFactory, VenueFactory, WorkshopFactory, commune

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("workshops:catalogue")


def _stored(pattern):
    return page_cache()._cache.get_client().keys(f"*{pattern}*")  # noqa: SLF001 -- the stored entries themselves


def _stored_filter_forms():
    return _stored("filter-form:")


def test_a_second_visit_reads_nothing_from_the_database_and_shows_the_same_catalogue(
    client, django_assert_num_queries
):
    WorkshopFactory(title="Atelier de Parakou")
    WorkshopFactory(title="Atelier de Lokossa")
    first = client.get(CATALOGUE).content.decode()
    with django_assert_num_queries(0):  # the list's content is stored: no count, no ids
        second = client.get(CATALOGUE).content.decode()
    assert second == first
    assert "Atelier de Parakou" in second and "Atelier de Lokossa" in second


def test_a_workshop_changed_by_staff_shows_at_once_on_its_card(client):
    workshop = WorkshopFactory(title="Titre d'origine")
    assert "Titre d&#x27;origine" in client.get(CATALOGUE).content.decode()
    workshop.title = "Titre corrigé"
    workshop.save()  # what the admin does
    page = client.get(CATALOGUE).content.decode()
    assert "Titre corrigé" in page and "Titre d&#x27;origine" not in page


def test_each_language_reads_its_own_cards_and_form(client):
    WorkshopFactory(title="Atelier bilingue")
    french = client.get(CATALOGUE).content.decode()
    english = client.get("/en" + CATALOGUE).content.decode()
    assert "Toutes les communes" in french and "All communes" in english
    assert 'href="/ateliers/' in french and 'href="/en/ateliers/' in english
    assert "Atelier bilingue" in french and "Atelier bilingue" in english


def test_a_signed_in_person_gets_the_same_cards_under_their_own_header(client):
    WorkshopFactory(title="Atelier partagé")
    anonymous = client.get(CATALOGUE).content.decode()
    client.force_login(UserFactory())
    signed_in = client.get(CATALOGUE).content.decode()
    assert "Atelier partagé" in signed_in and "Mon espace" in signed_in and "Mon espace" not in anonymous


def test_the_chosen_filters_show_selected_and_a_refused_value_is_never_stored(client):
    lokossa = commune("lokossa")
    WorkshopFactory(title="Atelier de Lokossa", venue=VenueFactory(commune=lokossa))
    chosen = client.get(CATALOGUE, {"commune": lokossa.slug}).content.decode()
    assert f'<option value="{lokossa.slug}" selected>' in chosen
    assert f'<option value="{lokossa.slug}">' in client.get(CATALOGUE).content.decode()
    stored = set(_stored_filter_forms())

    contents = set(_stored("list-content:"))

    for year in range(1800, 1830):
        refused = client.get(CATALOGUE, {"annee": year})
        assert refused.status_code == 200 and "Toutes les années" in refused.content.decode()
    for page in ("999", "deux"):
        assert client.get(CATALOGUE, {"page": page}).status_code == 200
    assert set(_stored_filter_forms()) == stored
    assert set(_stored("list-content:")) == contents


def test_a_visitors_own_parameters_never_reach_the_links_others_are_served(client):
    WorkshopFactory(title="Atelier de Parakou")
    client.force_login(UserFactory())
    own = client.get(CATALOGUE, {"periode": "tous", "suivi": "campagne-42"}).content.decode()
    client.logout()
    other = client.get(CATALOGUE, {"periode": "tous"}).content.decode()
    assert "Atelier de Parakou" in own and "Atelier de Parakou" in other
    own_content = own[own.index("<main") : own.index("</main>")]  # the head names the page's own address
    assert "campagne-42" not in own_content and "campagne-42" not in other


def test_a_list_is_kept_no_longer_than_until_the_next_workshop_ends(client):
    """What is upcoming changes when a workshop ends, with nothing saved: the stored list goes then."""
    start = timezone.now() + datetime.timedelta(minutes=30)
    WorkshopFactory(
        title="Atelier du jour",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        registration_closes_at=start - datetime.timedelta(minutes=10),
    )
    WorkshopFactory(title="Atelier du mois prochain")
    client.get(CATALOGUE)
    [key] = _stored("list-content:")
    seconds_left = page_cache()._cache.get_client().ttl(key)  # noqa: SLF001 -- the stored entry itself
    assert 2.5 * 3600 - 60 <= seconds_left <= 2.5 * 3600 + 2
