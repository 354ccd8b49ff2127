"""Account pages in a real browser, on a desktop and on a phone. (The media actor's sign-up, from
the home page to a downloaded participants' file, is journey 2: tests/site/test_journey_media_actor.py.)"""

import pytest

from tests.plugins.browser import accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_party_responsable_pages_pass_the_accessibility_checks(live_server, page):
    from tests.factories import DelegateFactory, PartyOfficialFactory

    official = PartyOfficialFactory(user__email="responsable@exemple.bj")
    DelegateFactory.create_batch(3, party=official.party)
    page.goto(live_server.url + "/compte/login/")
    page.locator("#id_login").fill("responsable@exemple.bj")
    page.locator("#id_password").fill("motdepasse-solide-2026")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/espace/")
    assert accessibility_violations(page) == []
    for path in (
        "/espace/parti/delegues/",
        "/espace/parti/delegues/ajouter/",
        "/espace/parti/delegues/importer/",
        "/espace/parti/responsables/",
        "/espace/profil/",
        "/donnees-personnelles/",
        "/inscription/parti/",
    ):
        page.goto(live_server.url + path)
        assert (path, accessibility_violations(page)) == (path, [])
        # Tables scroll inside their box: the page itself never scrolls sideways on a phone.
        assert (path, page.evaluate("document.documentElement.scrollWidth")) == (
            path,
            page.viewport_size["width"],
        )
