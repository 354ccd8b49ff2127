"""A page the cache holds is answered at the door (portal/ground/pagehits.py) to a visitor who
cannot be signed in: same body, same headers as the whole stack gives, and never a stale page."""

import re

import pytest
from django.urls import reverse

from portal.ground import pagehits
from portal.ground.pagecache import page_link_query
from tests.factories import MediaActorFactory, UserFactory, WorkshopFactory
from workshops import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_page_links_are_in_the_caches_order_and_page_one_is_the_list_itself():
    assert page_link_query("theme=vote&commune=ouidah", 3) == "commune=ouidah&page=3&theme=vote"
    assert page_link_query("theme=vote&page=4", 1) == "theme=vote"
    assert page_link_query("", 2) == "page=2"
    assert (
        page_link_query("q=s%C3%A9curit%C3%A9+%C3%A9lectorale", 2)
        == "page=2&q=s%C3%A9curit%C3%A9+%C3%A9lectorale"
    )


def _through_the_stack(response):
    # Sessions and authentication ran only if the request went down the middleware stack.
    return hasattr(response.wsgi_request, "session")


def _visits(client, url, times=3, **headers):
    return [client.get(url, headers=headers) for _ in range(times)]


def test_third_visit_is_answered_at_the_door_with_the_stacks_body_and_headers(client, page_cache):
    WorkshopFactory(title="Atelier servi à la porte")
    stored, served, door = _visits(client, reverse("workshops:catalogue"), accept_encoding="gzip")

    # Stored on the first visit, served from the cache by the stack on the second: from then on
    # this process knows the page and answers it before the stack.
    assert _through_the_stack(stored) and _through_the_stack(served)
    assert not _through_the_stack(door)
    assert door.status_code == 200
    assert door.content == served.content
    assert dict(door.items()) == dict(served.items())
    assert door["Content-Encoding"] == "gzip"
    assert "Cookie" in door["Vary"] and "Accept-Encoding" in door["Vary"]
    assert door["Content-Security-Policy"] and door["X-Frame-Options"]


def test_revisit_with_the_etag_gets_a_304_at_the_door(client, page_cache):
    WorkshopFactory()
    url = reverse("workshops:catalogue")
    *_, door = _visits(client, url)
    revisit = client.get(url, headers={"if_none_match": door["ETag"]})
    assert revisit.status_code == 304 and not revisit.content
    assert not _through_the_stack(revisit)


def test_a_change_shows_at_once_even_to_a_visitor_answered_at_the_door(client, page_cache):
    workshop = WorkshopFactory(title="Titre d'origine", capacity=5, party_quota=None)
    *_, door = _visits(client, workshop.get_absolute_url())
    assert not _through_the_stack(door) and "5 places restantes" in door.content.decode()

    actor = MediaActorFactory().user
    services.enrollment_create_for_media_actor(workshop=workshop, user=actor, by=actor)
    after_enrollment = client.get(workshop.get_absolute_url())
    assert "4 places restantes" in after_enrollment.content.decode()

    workshop.title = "Titre corrigé"
    workshop.save()
    assert "Titre corrigé" in client.get(workshop.get_absolute_url()).content.decode()
    assert "Titre corrigé" in client.get(reverse("workshops:catalogue")).content.decode()


def test_each_language_is_answered_in_its_own_language(client, page_cache):
    WorkshopFactory()
    *_, french = _visits(client, reverse("workshops:catalogue"))
    *_, english = _visits(client, "/en" + reverse("workshops:catalogue"))
    assert not _through_the_stack(french) and not _through_the_stack(english)
    assert french["Content-Language"] == "fr" and 'lang="fr"' in french.content.decode()
    assert english["Content-Language"] == "en" and 'lang="en"' in english.content.decode()


def test_a_signed_in_person_is_never_answered_at_the_door(client, page_cache):
    WorkshopFactory()
    _visits(client, reverse("workshops:catalogue"))
    client.force_login(UserFactory(email="awa@exemple.bj"))
    signed_in = client.get(reverse("workshops:catalogue"))
    assert _through_the_stack(signed_in)
    assert "awa@exemple.bj" in signed_in.content.decode() or "Mon espace" in signed_in.content.decode()


def test_a_visitor_with_a_message_waiting_goes_down_the_stack(client, page_cache):
    WorkshopFactory()
    _visits(client, reverse("workshops:catalogue"))
    client.cookies["messages"] = "en attente"
    assert _through_the_stack(client.get(reverse("workshops:catalogue")))


def test_an_address_the_cache_normalises_is_not_learned(client, page_cache):
    WorkshopFactory()
    url = reverse("workshops:catalogue") + "?utm_source=facebook"
    assert all(_through_the_stack(response) for response in _visits(client, url, times=4))


def test_a_host_not_allowed_is_refused_at_the_door_too(client, page_cache):
    WorkshopFactory()
    _visits(client, reverse("workshops:catalogue"))
    assert client.get(reverse("workshops:catalogue"), headers={"host": "pirate.example"}).status_code == 400


def test_following_next_page_asks_for_the_address_the_door_answers(client, page_cache, settings):
    settings.CATALOGUE_PAGE_SIZE = 2
    for n in range(5):
        WorkshopFactory(title=f"Atelier paginé {n}")
    # The visitor came with the parameters in their own order, and an extra one.
    first = client.get(reverse("workshops:catalogue") + "?public=media&utm_source=sms&periode=tous")
    next_link = re.search(r'href="\?([^"]+)" rel="next"', first.content.decode()).group(1)
    assert next_link.replace("&amp;", "&") == "page=2&periode=tous&public=media"  # the cache's order

    url = reverse("workshops:catalogue") + "?" + next_link.replace("&amp;", "&")
    stored, served, door = _visits(client, url)
    assert _through_the_stack(served) and not _through_the_stack(door)
    previous_link = re.search(r'href="\?([^"]*)" rel="prev"', door.content.decode()).group(1)
    assert previous_link.replace("&amp;", "&") == "periode=tous&public=media"  # page 1: the list itself


def test_the_door_forgets_the_page_it_learned_first_when_it_is_full(client, page_cache, monkeypatch):
    monkeypatch.setattr(pagehits, "LEARNED_PAGES_MAX", 2)
    WorkshopFactory()
    catalogue = reverse("workshops:catalogue")
    pages = [catalogue, catalogue + "?periode=passes", catalogue + "?periode=tous"]
    for url in pages:
        _visits(client, url, times=2)  # each learned on its second visit
    # The two learned last are still answered at the door; only the first learned was forgotten.
    assert not _through_the_stack(client.get(pages[1]))
    assert not _through_the_stack(client.get(pages[2]))
    assert _through_the_stack(client.get(pages[0]))
