"""Convocations: one PDF per delegate or all in one, read back with pypdf; the QR code decoded by a
real decoder gives a token that checks the person in."""

import pytest
from django.urls import reverse

from tests.factories import SessionFactory, WorkshopFactory, workshop_days_come
from tests.plugins.documents import pdf_qr_codes, pdf_text
from workshops import services
from workshops.documents import convocation_token, enrollment_from_token
from workshops.models import Attendance

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    workshop = WorkshopFactory(title="Élections apaisées", capacity=10, party_quota=3)
    SessionFactory(workshop=workshop, title="Le rôle des délégués le jour du vote")
    return workshop


def test_party_official_downloads_one_convocation_whose_qr_checks_in(
    client, party_official, workshop, staff_user
):
    adjoa = party_official.party.delegates.get(first_name="Adjoa")
    [enrollment] = services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=[adjoa], by=party_official.user
    )
    client.force_login(party_official.user)

    response = client.get(reverse("workshops:convocation", args=[enrollment.pk]))

    assert response["Content-Type"] == "application/pdf"
    [text] = pdf_text(response.content)
    assert "Convocation" in text
    assert "Adjoa " + adjoa.last_name in text
    assert "Union pour la Paix (UPP)" in text
    assert "Élections apaisées" in text
    assert "Le rôle des délégués le jour du vote" in text
    assert enrollment.checkin_code in text
    assert pdf_qr_codes(response.content) == [convocation_token(enrollment)]
    [token] = pdf_qr_codes(response.content)
    workshop_days_come(workshop)  # the day comes
    result = services.attendance_check_in(
        workshop=workshop, token_or_code=token, day=workshop.days()[0], by=staff_user
    )
    assert (result.enrollment, result.created, result.expected) == (enrollment, True, True)
    assert list(Attendance.objects.values_list("enrollment", "method")) == [(enrollment.pk, "qr")]


def test_party_official_downloads_all_convocations_as_one_pdf(client, party_official, workshop):
    delegates = list(party_official.party.delegates.order_by("first_name")[:3])
    enrollments = services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=delegates, by=party_official.user
    )
    client.force_login(party_official.user)

    response = client.get(reverse("workshops:party_convocations", args=[workshop.slug]))

    assert response["Content-Type"] == "application/pdf"
    pages = pdf_text(response.content)
    assert (
        sorted((enrollment_from_token(t) for t in pdf_qr_codes(response.content)), key=lambda e: e.pk)
        == enrollments
    )
    # One page per delegate, each with the name and the code printed under its QR.
    assert sorted(
        next(e.pk for e in enrollments if e.person_name in page and e.checkin_code in page) for page in pages
    ) == [e.pk for e in enrollments]


def test_outsider_cannot_download_another_partys_convocation(client, party_official, workshop):
    from tests.factories import PartyOfficialFactory

    adjoa = party_official.party.delegates.get(first_name="Adjoa")
    [enrollment] = services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=[adjoa], by=party_official.user
    )
    other = PartyOfficialFactory()
    client.force_login(other.user)

    assert client.get(reverse("workshops:convocation", args=[enrollment.pk])).status_code == 404
    assert client.get(reverse("workshops:party_convocations", args=[workshop.slug])).status_code == 404


def test_media_actor_downloads_own_convocation(client, media_actor, workshop):
    enrollment = services.enrollment_create_for_media_actor(
        workshop=workshop, user=media_actor, by=media_actor
    )
    client.force_login(media_actor)

    response = client.get(reverse("workshops:convocation", args=[enrollment.pk]))

    [text] = pdf_text(response.content)
    assert "Fifamè Agbo" in text.splitlines()
    assert "Parti" not in text.splitlines()


def test_forged_token_names_no_enrollment(party_official, workshop):
    adjoa = party_official.party.delegates.get(first_name="Adjoa")
    [enrollment] = services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=[adjoa], by=party_official.user
    )
    token = convocation_token(enrollment)
    payload, signature = token.rsplit(":", 1)

    assert enrollment_from_token(token) == enrollment
    assert enrollment_from_token(payload + ":" + signature[::-1]) is None
    assert enrollment_from_token("nimporte:quoi") is None
