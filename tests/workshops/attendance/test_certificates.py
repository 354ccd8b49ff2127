"""After a workshop is held, participants meeting its attendance rule download an attestation whose
code a public page confirms, showing only the name and the workshop."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import WorkshopFactory, workshop_days_come
from tests.plugins.documents import pdf_qr_codes, pdf_text
from workshops import services
from workshops.documents import certificate_verify_url
from workshops.models import AttendanceRule, Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(party_official, staff_user):
    """A two-day workshop, marked held by staff, with Adjoa present both days and Bio the first day only."""
    workshop = WorkshopFactory(title="Coproduction à Possotomè", capacity=10, party_quota=3)
    workshop.ends_at = workshop.starts_at + datetime.timedelta(days=1, hours=2)
    workshop.save()
    adjoa, bio = (party_official.party.delegates.get(first_name=n) for n in ("Adjoa", "Bio"))
    enrollments = services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=[adjoa, bio], by=party_official.user
    )
    first, second = workshop_days_come(workshop).days()
    services.attendance_mark(enrollments=enrollments, day=first, by=staff_user)
    services.attendance_mark(enrollments=enrollments[:1], day=second, by=staff_user)
    assert services.workshop_mark_held(workshop=workshop, by=staff_user, now=workshop.ends_at) is True
    return workshop, enrollments


def test_participant_present_every_day_downloads_an_attestation_verified_on_the_public_page(
    client, party_official, held
):
    workshop, [adjoa, _bio] = held
    client.force_login(party_official.user)

    response = client.get(reverse("workshops:certificate", args=[adjoa.pk]))

    assert response["Content-Type"] == "application/pdf"
    certificate = Certificate.objects.get(enrollment=adjoa)
    [text] = pdf_text(response.content)
    assert "Attestation de participation" in text
    assert adjoa.person_name in text
    assert certificate.printed_code in text
    assert pdf_qr_codes(response.content) == [certificate_verify_url(certificate)]
    client.logout()
    public = client.get(reverse("workshops:verify_certificate", args=[certificate.printed_code]))
    page = public.content.decode()
    assert public.status_code == 200
    assert "Attestation authentique." in page
    assert f"{adjoa.person_name} a participé à l'atelier « Coproduction à Possotomè »." in page
    assert adjoa.person_phone not in page
    assert "UPP" not in page
    assert adjoa.checkin_code not in page


def test_marking_the_workshop_held_issues_the_attestations_once_and_downloads_write_nothing(
    client, party_official, held, staff_user
):
    workshop, [adjoa, _bio] = held
    issued = list(Certificate.objects.values_list("enrollment", "code"))
    client.force_login(party_official.user)

    client.get(reverse("workshops:certificate", args=[adjoa.pk]))
    client.get(reverse("workshops:certificate", args=[adjoa.pk]))
    again = services.workshop_mark_held(workshop=workshop, by=staff_user, now=workshop.ends_at)

    assert [enrollment for enrollment, _code in issued] == [adjoa.pk]
    assert again is False
    assert list(Certificate.objects.values_list("enrollment", "code")) == issued


def test_participant_missing_a_day_gets_no_attestation_under_the_all_days_rule(client, party_official, held):
    _workshop, [adjoa, bio] = held
    client.force_login(party_official.user)

    response = client.get(reverse("workshops:certificate", args=[bio.pk]))

    assert response.status_code == 403
    assert (
        "L&#x27;attestation exige une présence à chaque journée de l&#x27;atelier."
        in response.content.decode()
    )
    assert list(Certificate.objects.values_list("enrollment", flat=True)) == [adjoa.pk]


def test_a_second_day_marked_after_the_workshop_was_held_issues_the_missing_attestation(held, staff_user):
    workshop, [adjoa, bio] = held

    services.attendance_mark(enrollments=[bio], day=workshop.days()[1], by=staff_user)

    assert sorted(Certificate.objects.values_list("enrollment", flat=True)) == sorted([adjoa.pk, bio.pk])


def test_one_day_is_enough_under_the_any_day_rule(party_official, staff_user):
    workshop = WorkshopFactory(attendance_rule=AttendanceRule.ANY_DAY)
    workshop.ends_at = workshop.starts_at + datetime.timedelta(days=1, hours=2)
    workshop.save()
    [bio] = services.enrollment_create_for_delegates(
        workshop=workshop,
        party=party_official.party,
        delegates=[party_official.party.delegates.get(first_name="Bio")],
        by=party_official.user,
    )
    workshop_days_come(workshop)
    services.attendance_mark(enrollments=[bio], day=workshop.days()[1], by=staff_user)

    services.workshop_mark_held(workshop=workshop, by=staff_user, now=workshop.ends_at)

    assert list(Certificate.objects.values_list("enrollment", flat=True)) == [bio.pk]


def test_no_attestation_before_the_workshop_is_held(client, party_official, staff_user):
    workshop = WorkshopFactory()
    [adjoa] = services.enrollment_create_for_delegates(
        workshop=workshop,
        party=party_official.party,
        delegates=[party_official.party.delegates.get(first_name="Adjoa")],
        by=party_official.user,
    )
    workshop_days_come(workshop)
    services.attendance_mark(enrollments=[adjoa], day=workshop.days()[0], by=staff_user)
    client.force_login(party_official.user)

    response = client.get(reverse("workshops:certificate", args=[adjoa.pk]))

    assert response.status_code == 403
    assert "L&#x27;attestation sera disponible une fois l&#x27;atelier tenu." in response.content.decode()
    assert Certificate.objects.count() == 0


def test_unknown_code_is_not_confirmed(client, held):
    response = client.get(reverse("workshops:verify_certificate", args=["ABCD-EFGH-JKLM"]))
    assert response.status_code == 404
    assert "Aucune attestation ne porte le code « ABCD-EFGH-JKLM »." in response.content.decode()


def test_another_party_cannot_download_the_attestation(client, held):
    from tests.factories import PartyOfficialFactory

    _workshop, [adjoa, _bio] = held
    client.force_login(PartyOfficialFactory().user)
    assert client.get(reverse("workshops:certificate", args=[adjoa.pk])).status_code == 404


HELD_AT_VERIFICATION = "Trop de codes d&#x27;attestation erronés depuis votre connexion."


def test_client_guessing_codes_is_held_in_french_while_others_still_verify(
    client, held, settings, page_cache
):
    _workshop, [adjoa, _bio] = held
    right = reverse(
        "workshops:verify_certificate", args=[Certificate.objects.get(enrollment=adjoa).printed_code]
    )
    [limit] = [
        int(rate.split("/")[0]) for rate in settings.PORTAL_RATE_LIMITS["certificate_code_failed"].split(",")
    ]
    assert client.get(right, REMOTE_ADDR="41.138.9.9").status_code == 200  # the page is in the cache now

    # Right codes in between give their attempt back: only the wrong ones count.
    answers = []
    for n in range(limit):
        answers.append(
            client.get(
                reverse("workshops:verify_certificate", args=[f"ABCD-EFGH-{n:04d}"]), REMOTE_ADDR="41.138.1.1"
            ).status_code
        )
        if n < limit - 1:
            answers.append(client.get(right, REMOTE_ADDR="41.138.1.1").status_code)
    held_out = [
        client.get(url, REMOTE_ADDR="41.138.1.1")
        for url in (reverse("workshops:verify_certificate", args=["ABCD-EFGH-ZZZZ"]), right)
    ]

    assert answers == [404, 200] * (limit - 1) + [404]
    assert [(r.status_code, HELD_AT_VERIFICATION in r.content.decode()) for r in held_out] == [
        (429, True)
    ] * 2
    assert "Attestation authentique." not in held_out[1].content.decode()  # not even from the cache
    # Another client is neither held nor slowed by those failures.
    other = client.get(right, REMOTE_ADDR="41.138.2.2")
    assert (other.status_code, "Attestation authentique." in other.content.decode()) == (200, True)
    assert (
        client.get(
            reverse("workshops:verify_certificate", args=["ABCD-EFGH-ZZZZ"]), REMOTE_ADDR="41.138.2.2"
        ).status_code
        == 404
    )


def test_visitor_checking_a_code_with_a_nul_byte_gets_page_not_found(client):
    # PostgreSQL refuses a NUL in a text: the address is refused before any query is made.
    for address in (
        "/ateliers/verifier/AB%00CD/",
        "/ateliers/verifier/%27--/",
        "/ateliers/verifier/AB%00CD-EFGH/",
    ):
        response = client.get(address)
        assert response.status_code == 404 and "Page introuvable" in response.content.decode(), address
    assert client.get("/en/ateliers/verifier/AB%00CD/").status_code == 404
