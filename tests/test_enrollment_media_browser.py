"""A social-media actor, in Chromium, signs in and takes a seat from the workshop's page."""

import pytest

from tests.conftest import accessibility_violations, sign_in
from tests.factories import MediaActorFactory, WorkshopFactory
from workshops.models import Enrollment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_media_actor_signs_in_and_takes_a_seat_from_the_workshop_page(live_server, page):
    user = MediaActorFactory(user__email="blogueur@medias.bj").user
    workshop = WorkshopFactory(title="Vérifier avant de partager", capacity=5)

    sign_in(page, live_server, user)
    page.goto(live_server.url + workshop.get_absolute_url())
    page.get_by_role("link", name="S'inscrire").click()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Confirmer mon inscription").click()

    assert page.get_by_role("link", name="Télécharger ma convocation (PDF)").is_visible()
    assert accessibility_violations(page) == []
    assert list(Enrollment.objects.values_list("user__email", "status")) == [("blogueur@medias.bj", "confirmed")]
