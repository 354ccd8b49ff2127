"""Staff check people in from a phone-sized browser: the typed code, then the same code again."""

import pytest

from tests.conftest import accessibility_violations, sign_in
from tests.factories import DelegateFactory, PartyOfficialFactory, UserFactory, WorkshopFactory
from workshops import services
from workshops.models import Attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_checks_a_delegate_in_by_the_printed_code_and_a_second_time_changes_nothing(live_server, page):
    staff = UserFactory(email="accueil@misp.bj", is_staff=True, is_superuser=True)
    official = PartyOfficialFactory(party__acronym="UPP")
    delegate = DelegateFactory(party=official.party, first_name="Adjoa", last_name="Zinsou")
    workshop = WorkshopFactory(title="Élections apaisées")
    [enrollment] = services.enroll_delegates(workshop=workshop, party=official.party, delegates=[delegate], by=official.user)

    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/ateliers/emargement/{workshop.pk}/")
    assert accessibility_violations(page) == []
    page.get_by_label("Code imprimé sous le QR code").fill(enrollment.checkin_code)
    page.get_by_role("button", name="Enregistrer la présence").click()
    assert "Adjoa Zinsou · UPP — attendu(e) aujourd'hui : présence enregistrée." in page.locator("#resultat").inner_text()
    assert accessibility_violations(page) == []
    page.get_by_label("Code imprimé sous le QR code").fill(enrollment.checkin_code)
    page.get_by_role("button", name="Enregistrer la présence").click()

    assert "déjà enregistré à" in page.locator("#resultat").inner_text()
    assert Attendance.objects.filter(enrollment=enrollment).count() == 1
