"""Journey 3: a party's responsable signs in, enrolls delegates up to the party's quota, is told
so on one more, and downloads all the convocations in one PDF; the confirmations reach the
responsable through a real worker and a loopback SMTP server. Journey 4: staff at the door check
a delegate in by typing the code printed on that convocation. In Chromium, desktop and phone."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.factories import (
    DelegateFactory,
    PartyOfficialFactory,
    UserFactory,
    WorkshopFactory,
    workshop_days_come,
)
from tests.plugins.browser import accessibility_violations, sign_in
from tests.plugins.documents import pdf_text
from tests.plugins.workers import wait_for_mail
from workshops import services
from workshops.models import Attendance, CheckinMethod, Enrollment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_party_official_enrolls_delegates_up_to_the_quota_and_downloads_the_convocations(
    live_server, page, journey_mail
):
    official = PartyOfficialFactory(
        user__email="responsable@upp.bj", party__name="Union pour la Paix", party__acronym="UPP"
    )
    for first_name in ["Adjoa", "Bio", "Chabi"]:
        DelegateFactory(party=official.party, first_name=first_name, last_name="Zinsou")
    workshop = WorkshopFactory(title="Élections apaisées", capacity=10, party_quota=2)

    page.goto(live_server.url + "/compte/login/")
    assert accessibility_violations(page) == []
    sign_in(page, live_server, official.user)
    assert accessibility_violations(page) == []
    page.goto(live_server.url + workshop.get_absolute_url())
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Inscrire des délégués").click()
    assert accessibility_violations(page) == []
    page.get_by_label("Adjoa Zinsou").check()
    page.get_by_label("Bio Zinsou").check()
    page.get_by_role("button", name="Inscrire les délégués cochés").click()
    assert page.get_by_text("2 délégué(s) inscrit(s).").is_visible()
    assert page.locator("#quota").inner_text().startswith("Quota du parti : 2/2")
    assert accessibility_violations(page) == []

    page.get_by_label("Chabi Zinsou").check()
    page.get_by_role("button", name="Inscrire les délégués cochés").click()
    assert page.get_by_text("Quota du parti atteint (2/2).").is_visible()
    assert accessibility_violations(page) == []
    assert sorted(
        Enrollment.objects.filter(workshop=workshop).values_list("delegate__first_name", "status")
    ) == [("Adjoa", "confirmed"), ("Bio", "confirmed")]

    with page.expect_download() as download:
        page.get_by_role("link", name="Convocation de Adjoa Zinsou (PDF)").click()
    assert download.value.suggested_filename.startswith(f"convocation-{workshop.slug}-")
    with open(download.value.path(), "rb") as pdf:
        assert ["Adjoa Zinsou" in text for text in pdf_text(pdf.read())] == [True]
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger toutes les convocations (un PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        pages = pdf_text(pdf.read())
    names = ["Adjoa Zinsou", "Bio Zinsou", "Chabi Zinsou"]
    assert sorted([name for name in names if name in text] for text in pages) == [
        ["Adjoa Zinsou"],
        ["Bio Zinsou"],
    ]
    # The responsable gets a copy of each confirmation, delivered by the worker.
    copies = wait_for_mail(journey_mail, "responsable@upp.bj", count=2)
    assert sorted(message["Subject"].strip() for message in copies) == [
        "Délégué inscrit : Adjoa Zinsou — Élections apaisées",
        "Délégué inscrit : Bio Zinsou — Élections apaisées",
    ]


def _printed_code(enrollment, official):
    """The code printed under the QR code of the convocation, read back from the PDF."""
    client = Client()
    client.force_login(official.user)
    response = client.get(f"/ateliers/inscriptions/{enrollment.pk}/convocation.pdf")
    assert response.status_code == 200
    [text] = pdf_text(response.content)
    [code] = [word for word in text.split() if word == enrollment.checkin_code]
    return code


def test_staff_check_a_delegate_in_by_the_code_on_the_convocation_then_see_it_is_already_done(
    live_server, page
):
    staff = UserFactory(email="accueil@misp.bj", is_staff=True, is_superuser=True)
    official = PartyOfficialFactory(party__acronym="UPP")
    delegate = DelegateFactory(party=official.party, first_name="Adjoa", last_name="Zinsou")
    workshop = WorkshopFactory(title="Élections apaisées")
    [enrollment] = services.enrollment_create_for_delegates(
        workshop=workshop, party=official.party, delegates=[delegate], by=official.user
    )
    code = _printed_code(enrollment, official)
    workshop_days_come(workshop)  # the day of the workshop

    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/ateliers/emargement/{workshop.pk}/")
    # The page keeps the day's roster on the phone and checks people in from it, online or not.
    expect(page.locator("#checkin-state")).to_contain_text("Liste chargée à")
    assert accessibility_violations(page) == []
    page.get_by_label("Code imprimé sous le QR code").fill(code)
    page.get_by_role("button", name="Enregistrer la présence").click()
    expect(page.locator("#resultat")).to_contain_text(
        "Adjoa Zinsou · UPP — attendu(e) aujourd'hui : présence enregistrée."
    )
    assert accessibility_violations(page) == []
    page.get_by_label("Code imprimé sous le QR code").fill(code)
    page.get_by_role("button", name="Enregistrer la présence").click()
    expect(page.locator("#resultat")).to_contain_text("déjà enregistré(e) aujourd'hui.")
    expect(page.locator("#checkin-pending")).to_have_text("Toutes les présences sont envoyées.")
    assert accessibility_violations(page) == []
    assert list(Attendance.objects.values_list("enrollment", "method")) == [
        (enrollment.pk, CheckinMethod.CODE)
    ]
