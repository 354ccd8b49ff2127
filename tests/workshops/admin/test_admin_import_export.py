"""Staff export workshops and speakers to CSV and XLSX, import speakers and the ministry's
register of parties; every file parses back with exactly the rows expected."""

import csv
import datetime
import io

import openpyxl
import pytest
import tablib
from django.urls import reverse
from django.utils import timezone

from accounts.parties.models import Party, PartyStatus
from accounts.parties.resources import PartyRegisterResource
from tests.factories import PartyFactory, SpeakerFactory, VenueFactory, WorkshopFactory, commune
from tests.plugins.documents import admin_export, xlsx_rows
from workshops.models import Speaker, WorkshopStatus
from workshops.resources import SpeakerResource, WorkshopResource

pytestmark = pytest.mark.django_db

WORKSHOP_HEADERS = [
    "identifiant",
    "titre",
    "thème",
    "public",
    "statut",
    "début",
    "fin",
    "lieu",
    "commune",
    "places",
    "places occupées",
    "quota par parti",
    "structure organisatrice",
]


@pytest.fixture
def workshops():
    starts_at = timezone.make_aware(datetime.datetime(2022, 12, 12, 8, 30))
    first = WorkshopFactory(
        title="Coproduction de la sécurité en période électorale",
        slug="periode-electorale-2022",
        venue=VenueFactory(name="Palais des Congrès"),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=8),
        registration_opens_at=starts_at - datetime.timedelta(days=14),
        registration_closes_at=starts_at - datetime.timedelta(days=3),
        capacity=200,
        party_quota=4,
        status=WorkshopStatus.HELD,
    )
    second = WorkshopFactory(
        title="Vérifier avant de partager",
        slug="verifier",
        party_quota=None,
        venue=VenueFactory(name="Maison des médias"),
    )
    return first, second


def _expected_workshop_rows(first, second):
    return [
        [
            "periode-electorale-2022",
            "Coproduction de la sécurité en période électorale",
            first.theme.name,
            "Partis politiques et acteurs des médias sociaux",
            "Tenu",
            "12/12/2022 08:30",
            "12/12/2022 16:30",
            "Palais des Congrès",
            "Cotonou",
            "200",
            "0",
            "4",
            "Ministère de l'Intérieur et de la Sécurité Publique",
        ],
        [
            "verifier",
            "Vérifier avant de partager",
            second.theme.name,
            "Partis politiques et acteurs des médias sociaux",
            "Publié",
            timezone.localtime(second.starts_at).strftime("%d/%m/%Y %H:%M"),
            timezone.localtime(second.ends_at).strftime("%d/%m/%Y %H:%M"),
            "Maison des médias",
            "Cotonou",
            "30",
            "0",
            "",
            "Ministère de l'Intérieur et de la Sécurité Publique",
        ],
    ]


def test_workshop_export_parses_back_from_csv_and_xlsx(workshops):
    dataset = WorkshopResource().export()
    expected = _expected_workshop_rows(*workshops)
    assert list(csv.reader(io.StringIO(dataset.csv))) == [WORKSHOP_HEADERS, *expected]
    assert xlsx_rows(dataset.xlsx) == [WORKSHOP_HEADERS, *expected]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_staff_exports_the_workshops_from_the_admin(staff_client, workshops, file_format):
    response = admin_export(staff_client, reverse("admin:workshops_workshop_changelist"), file_format)
    rows = (
        list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        if file_format == "csv"
        else xlsx_rows(response.content)
    )
    assert rows == [WORKSHOP_HEADERS, *_expected_workshop_rows(*workshops)]


def _speaker_rows():
    return [(s.name, s.slug, s.title, s.organisation) for s in Speaker.objects.order_by("name")]


def test_staff_imports_speakers_from_csv_matching_on_the_identifier():
    SpeakerFactory(name="Vital Gnaho", slug="vital-gnaho", title="Directeur")
    data = (
        "nom,identifiant,titre ou fonction,organisation,courte biographie\r\n"
        "Vital Gnaho,vital-gnaho,Directeur des partis politiques et des affaires électorales,MISP,\r\n"
        "Expédit B. Ologou,,Docteur en science politique,,\r\n"
    )
    result = SpeakerResource().import_data(tablib.Dataset().load(data, format="csv"), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert _speaker_rows() == [
        ("Expédit B. Ologou", "expedit-b-ologou", "Docteur en science politique", ""),
        ("Vital Gnaho", "vital-gnaho", "Directeur des partis politiques et des affaires électorales", "MISP"),
    ]
    again = SpeakerResource().import_data(tablib.Dataset().load(data, format="csv"), dry_run=False)
    assert [row.import_type for row in again.rows] == ["skip", "skip"]
    assert Speaker.objects.count() == 2


def test_speakers_export_to_xlsx_and_import_back_unchanged():
    SpeakerFactory(
        name="Delphin Tokpon", slug="delphin-tokpon", title="Secrétaire Général", organisation="MISP"
    )
    SpeakerFactory(
        name="François Awoudo", slug="francois-awoudo", title="Expert en communication", organisation=""
    )
    before = _speaker_rows()
    content = SpeakerResource().export().xlsx
    assert xlsx_rows(content) == [
        ["nom", "identifiant", "titre ou fonction", "organisation", "courte biographie"],
        ["Delphin Tokpon", "delphin-tokpon", "Secrétaire Général", "MISP", ""],
        ["François Awoudo", "francois-awoudo", "Expert en communication", "", ""],
    ]
    Speaker.objects.filter(slug="delphin-tokpon").update(title="Autre")
    result = SpeakerResource().import_data(tablib.Dataset().load(content, format="xlsx"), dry_run=False)
    assert not result.has_errors()
    assert _speaker_rows() == before


def _register(rows):
    dataset = tablib.Dataset(
        headers=["nom", "sigle", "numéro d'enregistrement", "date d'enregistrement", "commune du siège"]
    )
    for row in rows:
        dataset.append(row)
    return dataset


def test_ministry_register_of_parties_imports_new_parties_and_updates_known_ones():
    known = PartyFactory(name="Union progressiste", acronym="UP", registration_number="MISP/2019/001")
    register = _register(
        [
            ["Union progressiste le renouveau", "UPR", "MISP/2019/001", "12/03/2019", "Porto-Novo"],
            ["Bloc républicain", "BR", "MISP/2019/002", "2019-03-20", "cotonou"],
        ]
    )
    result = PartyRegisterResource().import_data(register, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert list(
        Party.objects.order_by("registration_number").values_list(
            "name",
            "acronym",
            "registration_number",
            "registration_date",
            "head_office_commune__name",
            "status",
        )
    ) == [
        (
            "Union progressiste le renouveau",
            "UPR",
            "MISP/2019/001",
            datetime.date(2019, 3, 12),
            "Porto-Novo",
            known.status,
        ),
        (
            "Bloc républicain",
            "BR",
            "MISP/2019/002",
            datetime.date(2019, 3, 20),
            "Cotonou",
            PartyStatus.PENDING,
        ),
    ]


def test_ministry_register_with_a_bad_row_imports_nothing_and_names_the_problem():
    commune("porto-novo")
    register = _register(
        [
            ["Parti A", "PA", "MISP/2020/010", "01/02/2020", "Porto-Novo"],
            ["Parti B", "PB", "MISP/2020/011", "01/02/2020", "Atlantide"],
        ]
    )
    result = PartyRegisterResource().import_data(register, dry_run=False)
    assert result.has_validation_errors()
    errors = [str(e) for row in result.invalid_rows for messages in row.error_dict.values() for e in messages]
    assert errors == ["Commune inconnue : « Atlantide »."]
    assert Party.objects.count() == 0


def test_parties_register_exports_to_xlsx_with_french_dates():
    PartyFactory(
        name="Bloc républicain",
        acronym="BR",
        registration_number="MISP/2019/002",
        registration_date=datetime.date(2019, 3, 20),
        head_office_commune=commune("cotonou"),
    )
    assert xlsx_rows(PartyRegisterResource().export().xlsx) == [
        ["nom", "sigle", "numéro d'enregistrement", "date d'enregistrement", "commune du siège"],
        ["Bloc républicain", "BR", "MISP/2019/002", "20/03/2019", "Cotonou"],
    ]


def test_staff_imports_speakers_through_the_admin_after_a_preview(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    import_url = reverse("admin:workshops_speaker_import")
    form = staff_client.get(import_url).context["form"]
    csv_format = next(value for value, label in form.fields["format"].choices if label == "csv")
    upload = SimpleUploadedFile(
        "intervenants.csv",
        "nom,identifiant,titre ou fonction,organisation,courte biographie\n"
        "Waidi Akodjènou,,Commissaire Principal de Police,Police républicaine,\n".encode(),
        content_type="text/csv",
    )
    preview = staff_client.post(import_url, {"format": csv_format, "resource": 0, "import_file": upload})
    assert preview.status_code == 200 and Speaker.objects.count() == 0
    confirm = preview.context["confirm_form"]
    done = staff_client.post(reverse("admin:workshops_speaker_process_import"), {**confirm.initial})
    assert done.status_code == 302
    assert _speaker_rows() == [
        ("Waidi Akodjènou", "waidi-akodjenou", "Commissaire Principal de Police", "Police républicaine")
    ]


def test_staff_who_may_only_view_exports_but_cannot_import(client):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    reader = UserFactory(is_staff=True, email="lecteur@misp.bj")
    reader.user_permissions.set(Permission.objects.filter(codename__in=["view_speaker", "view_workshop"]))
    client.force_login(reader)
    assert client.get(reverse("admin:workshops_speaker_export")).status_code == 200
    assert client.get(reverse("admin:workshops_workshop_export")).status_code == 200
    assert client.get(reverse("admin:workshops_speaker_import")).status_code == 403
    changelist = client.get(reverse("admin:workshops_speaker_changelist")).content.decode()
    assert reverse("admin:workshops_speaker_import") not in changelist


def test_a_speaker_named_like_a_formula_is_exported_as_text():
    SpeakerFactory(name="@SUM(1+1)*cmd|' /C calc'!A0", organisation="+229 Bénin", bio="-")

    rows = list(csv.reader(io.StringIO(SpeakerResource().export().csv)))
    sheet = openpyxl.load_workbook(io.BytesIO(SpeakerResource().export().xlsx)).active
    cells = list(sheet.iter_rows(min_row=2))[0]

    assert (rows[1][0], rows[1][3], rows[1][4]) == ("'@SUM(1+1)*cmd|' /C calc'!A0", "'+229 Bénin", "'-")
    assert [(cells[i].value, cells[i].data_type) for i in (0, 3, 4)] == [
        ("'@SUM(1+1)*cmd|' /C calc'!A0", "s"),
        ("'+229 Bénin", "s"),
        ("'-", "s"),
    ]
