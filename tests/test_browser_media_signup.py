"""A social-media actor signs up in a real browser, from the home page to the confirmed dashboard,
on a desktop and on a phone, reading the confirmation link from the e-mail actually received."""

import pytest

from accounts.models import User
from tests.conftest import accessibility_violations, mailed_link
from tests.factories import commune

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_media_actor_signs_up_from_the_home_page_to_the_confirmed_dashboard(live_server, page, smtp_server):
    commune("ouidah")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Créer un compte").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Créer un compte d'acteur des médias sociaux"
    assert accessibility_violations(page) == []

    page.get_by_label("Adresse e-mail").fill("sourou.akpovi@exemple.bj")
    page.locator("#id_first_name").fill("Sourou")
    page.locator("#id_last_name").fill("Akpovi")
    page.get_by_label("Téléphone").fill("01 97 45 67 89")
    page.get_by_label("Commune").select_option(label="Ouidah")
    page.get_by_label("Je suis web-activiste").check()
    page.locator("#id_plateformes-0-kind").select_option(label="Compte X")
    page.locator("#id_plateformes-0-handle").fill("@sourou_veille")
    page.locator("#id_plateformes-0-audience_size").fill("3200")
    page.locator("#id_password1").fill("un-mot-de-passe-solide-2026")
    page.locator("#id_password2").fill("un-mot-de-passe-solide-2026")
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/compte/confirm-email/")
    assert accessibility_violations(page) == []

    [message] = smtp_server.to("sourou.akpovi@exemple.bj")
    page.goto(live_server.url + mailed_link(message, "/compte/confirm-email/"))
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/espace/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mon espace"
    assert page.get_by_text("Bonjour Sourou Akpovi.").is_visible()
    assert accessibility_violations(page) == []
    actor = User.objects.get(email="sourou.akpovi@exemple.bj")
    assert list(actor.media_profile.platforms.values_list("kind", "handle", "audience_size")) == [("x", "@sourou_veille", 3200)]
    assert actor.emailaddress_set.get().verified is True


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
    for path in ("/espace/parti/delegues/", "/espace/parti/delegues/ajouter/", "/espace/parti/delegues/importer/",
                 "/espace/parti/responsables/", "/espace/profil/", "/donnees-personnelles/", "/inscription/parti/"):
        page.goto(live_server.url + path)
        assert (path, accessibility_violations(page)) == (path, [])
        # Tables scroll inside their box: the page itself never scrolls sideways on a phone.
        assert (path, page.evaluate("document.documentElement.scrollWidth")) == (path, page.viewport_size["width"])
