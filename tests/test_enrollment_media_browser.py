"""A social-media actor, in Chromium, signs in and takes a seat from the workshop's page."""

import pytest
from allauth.account.models import EmailAddress

from tests.conftest import accessibility_violations
from tests.factories import MediaActorFactory, WorkshopFactory
from workshops.models import Enrollment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_media_actor_signs_in_and_takes_a_seat_from_the_workshop_page(live_server, page):
    user = MediaActorFactory(user__email="blogueur@medias.bj").user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    workshop = WorkshopFactory(title="Vérifier avant de partager", capacity=5)

    page.goto(live_server.url + "/compte/login/")
    page.locator("input[name=login]").fill("blogueur@medias.bj")
    page.locator("input[name=password]").fill("motdepasse-solide-2026")
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(lambda url: "/compte/login/" not in url)
    page.goto(live_server.url + workshop.get_absolute_url())
    page.get_by_role("link", name="S'inscrire").click()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Confirmer mon inscription").click()

    assert page.get_by_role("link", name="Télécharger ma convocation (PDF)").is_visible()
    assert accessibility_violations(page) == []
    assert list(Enrollment.objects.values_list("user__email", "status")) == [("blogueur@medias.bj", "confirmed")]
