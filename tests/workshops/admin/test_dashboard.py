"""Mon espace, one page per kind of account: a party's status, roster and quota ledger with its
actions; a social-media actor's enrollments with their documents and the communications they may
download; in a bounded number of queries whatever the amount of data."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tests.accounts.test_accounts_story import profile_data
from tests.factories import (
    PDF_BYTES,
    AttendanceFactory,
    CommunicationFactory,
    CommunicationFileFactory,
    DelegateFactory,
    EnrollmentFactory,
    PartyOfficialFactory,
    WorkshopFactory,
    commune,
    workshop_days_come,
)
from workshops import services
from workshops.library.models import Visibility
from workshops.models import WorkshopStatus

pytestmark = pytest.mark.django_db


def _page(client):
    return " ".join(client.get(reverse("accounts:dashboard")).content.decode().split())


def test_party_official_sees_status_roster_and_only_its_own_ledger_with_actions(
    client, party_official, staff_user
):
    workshop = WorkshopFactory(title="Élections apaisées", capacity=10, party_quota=3)
    other = PartyOfficialFactory(party__acronym="AUTRE")
    services.enrollment_create_for_delegates(
        workshop=workshop, party=other.party, delegates=[DelegateFactory(party=other.party)], by=other.user
    )
    adjoa, bio = party_official.party.delegates.filter(first_name__in=["Adjoa", "Bio"]).order_by("first_name")
    enrollments = services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=[adjoa, bio], by=party_official.user
    )
    workshop_days_come(workshop)
    services.attendance_mark(enrollments=enrollments[:1], day=workshop.days()[0], by=staff_user)
    client.force_login(party_official.user)

    page = _page(client)

    assert "Union pour la Paix (UPP)" in page and "Parti vérifié par le ministère" in page
    assert "4 délégués actifs" in page
    assert reverse("parties:official_list") in page
    assert (
        "<dt>Places accordées</dt><dd>3</dd></div> <div><dt>Inscrits</dt><dd>2</dd></div> "
        "<div><dt>Présents</dt><dd>1</dd>"
    ) in page
    assert page.count('class="ledger-figures"') == 1  # its own line, not the other party's
    assert reverse("workshops:party_enroll", args=[workshop.slug]) in page
    assert reverse("workshops:party_convocations", args=[workshop.slug]) in page
    assert "Places occupées / accordées" not in page  # one ledger, not two
    assert "Communications à télécharger" not in page


def test_party_dashboard_queries_do_not_grow_with_its_workshops(
    client, party_official, django_assert_max_num_queries
):
    client.force_login(party_official.user)
    for _n in range(6):
        workshop = WorkshopFactory(party_quota=3)
        services.enrollment_create_for_delegates(
            workshop=workshop,
            party=party_official.party,
            delegates=list(party_official.party.delegates.all()[:2]),
            by=party_official.user,
        )
    with django_assert_max_num_queries(10):  # 9, and whether the person answers for an addressee
        page = _page(client)
    assert page.count(reverse("workshops:party_convocations", args=[workshop.slug])) == 1
    assert page.count('class="ledger-figures"') == 6


def test_media_actor_sees_documents_and_the_communications_they_may_download(
    client, media_actor, library_storage
):
    ago = timezone.now() - datetime.timedelta(days=30)
    past = WorkshopFactory(
        title="Vérifier avant de partager",
        starts_at=ago,
        status=WorkshopStatus.HELD,
        registration_opens_at=ago - datetime.timedelta(days=20),
        registration_closes_at=ago - datetime.timedelta(days=2),
    )
    upcoming = WorkshopFactory(title="Élections apaisées")
    elsewhere = WorkshopFactory(title="Un atelier sans elle")
    attended = EnrollmentFactory(workshop=past, user=media_actor)
    AttendanceFactory(enrollment=attended)
    seat = EnrollmentFactory(workshop=upcoming, user=media_actor)
    slides = CommunicationFactory(
        workshop=past, title="Les fausses nouvelles", visibility=Visibility.PARTICIPANTS
    )
    slides_file = CommunicationFileFactory(communication=slides, label="Diaporama")
    CommunicationFactory(workshop=past, title="Note interne", visibility=Visibility.STAFF)
    CommunicationFileFactory(
        communication=CommunicationFactory(
            workshop=elsewhere, title="Pas pour elle", visibility=Visibility.PARTICIPANTS
        )
    )
    opening = CommunicationFactory(
        workshop=upcoming, title="Discours inaugural", visibility=Visibility.PUBLIC
    )
    CommunicationFileFactory(communication=opening, file=ContentFile(PDF_BYTES, name="discours.pdf"))
    client.force_login(media_actor)

    page = _page(client)

    assert reverse("workshops:convocation", args=[attended.pk]) in page
    assert reverse("workshops:certificate", args=[attended.pk]) in page
    assert reverse("workshops:convocation", args=[seat.pk]) in page
    assert reverse("workshops:certificate", args=[seat.pk]) not in page  # not held yet
    section = page.split("Communications à télécharger")[1]
    assert [
        title
        for title in ("Discours inaugural", "Les fausses nouvelles", "Note interne", "Pas pour elle")
        if title in section
    ] == ["Discours inaugural", "Les fausses nouvelles"]
    assert slides_file.get_absolute_url() in section and "(PDF, " in section
    assert "Ateliers et quotas du parti" not in page


def test_media_actor_dashboard_queries_do_not_grow_with_enrollments_and_files(
    client, media_actor, library_storage, django_assert_max_num_queries
):
    for _n in range(4):
        workshop = WorkshopFactory()
        EnrollmentFactory(workshop=workshop, user=media_actor)
        for visibility in (Visibility.PUBLIC, Visibility.PARTICIPANTS):
            CommunicationFileFactory.create_batch(
                2, communication=CommunicationFactory(workshop=workshop, visibility=visibility)
            )
    client.force_login(media_actor)
    with django_assert_max_num_queries(12):  # 11, and whether the person answers for an addressee
        page = _page(client)
    assert page.split("Communications à télécharger")[1].count('download="diaporama.pdf"') == 16


def test_staff_dashboard_is_bounded_in_queries(staff_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):  # 8, and whether the person answers for an addressee
        assert reverse("admin:index") in _page(staff_client)


def test_media_actor_chooses_sms_and_stops_reminders_from_the_profile(client, media_actor):
    media_actor.phone, media_actor.commune = "+2290197000001", commune("bohicon")
    media_actor.save(update_fields=["phone", "commune"])
    media_actor.refresh_from_db()
    client.force_login(media_actor)
    data = profile_data(media_actor, [("facebook", "Bohicon Infos", "120")])
    del data["reminders_enabled"]
    response = client.post(reverse("accounts:profile"), data)
    assert response["Location"] == reverse("accounts:dashboard")
    media_actor.refresh_from_db()
    assert (media_actor.preferred_channel, media_actor.reminders_enabled) == ("sms", False)
