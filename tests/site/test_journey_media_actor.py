"""Journey 2: a social-media actor signs up from the home page, confirms the address from the
e-mail a real Celery worker delivered to a loopback SMTP server, enrolls in a workshop and
downloads a file reserved to its participants — in Chromium, on a desktop and on a phone."""

import pytest

from accounts.models import User
from tests.factories import (
    PDF_BYTES,
    CommunicationFactory,
    CommunicationFileFactory,
    WorkshopFactory,
    commune,
)
from tests.plugins.browser import accessibility_violations, downloaded
from tests.plugins.mail import mailed_link
from tests.plugins.workers import wait_for_mail
from workshops.models import Enrollment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("library_storage"),
]


def test_media_actor_signs_up_confirms_enrolls_and_downloads_a_participants_file(
    live_server, page, journey_mail
):
    commune("ouidah")
    workshop = WorkshopFactory(title="Vérifier avant de partager", capacity=5)
    reserved = CommunicationFactory(workshop=workshop, title="Repérer une rumeur", visibility="participants")
    CommunicationFileFactory(communication=reserved, label="Guide de vérification")

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

    [message] = wait_for_mail(journey_mail, "sourou.akpovi@exemple.bj")
    page.goto(live_server.url + mailed_link(message, "/compte/confirm-email/"))
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/espace/")
    assert page.get_by_text("Bonjour Sourou Akpovi.").is_visible()
    assert accessibility_violations(page) == []

    page.goto(live_server.url + workshop.get_absolute_url())
    assert page.get_by_role("link", name="Guide de vérification").count() == 0
    page.get_by_role("link", name="S'inscrire").click()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Confirmer mon inscription").click()
    assert page.get_by_role("link", name="Télécharger ma convocation (PDF)").is_visible()
    assert accessibility_violations(page) == []
    actor = User.objects.get(email="sourou.akpovi@exemple.bj")
    assert list(Enrollment.objects.values_list("user", "workshop", "status")) == [
        (actor.pk, workshop.pk, "confirmed")
    ]
    _signup, confirmed = wait_for_mail(journey_mail, actor.email, count=2)
    assert workshop.title in confirmed["Subject"]
    assert [part.get_filename() for part in confirmed.iter_attachments()] == [f"{workshop.slug}.ics"]

    page.goto(live_server.url + workshop.get_absolute_url())
    assert accessibility_violations(page) == []
    assert downloaded(page, "Guide de vérification") == PDF_BYTES
