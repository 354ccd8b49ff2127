"""A social-media actor finds a talk in the library and downloads it, in a real browser."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    PDF_BYTES,
    CommunicationFactory,
    CommunicationFileFactory,
    SpeakerFactory,
    WorkshopFactory,
)
from tests.plugins.browser import accessibility_violations
from workshops.models import WorkshopStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("library_storage"),
]


def test_visitor_searches_without_accents_and_downloads_the_slides(live_server, page, tmp_path):
    starts_at = timezone.now() - datetime.timedelta(days=100)
    workshop = WorkshopFactory(
        title="L'éducation citoyenne à la coproduction de la sécurité",
        status=WorkshopStatus.HELD,
        starts_at=starts_at,
        registration_opens_at=starts_at - datetime.timedelta(days=20),
    )
    speaker = SpeakerFactory(name="Expédit B. Ologou", title="Docteur en science politique")
    public = CommunicationFactory(
        workshop=workshop,
        title="Médias sociaux : opportunités et risques pour la sécurité",
        speakers=[speaker],
    )
    CommunicationFileFactory(communication=public, label="Diaporama")
    reserved = CommunicationFactory(
        workshop=workshop, title="État des lieux des menaces", visibility="participants"
    )
    CommunicationFileFactory(communication=reserved)

    page.goto(live_server.url + "/communications/")
    assert accessibility_violations(page) == []
    page.get_by_role("searchbox", name="Rechercher").fill("medias securite")
    page.get_by_role("button", name="Rechercher").click()
    assert page.get_by_role("status").inner_text() == "1 communication"
    page.get_by_role("link", name="Médias sociaux : opportunités et risques pour la sécurité").click()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Médias sociaux : opportunités et risques pour la sécurité"
    )
    assert (
        " ".join(page.locator(".library-files").inner_text().split())
        == f"Diaporama (PDF, {len(PDF_BYTES)} octets)"
    )
    assert accessibility_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Diaporama").click()
    saved = tmp_path / "diaporama.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == PDF_BYTES

    page.get_by_role("link", name="Expédit B. Ologou").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Expédit B. Ologou"
    assert accessibility_violations(page) == []

    page.goto(live_server.url + workshop.get_absolute_url())
    assert page.get_by_role("link", name="connectez-vous").is_visible()
    assert accessibility_violations(page) == []


def test_participant_signs_in_from_the_lock_and_comes_back_to_download(live_server, page, tmp_path):
    from allauth.account.models import EmailAddress

    from tests.factories import EnrollmentFactory, UserFactory

    starts_at = timezone.now() - datetime.timedelta(days=100)
    workshop = WorkshopFactory(
        title="Atelier de Possotomè",
        status=WorkshopStatus.HELD,
        starts_at=starts_at,
        registration_opens_at=starts_at - datetime.timedelta(days=20),
    )
    reserved = CommunicationFactory(
        workshop=workshop, title="État des lieux des menaces", visibility="participants"
    )
    CommunicationFileFactory(communication=reserved, label="Diaporama des menaces")
    blogger = UserFactory(email="blogueuse@exemple.bj")
    EmailAddress.objects.create(user=blogger, email=blogger.email, verified=True, primary=True)
    EnrollmentFactory(workshop=workshop, user=blogger)

    page.goto(live_server.url + workshop.get_absolute_url())
    assert page.get_by_role("link", name="Diaporama des menaces").count() == 0
    page.get_by_role("link", name="connectez-vous").click()
    page.locator("#id_login").fill("blogueuse@exemple.bj")
    page.locator("#id_password").fill("motdepasse-solide-2026")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + workshop.get_absolute_url())
    with page.expect_download() as download:
        page.get_by_role("link", name="Diaporama des menaces").click()
    saved = tmp_path / "menaces.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == PDF_BYTES
