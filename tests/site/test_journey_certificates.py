"""Journey: after the workshop, certificates for everyone. The party's responsable finds the
delegates' certificates in Mon espace, downloads one and then all of them in one PDF (one page
each, the QR code of each read back); a delegate, who has no account, opens theirs from the link
of the SMS they received, in a browser that never signed in. In Chromium, desktop and phone."""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.factories import (
    DelegateFactory,
    PartyOfficialFactory,
    UserFactory,
    WorkshopFactory,
    workshop_days_come,
)
from tests.plugins.browser import accessibility_violations, downloaded, sign_in
from tests.plugins.documents import pdf_qr_codes, pdf_text
from workshops import services
from workshops.documents import certificate_verify_url
from workshops.models import Certificate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+/ateliers/attestation/\d+/[A-Za-z0-9_-]+/")


def _opened_pdf(page, address):
    """The PDF the browser receives when it opens `address` (offered as a download)."""
    with page.expect_download() as download:
        try:
            page.goto(address)
        except PlaywrightError as error:  # Chromium reports the navigation turned into a download
            assert "Download is starting" in str(error)
    with open(download.value.path(), "rb") as content:
        return content.read()


def test_responsable_downloads_the_certificates_and_a_delegate_opens_theirs_from_the_sms(
    live_server, page, browser, settings, smtp_server, sms_gateway
):
    settings.SITE_URL = live_server.url  # the links of the SMS lead to this server
    official = PartyOfficialFactory(
        user__email="responsable@upp.bj", party__name="Union pour la Paix", party__acronym="UPP"
    )
    adjoa, bio = (
        DelegateFactory(party=official.party, first_name=name, last_name="Zinsou", email="", phone=phone)
        for name, phone in (("Adjoa", "+2290197112233"), ("Bio", "+2290197112244"))
    )
    workshop = WorkshopFactory(title="Coproduction de la sécurité à Possotomè", capacity=10, party_quota=2)
    staff = UserFactory(is_staff=True, is_superuser=True, email="organisatrice@misp.bj")
    enrollments = services.enrollment_create_for_delegates(
        workshop=workshop, party=official.party, delegates=[adjoa, bio], by=official.user
    )
    workshop = workshop_days_come(workshop)  # the workshop's day comes: presence is recorded then
    services.attendance_mark(enrollments=enrollments, day=workshop.days()[0], by=staff)
    assert services.workshop_mark_held(workshop=workshop, by=staff, now=workshop.ends_at)
    certificates = [Certificate.objects.get(enrollment=e) for e in enrollments]

    # The responsable, in Mon espace.
    sign_in(page, live_server, official.user)
    page.goto(live_server.url + "/espace/")
    page.get_by_role("link", name=f"Attestations de « {workshop.title} »").click()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == f"Attestations des délégués · « {workshop.title} »"
    )
    assert accessibility_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    one = downloaded(page, "Attestation de Bio Zinsou (PDF)")
    assert ["Bio Zinsou" in text for text in pdf_text(one)] == [True]
    everything = downloaded(page, "Télécharger les 2 attestations (un seul PDF)")
    pages = pdf_text(everything)
    assert [[name for name in ("Adjoa Zinsou", "Bio Zinsou") if name in text] for text in pages] == [
        ["Adjoa Zinsou"],
        ["Bio Zinsou"],
    ]
    assert [c.printed_code in text for c, text in zip(certificates, pages, strict=True)] == [True, True]
    assert pdf_qr_codes(everything) == [certificate_verify_url(c) for c in certificates]

    # Adjoa, who has no account, opens the link of her SMS in a browser that never signed in.
    to_adjoa = [r["form"]["message"] for r in sms_gateway.requests if r["form"]["to"] == "+2290197112233"]
    assert len(to_adjoa) == 2  # her place confirmed, then her certificate
    sms = to_adjoa[-1]
    assert sms.startswith("MISP : votre attestation de participation")
    [link] = LINK.findall(sms)
    delegate_context = browser.new_context(viewport=page.viewport_size, locale="fr-FR")
    try:
        phone = delegate_context.new_page()
        mine = _opened_pdf(phone, link)
        [text] = pdf_text(mine)
        assert "Adjoa Zinsou" in text and certificates[0].printed_code in text
        assert pdf_qr_codes(mine) == [certificate_verify_url(certificates[0])]
        # A link cut short by a phone: a page in French that says so, not an error.
        response = phone.goto(link[:-5] + "/")
        assert response.status == 404
        assert phone.get_by_role("heading", level=1).inner_text() == "Lien d'attestation non valide"
        assert phone.get_by_text("Ce lien ne correspond à aucune attestation.").is_visible()
        assert accessibility_violations(phone) == []
    finally:
        delegate_context.close()
