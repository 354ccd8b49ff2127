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


def test_visitor_sees_the_seats_held_for_parties_and_the_cached_figures_follow_every_change(client, page_cache,
                                                                                          django_assert_max_num_queries):
    from tests.factories import DelegateFactory, MediaActorFactory, PartyOfficialFactory, close_registration

    workshop = WorkshopFactory(title="Places comptées", capacity=10, party_quota=3)
    official = PartyOfficialFactory()
    adjoa, _bio = DelegateFactory(party=official.party), DelegateFactory(party=official.party)
    with django_assert_max_num_queries(12):
        assert _places(client, workshop) == ("10 places restantes sur 10 : 10 places pour les acteurs des médias, "
                                             "0 places réservées aux partis · 3 délégués au plus par parti")

    services.enrollment_create_for_delegates(workshop=workshop, party=official.party, delegates=[adjoa], by=official.user)
    assert _places(client, workshop) == ("9 places restantes sur 10 : 7 places pour les acteurs des médias, "
                                         "2 places réservées aux partis · 3 délégués au plus par parti")
    actor = MediaActorFactory().user
    services.enrollment_create_for_media_actor(workshop=workshop, user=actor, by=actor)
    assert _places(client, workshop).startswith("8 places restantes sur 10 : 6 places pour les acteurs des médias, 2 places")
    close_registration(workshop)
    services.allocation_release_unused(workshop=workshop, party=official.party, to="waiting_list", by=None)
    assert _places(client, workshop) == ("8 places restantes sur 10 : 8 places pour les acteurs des médias, "
                                         "0 places réservées aux partis · 3 délégués au plus par parti")
    assert selectors.seats_left_for(workshop=workshop) == 8
