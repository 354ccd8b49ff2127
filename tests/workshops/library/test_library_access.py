"""Who may download a communication's files: the access matrix, for every download URL."""

import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import (
    PDF_BYTES,
    CommunicationFactory,
    CommunicationFileFactory,
    DelegateFactory,
    EnrollmentFactory,
    MediaActorFactory,
    PartyOfficialFactory,
    UserFactory,
    WorkshopFactory,
    workshop_days_come,
)
from workshops.models import EnrollmentStatus, WorkshopStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library_storage")]

PEOPLE = [
    "anonymous",
    "media_enrolled",
    "media_not_enrolled",
    "official_participating",
    "official_other",
    "staff",
]


def _people():
    """The workshop and one person of each kind the rule tells apart."""
    workshop = WorkshopFactory(status=WorkshopStatus.HELD)
    elsewhere = WorkshopFactory()
    enrolled = MediaActorFactory(user=UserFactory(email="blogueuse@exemple.bj")).user
    EnrollmentFactory(workshop=workshop, user=enrolled)
    outsider = MediaActorFactory(user=UserFactory(email="curieux@exemple.bj")).user
    EnrollmentFactory(workshop=elsewhere, user=outsider)  # enrolled, but in another workshop
    EnrollmentFactory(workshop=workshop, user=UserFactory(), status=EnrollmentStatus.WITHDRAWN)
    participating = PartyOfficialFactory(user=UserFactory(email="responsable@parti-a.bj"))
    EnrollmentFactory(workshop=workshop, delegate=DelegateFactory(party=participating.party))
    other = PartyOfficialFactory(user=UserFactory(email="responsable@parti-b.bj"))
    EnrollmentFactory(workshop=elsewhere, delegate=DelegateFactory(party=other.party))
    # A withdrawn delegate does not make their party a participant.
    EnrollmentFactory(
        workshop=workshop, delegate=DelegateFactory(party=other.party), status=EnrollmentStatus.WITHDRAWN
    )
    users = {
        "anonymous": None,
        "media_enrolled": enrolled,
        "media_not_enrolled": outsider,
        "official_participating": participating.user,
        "official_other": other.user,
        "staff": UserFactory(is_staff=True, email="agent@misp.bj"),
    }
    return SimpleNamespace(workshop=workshop, users=users)


def _client_for(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


ALLOWED, LOGIN, FORBIDDEN, NOT_FOUND = "allowed", "login", "forbidden", "not_found"

# visibility → what each person gets (in the order of PEOPLE)
MATRIX = {
    "public": [ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED],
    "participants": [LOGIN, ALLOWED, FORBIDDEN, ALLOWED, FORBIDDEN, ALLOWED],
    "staff": [NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, ALLOWED],
}
CASES = [
    (visibility, person, outcome)
    for visibility, outcomes in MATRIX.items()
    for person, outcome in zip(PEOPLE, outcomes, strict=True)
]


def _assert_outcome(response, outcome, url):
    if outcome == ALLOWED:
        assert response.status_code == 200
    elif outcome == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
    elif outcome == FORBIDDEN:
        assert response.status_code == 403
        assert "réservé aux personnes inscrites" in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(("visibility", "person", "outcome"), CASES)
def test_file_download_follows_the_access_rule(client, visibility, person, outcome):
    world = _people()
    communication = CommunicationFactory(workshop=world.workshop, visibility=visibility)
    stored = CommunicationFileFactory(communication=communication)
    url = stored.get_absolute_url()

    response = _client_for(client, world.users[person]).get(url)

    _assert_outcome(response, outcome, url)
    stored.refresh_from_db()
    communication.refresh_from_db()
    if outcome == ALLOWED:
        assert _body(response) == PDF_BYTES
        assert response["Content-Disposition"] == 'attachment; filename="diaporama.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        expected_cache = "public, max-age=3600" if visibility == "public" else "private, no-store"
        assert response["Cache-Control"] == expected_cache
        assert (stored.download_count, communication.download_count) == (1, 1)
    else:
        assert (stored.download_count, communication.download_count) == (0, 0)


@pytest.mark.parametrize(("visibility", "person", "outcome"), CASES)
def test_workshop_zip_follows_the_access_rule(client, visibility, person, outcome):
    world = _people()
    communication = CommunicationFactory(workshop=world.workshop, visibility=visibility, slug="expose")
    CommunicationFileFactory(communication=communication)
    url = reverse("library:workshop_zip", args=[world.workshop.slug])

    response = _client_for(client, world.users[person]).get(url)

    _assert_outcome(response, outcome, url)
    if outcome == ALLOWED:
        archive = zipfile.ZipFile(io.BytesIO(_body(response)))
        assert archive.namelist() == ["expose/diaporama.pdf"]
        assert archive.read("expose/diaporama.pdf") == PDF_BYTES
        assert response["Content-Type"] == "application/zip"


ZIP_CONTENTS = {
    "anonymous": ["publique/diaporama.pdf"],
    "media_enrolled": ["publique/diaporama.pdf", "participants/diaporama.pdf"],
    "media_not_enrolled": ["publique/diaporama.pdf"],
    "official_participating": ["publique/diaporama.pdf", "participants/diaporama.pdf"],
    "official_other": ["publique/diaporama.pdf"],
    "staff": ["publique/diaporama.pdf", "participants/diaporama.pdf", "personnel/diaporama.pdf"],
}


@pytest.mark.parametrize("person", PEOPLE)
def test_workshop_zip_holds_exactly_the_files_the_visitor_may_read(client, person):
    world = _people()
    for slug, visibility in (
        ("publique", "public"),
        ("participants", "participants"),
        ("personnel", "staff"),
    ):
        CommunicationFileFactory(
            communication=CommunicationFactory(workshop=world.workshop, visibility=visibility, slug=slug)
        )

    response = _client_for(client, world.users[person]).get(
        reverse("library:workshop_zip", args=[world.workshop.slug])
    )

    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(_body(response))).namelist() == ZIP_CONTENTS[person]
    public_only = ZIP_CONTENTS[person] == ["publique/diaporama.pdf"]
    assert response["Cache-Control"] == ("public, max-age=3600" if public_only else "private, no-store")


def test_workshop_zip_is_built_once_and_rebuilt_when_a_file_changes(client, library_storage):
    workshop = WorkshopFactory()
    first = CommunicationFileFactory(communication=CommunicationFactory(workshop=workshop, slug="premier"))
    url = reverse("library:workshop_zip", args=[workshop.slug])
    client.get(url)
    zips = sorted(p.name for p in (library_storage / "zips").iterdir())
    assert len(zips) == 1
    built = (library_storage / "zips" / zips[0]).stat().st_mtime_ns

    client.get(url)
    assert (library_storage / "zips" / zips[0]).stat().st_mtime_ns == built  # served from disk

    CommunicationFileFactory(communication=CommunicationFactory(workshop=workshop, slug="second"))
    response = client.get(url)
    assert zipfile.ZipFile(io.BytesIO(_body(response))).namelist() == [
        "premier/diaporama.pdf",
        "second/diaporama.pdf",
    ]
    assert [p.name for p in (library_storage / "zips").iterdir()] != zips  # the stale zip is gone
    assert len(list((library_storage / "zips").iterdir())) == 1
    first.refresh_from_db()
    assert first.communication.download_count == 3


def test_visitor_gets_404_for_an_unknown_file_id(client):
    response = client.get(reverse("library:file", args=["00000000-0000-4000-8000-000000000000"]))
    assert response.status_code == 404


def test_visitor_gets_404_for_a_file_of_a_draft_workshop_and_staff_gets_it(client, staff_client):
    draft = WorkshopFactory(status=WorkshopStatus.DRAFT)
    stored = CommunicationFileFactory(communication=CommunicationFactory(workshop=draft))
    client.logout()
    assert client.get(stored.get_absolute_url()).status_code == 404
    assert client.get(reverse("library:workshop_zip", args=[draft.slug])).status_code == 404
    staff_client.force_login(UserFactory(is_staff=True))
    assert _body(staff_client.get(stored.get_absolute_url())) == PDF_BYTES


def test_party_official_whose_delegate_only_attended_may_read(client):
    """A delegate checked in on the day counts even if the enrollment was later marked otherwise."""
    from workshops.models import Attendance, CheckinMethod

    workshop = WorkshopFactory()
    official = PartyOfficialFactory()
    enrollment = EnrollmentFactory(
        workshop=workshop, delegate=DelegateFactory(party=official.party), status=EnrollmentStatus.CANCELLED
    )
    workshop_days_come(workshop)
    Attendance.objects.create(
        enrollment=enrollment, day=workshop.local_start_date, method=CheckinMethod.ADMIN
    )
    stored = CommunicationFileFactory(
        communication=CommunicationFactory(workshop=workshop, visibility="participants")
    )
    client.force_login(official.user)
    assert client.get(stored.get_absolute_url()).status_code == 200


def test_recordings_play_inline_and_documents_download(client):
    communication = CommunicationFactory()
    recording = CommunicationFileFactory(
        communication=communication,
        file=ContentFile(b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 100, name="enregistrement.mp3"),
    )
    response = client.get(recording.get_absolute_url())
    assert response["Content-Disposition"] == 'inline; filename="enregistrement.mp3"'
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Accept-Ranges"] == "bytes"


def test_a_file_missing_from_storage_is_a_404_not_a_crash(client, library_storage):
    stored = CommunicationFileFactory()
    (library_storage / stored.file.name).unlink()
    assert client.get(stored.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("library:workshop_zip", args=[stored.communication.workshop.slug])).status_code
        == 404
    )
