"""Certificates for everyone: a party's officials find their delegates' certificates in Mon espace,
one by one and all in one PDF; each delegate, who has no account, receives by SMS a link that opens
their own certificate without signing in. The link's token is never stored readable, and a client
trying links is held for a while, in French."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.parties.models import OfficialRole
from portal.ground.notifications.models import Outbox
from portal.ground.notifications.sms import sms_segments
from tests.factories import MediaActorFactory, PartyOfficialFactory, WorkshopFactory, workshop_days_come
from tests.plugins.documents import pdf_qr_codes, pdf_text
from workshops import services
from workshops.documents import certificate_link_token, certificate_verify_url
from workshops.models import Certificate

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/ateliers/attestation/\d+/[A-Za-z0-9_-]+/")


@pytest.fixture
def held(party_official, staff_user, smtp_server, sms_gateway, django_capture_on_commit_callbacks):
    """A one-day workshop held by staff: Adjoa and Bio (delegates of the UPP) and a media actor
    were present, Chabi was enrolled but absent. The SMS are delivered to the stand-in gateway."""
    workshop = WorkshopFactory(title="Coproduction de la sécurité à Possotomè", capacity=10, party_quota=3)
    party = party_official.party
    adjoa, bio, chabi = (party.delegates.get(first_name=n) for n in ("Adjoa", "Bio", "Chabi"))
    with django_capture_on_commit_callbacks(execute=True):
        enrollments = services.enrollment_create_for_delegates(
            workshop=workshop, party=party, delegates=[adjoa, bio, chabi], by=party_official.user
        )
        actor = MediaActorFactory(user__first_name="Fifamè", user__last_name="Agbo").user
        media = services.enrollment_create_for_media_actor(workshop=workshop, user=actor, by=actor)
        workshop = workshop_days_come(workshop)  # the workshop's day comes: presence is recorded then
        [day] = workshop.days()
        services.attendance_mark(enrollments=[*enrollments[:2], media], day=day, by=staff_user)
        assert services.workshop_mark_held(workshop=workshop, by=staff_user, now=workshop.ends_at)
    return workshop, enrollments


def _sms_to(gateway, phone):
    return [r["form"]["message"] for r in gateway.requests if r["form"]["to"] == phone]


def test_responsable_downloads_each_certificate_and_all_of_them_in_one_pdf(client, party_official, held):
    workshop, [adjoa, bio, chabi] = held
    client.force_login(party_official.user)

    space = client.get(reverse("accounts:dashboard")).content.decode()
    page_url = reverse("workshops:party_certificates", args=[workshop.slug])
    assert page_url in space
    page = client.get(page_url).content.decode()
    one = client.get(reverse("workshops:certificate", args=[bio.pk]))
    everything = client.get(reverse("workshops:party_certificates_pdf", args=[workshop.slug]))

    assert adjoa.person_name in page and bio.person_name in page and chabi.person_name not in page
    assert "Fifamè" not in page
    assert reverse("workshops:party_certificates_pdf", args=[workshop.slug]) in page
    assert [bio.person_name in text for text in pdf_text(one.content)] == [True]
    texts = pdf_text(everything.content)
    certificates = [Certificate.objects.get(enrollment=e) for e in (adjoa, bio)]
    assert everything["Content-Type"] == "application/pdf"
    assert len(texts) == 2  # one page per certificate, in the order of the roster
    assert [(adjoa.person_name in text, bio.person_name in text) for text in texts] == [
        (True, False),
        (False, True),
    ]
    assert [certificate.printed_code in text for certificate, text in zip(certificates, texts)] == [
        True,
        True,
    ]
    assert pdf_qr_codes(everything.content) == [certificate_verify_url(c) for c in certificates]


def test_membre_reads_the_certificates_and_another_party_reaches_none(client, party_official, held):
    workshop, [adjoa, _bio, _chabi] = held
    membre = PartyOfficialFactory(party=party_official.party, role=OfficialRole.MEMBRE)
    client.force_login(membre.user)
    assert client.get(reverse("workshops:party_certificates_pdf", args=[workshop.slug])).status_code == 200

    client.force_login(PartyOfficialFactory(party__name="Parti voisin", party__acronym="PV").user)
    own_page = client.get(reverse("workshops:party_certificates", args=[workshop.slug])).content.decode()
    assert adjoa.person_name not in own_page
    assert "Aucun délégué du parti n'a obtenu d'attestation" in own_page
    assert client.get(reverse("workshops:party_certificates_pdf", args=[workshop.slug])).status_code == 404
    assert client.get(reverse("workshops:certificate", args=[adjoa.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("workshops:party_certificates", args=[workshop.slug])).status_code == 302


def test_each_delegate_present_receives_an_sms_whose_link_opens_their_certificate(client, held, sms_gateway):
    _workshop, [adjoa, bio, chabi] = held

    sms = {e.person_name: _sms_to(sms_gateway, str(e.delegate.phone)) for e in (adjoa, bio, chabi)}

    # By SMS even to a delegate with an e-mail (their confirmation went by e-mail): the absent one gets none.
    assert [len(sms[e.person_name]) for e in (adjoa, bio, chabi)] == [1, 1, 0]
    text = sms[adjoa.person_name][-1]
    assert text.startswith("MISP : votre attestation de participation")
    assert sms_segments(text) <= 2
    [link] = LINK.findall(text)
    response = Client().get(link)
    assert response["Content-Type"] == "application/pdf"
    certificate = Certificate.objects.get(enrollment=adjoa)
    [page] = pdf_text(response.content)
    assert adjoa.person_name in page and certificate.printed_code in page
    assert pdf_qr_codes(response.content) == [certificate_verify_url(certificate)]
    # Nobody with an account is sent a link: they download it from Mon espace.
    assert Outbox.objects.filter(kind="certificate-issued").count() == 2


def test_the_link_token_is_never_stored_and_a_second_issue_sends_nothing(held, staff_user, sms_gateway):
    workshop, [adjoa, _bio, _chabi] = held
    certificate = Certificate.objects.get(enrollment=adjoa)
    row = Outbox.objects.get(key=f"certificate-issued:{certificate.pk}")
    stored = repr(list(Outbox.objects.filter(pk=row.pk).values()))

    assert row.carries_secret and row.status == "sent"
    assert certificate_link_token(certificate) not in stored
    assert row.sms_text == ""  # a message with a secret link is erased from the journal once sent

    sent = len(sms_gateway.requests)
    services.certificates_issue(workshop=workshop)
    workshop = workshop_days_come(workshop)
    services.attendance_mark(enrollments=[adjoa], day=workshop.days()[0], by=staff_user)
    assert len(sms_gateway.requests) == sent
    assert Outbox.objects.filter(kind="certificate-issued").count() == 2


def test_a_wrong_or_altered_link_gets_a_french_page(client, held):
    _workshop, [adjoa, bio, _chabi] = held
    mine, theirs = (Certificate.objects.get(enrollment=e) for e in (adjoa, bio))
    token = certificate_link_token(mine)
    altered = [
        reverse(
            "workshops:certificate_link", args=[mine.pk, token[:-1] + ("A" if token[-1] != "A" else "B")]
        ),
        reverse("workshops:certificate_link", args=[theirs.pk, token]),
        reverse("workshops:certificate_link", args=[mine.pk, token[:10]]),
        reverse("workshops:certificate_link", args=[999999, token]),
    ]
    for address in altered:
        response = client.get(address)
        assert response.status_code == 404, address
        assert "Ce lien ne correspond à aucune attestation." in response.content.decode()


HELD_AT_LINKS = "Trop de liens d&#x27;attestation erronés depuis votre connexion."


def test_client_trying_links_is_held_in_french_while_others_still_open_theirs(client, held, settings):
    _workshop, [adjoa, _bio, _chabi] = held
    certificate = Certificate.objects.get(enrollment=adjoa)
    right = reverse("workshops:certificate_link", args=[certificate.pk, certificate_link_token(certificate)])
    [limit] = [
        int(r.split("/")[0]) for r in settings.PORTAL_RATE_LIMITS["certificate_link_failed"].split(",")
    ]

    answers = [
        client.get(
            reverse("workshops:certificate_link", args=[certificate.pk, f"faux{n:018d}"]),
            REMOTE_ADDR="41.138.1.1",
        ).status_code
        for n in range(limit)
    ]
    held_out = client.get(right, REMOTE_ADDR="41.138.1.1")

    assert answers == [404] * limit
    assert (held_out.status_code, HELD_AT_LINKS in held_out.content.decode()) == (429, True)
    assert client.get(right, REMOTE_ADDR="41.138.2.2")["Content-Type"] == "application/pdf"


def test_the_sms_waiting_to_leave_holds_a_placeholder_instead_of_the_token(party_official, staff_user):
    workshop = WorkshopFactory(capacity=10, party_quota=3)
    adjoa = party_official.party.delegates.get(first_name="Adjoa")
    [enrollment] = services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=[adjoa], by=party_official.user
    )
    workshop = workshop_days_come(workshop)
    services.attendance_mark(enrollments=[enrollment], day=workshop.days()[0], by=staff_user)
    services.workshop_mark_held(
        workshop=workshop, by=staff_user, now=workshop.ends_at
    )  # nothing leaves: no commit

    certificate = Certificate.objects.get(enrollment=enrollment)
    row = Outbox.objects.get(key=f"certificate-issued:{certificate.pk}")
    assert (row.channel, row.phone, row.status, row.carries_secret) == (
        "sms",
        str(adjoa.phone),
        "pending",
        True,
    )
    assert f"/ateliers/attestation/{certificate.pk}/__secret_token__/" in row.sms_text
    assert certificate_link_token(certificate) not in repr(list(Outbox.objects.filter(pk=row.pk).values()))


def test_the_certificates_page_and_pdf_cost_the_same_queries_however_many_delegates(
    client, party_official, held, django_assert_max_num_queries
):
    workshop, _enrollments = held
    client.force_login(party_official.user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("workshops:party_certificates", args=[workshop.slug])).status_code == 200
    with django_assert_max_num_queries(10):
        assert (
            client.get(reverse("workshops:party_certificates_pdf", args=[workshop.slug])).status_code == 200
        )


def test_the_sms_stays_within_two_parts_with_the_longest_title_and_address(
    party_official, staff_user, settings
):
    from portal.ground.notifications.services.secrets import delivered_parts

    settings.SITE_URL = "https://coproduction-securite.interieur.gouv.bj"
    workshop = WorkshopFactory(
        title=("Prévention des conflits et coproduction de la sécurité " * 4)[:200],
        slug="long-titre",
        party_quota=3,
    )
    adjoa = party_official.party.delegates.get(first_name="Adjoa")
    [enrollment] = services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=[adjoa], by=party_official.user
    )
    workshop = workshop_days_come(workshop)
    services.attendance_mark(enrollments=[enrollment], day=workshop.days()[0], by=staff_user)
    services.workshop_mark_held(workshop=workshop, by=staff_user, now=workshop.ends_at)

    certificate = Certificate.objects.get(enrollment=enrollment)
    sms = delivered_parts(Outbox.objects.get(key=f"certificate-issued:{certificate.pk}")).sms_text
    assert certificate_link_token(certificate) in sms
    assert sms_segments(sms) <= 2
