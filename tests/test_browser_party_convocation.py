"""A party's responsable, in Chromium, signs in, enrolls two delegates and downloads a convocation."""

import pytest

from tests.conftest import accessibility_violations, sign_in
from tests.factories import DelegateFactory, PartyOfficialFactory, WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_party_official_signs_in_enrolls_delegates_and_downloads_a_convocation(live_server, page):
    official = PartyOfficialFactory(user__email="responsable@upp.bj", party__name="Union pour la Paix", party__acronym="UPP")
    for first_name in ["Adjoa", "Bio", "Chabi"]:
        DelegateFactory(party=official.party, first_name=first_name, last_name="Zinsou")
    workshop = WorkshopFactory(title="Élections apaisées", capacity=10, party_quota=2)

    sign_in(page, live_server, official.user)
    page.goto(live_server.url + workshop.get_absolute_url())
    page.get_by_role("link", name="Inscrire des délégués").click()
    assert accessibility_violations(page) == []
    page.get_by_label("Adjoa Zinsou").check()
    page.get_by_label("Bio Zinsou").check()
    page.get_by_role("button", name="Inscrire les délégués cochés").click()

    assert page.get_by_text("2 délégué(s) inscrit(s).").is_visible()
    assert page.locator("#quota").inner_text().startswith("Quota du parti : 2/2")
    assert accessibility_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Convocation de Adjoa Zinsou (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename.startswith(f"convocation-{workshop.slug}-")
