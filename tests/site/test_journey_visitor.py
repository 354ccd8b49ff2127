"""Journey 1: a visitor browses the catalogue with its filters, opens a workshop and one of its
public communications, and downloads the slides — in Chromium, on a desktop and on a phone."""

import pytest

from tests.factories import (
    PDF_BYTES,
    CommunicationFactory,
    CommunicationFileFactory,
    SpeakerFactory,
    VenueFactory,
    WorkshopFactory,
    commune,
)
from tests.plugins.browser import accessibility_violations, downloaded

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("library_storage"),
]


def test_visitor_filters_the_catalogue_opens_a_communication_and_downloads_it(live_server, page):
    parakou = WorkshopFactory(
        title="Prévenir les violences électorales à Parakou", venue=VenueFactory(commune=commune("parakou"))
    )
    WorkshopFactory(title="Vérifier avant de partager", venue=VenueFactory(commune=commune("cotonou")))
    talk = CommunicationFactory(
        workshop=parakou,
        title="Le rôle des leaders d'opinion",
        speakers=[SpeakerFactory(name="Expédit B. Ologou")],
    )
    CommunicationFileFactory(communication=talk, label="Diaporama")
    reserved = CommunicationFactory(
        workshop=parakou, title="Cartographie des risques", visibility="participants"
    )
    CommunicationFileFactory(communication=reserved, label="Carte des risques")

    page.goto(live_server.url + "/")
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Voir les ateliers").click()
    assert page.locator(".workshop-card .card-title").all_inner_texts() == [
        "Prévenir les violences électorales à Parakou",
        "Vérifier avant de partager",
    ]
    assert accessibility_violations(page) == []
    page.get_by_label("Commune").select_option(label="Parakou")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**commune=parakou**")
    assert page.locator(".workshop-card .card-title").all_inner_texts() == [
        "Prévenir les violences électorales à Parakou"
    ]
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="Prévenir les violences électorales à Parakou").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Prévenir les violences électorales à Parakou"
    # The reserved file is announced but not offered to a visitor.
    assert page.get_by_role("link", name="Carte des risques").count() == 0
    assert page.get_by_role("link", name="connectez-vous").count() == 1
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="Le rôle des leaders d'opinion").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Le rôle des leaders d'opinion"
    assert accessibility_violations(page) == []
    assert downloaded(page, "Diaporama") == PDF_BYTES
    assert talk.files.get().download_count == 1
