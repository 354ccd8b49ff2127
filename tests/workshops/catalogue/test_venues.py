"""How to find a workshop's venue: its landmark, its access notes and, when staff know it, its
position as links to OpenStreetMap and to the phone's map application. The page itself loads
nothing from another site: no map tiles, no frame."""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import VenueFactory, WorkshopFactory, commune
from workshops.models import Venue

pytestmark = pytest.mark.django_db


def _venue_with_position():
    return VenueFactory(
        name="Palais des Congrès",
        commune=commune("cotonou"),
        landmark="En face de l'ambassade",
        latitude=Decimal("6.356200"),
        longitude=Decimal("2.421000"),
        access_notes="Entrée côté mer.\nParking gardé.",
    )


def test_visitor_finds_the_landmark_the_access_notes_and_links_to_the_map(client):
    workshop = WorkshopFactory(venue=_venue_with_position())

    html = client.get(workshop.get_absolute_url()).content.decode()

    assert "Repère : En face de l&#x27;ambassade" in html
    assert "Accès : Entrée côté mer.<br>Parking gardé." in html
    assert 'href="https://www.openstreetmap.org/?mlat=6.3562&amp;mlon=2.421#map=17/6.3562/2.421"' in html
    assert 'href="geo:6.3562,2.421"' in html


def test_the_workshop_page_loads_nothing_from_another_site(client):
    workshop = WorkshopFactory(venue=_venue_with_position())

    response = client.get(workshop.get_absolute_url())
    html = response.content.decode()

    assert "<iframe" not in html
    # Every src (images, scripts, frames) and stylesheet is the site's own.
    loaded = re.findall(r'\bsrc="([^"]*)"', html) + re.findall(r'<link[^>]*\bhref="([^"]*)"', html)
    assert [url for url in loaded if re.match(r"(https?:)?//", url)] == []
    assert "openstreetmap" not in response.headers["Content-Security-Policy"]


def test_a_venue_without_a_position_offers_no_map_link(client):
    workshop = WorkshopFactory(venue=VenueFactory(landmark="Derrière la mairie"))

    html = client.get(workshop.get_absolute_url()).content.decode()

    assert "Repère : Derrière la mairie" in html
    assert "openstreetmap.org" not in html and "geo:" not in html


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        (Decimal("6.35"), None),  # half a position
        (None, Decimal("2.42")),
        (Decimal("90.5"), Decimal("2.42")),  # beyond the pole
        (Decimal("-90.5"), Decimal("2.42")),
        (Decimal("6.35"), Decimal("180.5")),
        (Decimal("6.35"), Decimal("-180.5")),
    ],
)
def test_the_database_refuses_half_a_position_or_one_off_the_globe(latitude, longitude):
    with pytest.raises(IntegrityError), transaction.atomic():
        VenueFactory(latitude=latitude, longitude=longitude)


def test_staff_enter_a_venue_with_its_position_and_are_told_in_french_when_half_is_missing(staff_client):
    add = reverse("admin:workshops_venue_add")
    fields = {
        "name": "Maison des jeunes",
        "commune": commune("parakou").pk,
        "address": "",
        "landmark": "Près du grand marché",
        "access_notes": "",
    }

    refused = staff_client.post(add, {**fields, "latitude": "9,34", "longitude": ""})
    too_far = staff_client.post(add, {**fields, "latitude": "95", "longitude": "2,6"})

    assert refused.status_code == too_far.status_code == 200
    assert "Indiquez la latitude et la longitude, ou aucune des deux." in refused.content.decode()
    assert "Assurez-vous que cette valeur est inférieure ou égale à 90." in too_far.content.decode()
    assert not Venue.objects.filter(name="Maison des jeunes").exists()

    # Typed the French way or pasted from a map.
    saved = staff_client.post(add, {**fields, "latitude": "9,34", "longitude": "2.63"})

    assert saved.status_code == 302
    venue = Venue.objects.get(name="Maison des jeunes")
    assert (venue.landmark, venue.geo_uri) == ("Près du grand marché", "geo:9.34,2.63")


def test_the_demo_venues_say_only_what_the_articles_say_and_label_what_is_invented():
    call_command("load_demo")

    for name in ("Palais des Congrès", "Possotomè"):
        venue = Venue.objects.get(name=name)
        assert (venue.address, venue.landmark, venue.access_notes, venue.latitude) == ("", "", "", None)
    for venue in Venue.objects.all():
        for told in (venue.address, venue.landmark, venue.access_notes):
            assert not told or told.startswith("Exemple fictif"), (venue.name, told)
        assert venue.latitude is None
