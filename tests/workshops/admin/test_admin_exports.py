"""Staff export enrollments and the parties' delegates from the admin (CSV and XLSX, with the
list's filters applied), import the ministry's register of parties, and read a party's history;
every file parses back with exactly the rows expected."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.parties.models import Party, PartyStatus
from tests.factories import DelegateFactory, MediaActorFactory, PartyFactory, WorkshopFactory, commune
from tests.plugins.documents import admin_export, xlsx_rows
from workshops import services

pytestmark = pytest.mark.django_db

ENROLLMENT_HEADERS = [
    "atelier",
    "nom",
    "catégorie",
    "parti",
    "téléphone",
    "adresse e-mail",
    "commune",
    "statut",
    "code d'émargement",
    "genre",
    "réponses aux questions",
    "inscrit le",
]


def _rows(response, file_format):
    if file_format == "csv":
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return xlsx_rows(response.content)


@pytest.fixture
def enrollments(party_official):
    workshop = WorkshopFactory(title="Élections apaisées", capacity=4, party_quota=2)
    other = WorkshopFactory(title="Autre atelier")
    adjoa, bio = party_official.party.delegates.order_by("first_name")[:2]
    delegates = services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=[adjoa, bio], by=party_official.user
    )
    actor = MediaActorFactory(
        user__first_name="Fifamè",
        user__last_name="Agbo",
        user__email="fifame@medias.bj",
        user__phone="+2290196000001",
        user__commune=commune("bohicon"),
    ).user
    media = services.enrollment_create_for_media_actor(workshop=workshop, user=actor, by=actor)
    services.enrollment_withdraw(enrollment=delegates[1], by=party_official.user)
    services.enrollment_create_for_media_actor(workshop=other, user=actor, by=actor)
    return workshop, [*delegates, media]


def _enrollment_row(enrollment, kind, status):
    enrollment.refresh_from_db()
    person = enrollment.delegate or enrollment.user
    return [
        "Élections apaisées",
        enrollment.person_name,
        kind,
        "UPP" if enrollment.delegate_id else "",
        str(enrollment.delegate.phone) if enrollment.delegate_id else "+2290196000001",
        person.email,
        person.commune.name,
        status,
        enrollment.checkin_code,
        enrollment.delegate.get_gender_display() if enrollment.delegate_id else "",
        "",
        timezone.localtime(enrollment.created_at).strftime("%d/%m/%Y %H:%M"),
    ]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_staff_export_one_workshops_enrollments_with_the_lists_filter(staff_client, enrollments, file_format):
    workshop, (adjoa, bio, fifame) = enrollments
    changelist = reverse("admin:workshops_enrollment_changelist")
    response = admin_export(staff_client, changelist, file_format, f"?workshop__id__exact={workshop.pk}")
    assert _rows(response, file_format) == [
        ENROLLMENT_HEADERS,
        _enrollment_row(adjoa, "délégué de parti", "Confirmé"),
        _enrollment_row(bio, "délégué de parti", "Retiré"),
        _enrollment_row(fifame, "acteur des médias sociaux", "Confirmé"),
    ]


DELEGATE_HEADERS = [
    "parti",
    "nom",
    "prénom",
    "genre",
    "téléphone",
    "adresse e-mail",
    "commune",
    "fonction dans le parti",
    "archivé le",
]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_staff_export_the_delegates_of_one_party(staff_client, file_format):
    party = PartyFactory(name="Union pour la Paix", acronym="UPP")
    DelegateFactory(
        party=party,
        first_name="Bio",
        last_name="Zannou",
        phone="+2290197111111",
        email="",
        commune=commune("parakou"),
        party_role="Trésorier",
    )
    DelegateFactory(
        party=party,
        first_name="Adjoa",
        last_name="Akpovi",
        phone="+2290197222222",
        email="adjoa@upp.bj",
        gender="F",
    )
    DelegateFactory(party=PartyFactory(), first_name="Autre", last_name="Parti")
    changelist = reverse("admin:parties_delegate_changelist")
    response = admin_export(staff_client, changelist, file_format, f"?party__id__exact={party.pk}")
    assert _rows(response, file_format) == [
        DELEGATE_HEADERS,
        ["UPP", "Akpovi", "Adjoa", "Femme", "+2290197222222", "adjoa@upp.bj", "Cotonou", "", ""],
        ["UPP", "Zannou", "Bio", "Homme", "+2290197111111", "", "Parakou", "Trésorier", ""],
    ]


def test_staff_import_the_ministrys_register_of_parties_from_the_admin(staff_client, staff_user):
    known = PartyFactory(name="Union progressiste", acronym="UP", registration_number="MISP/2019/001")
    import_url = reverse("admin:parties_party_import")
    form = staff_client.get(import_url).context["form"]
    csv_format = next(value for value, label in form.fields["format"].choices if label == "csv")
    upload = SimpleUploadedFile(
        "registre.csv",
        (
            "nom,sigle,numéro d'enregistrement,date d'enregistrement,commune du siège\n"
            "Union progressiste le renouveau,UPR,MISP/2019/001,12/03/2019,Porto-Novo\n"
            "Bloc républicain,BR,MISP/2019/002,20/03/2019,Cotonou\n"
        ).encode(),
        content_type="text/csv",
    )
    preview = staff_client.post(import_url, {"format": csv_format, "resource": 0, "import_file": upload})
    assert preview.status_code == 200 and Party.objects.count() == 1
    done = staff_client.post(
        reverse("admin:parties_party_process_import"), {**preview.context["confirm_form"].initial}
    )
    assert done.status_code == 302
    assert list(Party.objects.order_by("registration_number").values_list("name", "acronym", "status")) == [
        ("Union progressiste le renouveau", "UPR", known.status),
        ("Bloc républicain", "BR", PartyStatus.PENDING),
    ]
    known.refresh_from_db()
    assert [(h.history_type, h.name, h.history_user) for h in known.history.order_by("history_id")] == [
        ("+", "Union progressiste", None),
        ("~", "Union progressiste le renouveau", staff_user),
    ]


def test_a_partys_verification_is_read_in_its_history(staff_client, staff_user):
    party = PartyFactory(name="Bloc républicain", status=PartyStatus.PENDING)
    staff_client.post(
        reverse("admin:parties_party_changelist"), {"action": "verify", "_selected_action": [party.pk]}
    )
    party.refresh_from_db()
    assert party.status == PartyStatus.VERIFIED
    last = party.history.order_by("-history_id").first()
    assert (last.status, last.history_user) == (PartyStatus.VERIFIED, staff_user)
    history = staff_client.get(reverse("admin:parties_party_history", args=[party.pk]))
    assert history.status_code == 200
    assert "Vérifié" in history.content.decode()


def test_a_partys_sign_up_is_recorded_in_its_history_with_its_responsable():
    from accounts.parties.services import party_register
    from tests.factories import VerifiedUserFactory

    responsable = VerifiedUserFactory(email="rachida@udd.bj")
    party = party_register(
        user=responsable,
        name=" Union démocratique ",
        acronym="UDD",
        registration_number="MISP/42",
        registration_date=datetime.date(2019, 3, 1),
        head_office_commune=commune("cotonou"),
    )
    assert [(h.history_type, h.name, h.history_user) for h in party.history.all()] == [
        ("+", "Union démocratique", responsable)
    ]
