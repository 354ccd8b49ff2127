"""A visitor browses the catalogue in a real browser, on a desktop and on a phone."""

import pytest

from tests.factories import SessionFactory, SpeakerFactory, WorkshopFactory
from tests.plugins.browser import accessibility_violations
from workshops.models import Audience

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_finds_a_workshop_and_its_agenda_from_the_home_page(live_server, page):
    workshop = WorkshopFactory(title="Vérifier avant de partager")
    SessionFactory(workshop=workshop, title="Reconnaître une fausse alerte").speakers.add(
        SpeakerFactory(name="Expédit B. Ologou")
    )
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Voir les ateliers").click()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Vérifier avant de partager").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vérifier avant de partager"
    assert accessibility_violations(page) == []
    assert page.get_by_text("Reconnaître une fausse alerte").is_visible()
    assert page.get_by_text("Expédit B. Ologou").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    assert download.value.suggested_filename == f"{workshop.slug}.ics"


def test_keyboard_user_skips_to_the_content(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_phone_visitor_never_scrolls_sideways_past_the_longest_audience_badge(live_server, browser):
    WorkshopFactory(title="Ensemble contre la désinformation", audience=Audience.BOTH)
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="fr-FR")
    phone = context.new_page()
    try:
        for path in ("/", "/ateliers/"):
            phone.goto(live_server.url + path)
            badge = phone.get_by_text("Partis politiques et acteurs des médias sociaux").first
            assert badge.is_visible()
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path
            # The badge wraps inside the card rather than running past the screen's edge.
            assert badge.bounding_box()["x"] + badge.bounding_box()["width"] <= 360, path
    finally:
        context.close()
