"""Bad input on the party forms and the CSV import: a French error where it belongs, nothing saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from accounts.parties.delegate_csv import read_delegates
from accounts.parties.models import Delegate, Party
from tests.accounts.test_parties_story import party_signup_data
from tests.factories import DelegateFactory, PartyFactory, PartyOfficialFactory

pytestmark = pytest.mark.django_db

HEADER = "prenom;nom;genre;telephone;email;commune;fonction"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("party_name", "union DÉMOCRATIQUE démo", "Un parti porte déjà ce nom."),
        ("acronym", "udd", "Un parti porte déjà ce sigle."),
        ("registration_number", "misp/dppae/2019/0042", "Ce numéro d&#x27;enregistrement est déjà utilisé."),
        (
            "phone",
            "97 00 00 00",
            "Saisissez un numéro de téléphone béninois valide, par exemple +229 01 97 00 00 00.",
        ),
        (
            "phone",
            "+33 6 12 34 56 78",
            "Saisissez un numéro de téléphone béninois valide, par exemple +229 01 97 00 00 00.",
        ),
        ("registration_date", "2999-01-01", "La date d&#x27;enregistrement ne peut pas être dans le futur."),
        ("registration_date", "hier", "Saisissez une date valide."),
    ],
)
def test_party_signup_refuses_bad_input_next_to_the_field(client, field, value, message):
    PartyFactory(name="Union démocratique démo", acronym="UDD", registration_number="MISP/DPPAE/2019/0042")
    response = client.post(
        reverse("accounts:party_signup"), party_signup_data(email="autre@exemple.bj", **{field: value})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message.replace("&#x27;", "'")]
    assert message in response.content.decode()
    assert Party.objects.count() == 1 and not User.objects.exists()


def test_delegate_form_refuses_a_phone_already_on_the_roster(client):
    official = PartyOfficialFactory()
    DelegateFactory(party=official.party, first_name="Awa", last_name="Dossou", phone="+2290197000001")
    DelegateFactory(party=PartyFactory(), phone="+2290197000002")  # another party may have the same person
    client.force_login(official.user)
    data = {
        "first_name": "Awa",
        "last_name": "Doublon",
        "gender": "F",
        "phone": "01 97 00 00 01",
        "commune": official.party.head_office_commune_id,
    }
    response = client.post(reverse("parties:delegate_create"), data)
    assert response.context["form"].errors["phone"] == [
        "Ce numéro figure déjà dans la liste des délégués du parti (Awa Dossou)."
    ]
    assert official.party.delegates.count() == 1
    response = client.post(reverse("parties:delegate_create"), {**data, "phone": "01 97 00 00 02"})
    assert response["Location"] == reverse("parties:delegate_list")
    assert official.party.delegates.count() == 2


def test_delegate_form_refuses_a_malformed_phone(client):
    official = PartyOfficialFactory()
    client.force_login(official.user)
    response = client.post(
        reverse("parties:delegate_create"),
        {
            "first_name": "Awa",
            "last_name": "Dossou",
            "gender": "F",
            "phone": "01 97 AB",
            "commune": official.party.head_office_commune_id,
        },
    )
    assert response.context["form"].errors["phone"] == [
        "Saisissez un numéro de téléphone béninois valide, par exemple +229 01 97 00 00 00."
    ]
    assert not Delegate.objects.exists()


def _upload(client, content, name="delegues.csv"):
    return client.post(
        reverse("parties:delegate_import"),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            "prenom;nom;sexe;tel;ville\nAwa;Dossou;F;0197000001;Cotonou\n".encode(),
            "Les colonnes du fichier ne conviennent pas (colonnes manquantes : commune ; colonnes inconnues : ville).",
        ),
        (
            "first;last\nAwa;Dossou\n".encode(),
            "Les colonnes du fichier ne conviennent pas (colonnes manquantes : prenom, nom, telephone, commune ; "
            "colonnes inconnues : first, last).",
        ),
        (b"\r\nAwa;Dossou\r\n", "Le fichier est vide ou sa première ligne (les noms des colonnes) est vide."),
        (f"{HEADER}\n\n".encode(), "Le fichier ne contient aucun délégué sous la ligne des colonnes."),
    ],
)
def test_import_refuses_a_file_with_wrong_columns_in_french(client, content, error):
    official = PartyOfficialFactory()
    client.force_login(official.user)
    response = _upload(client, content)
    report = response.context["report"]
    assert report.error.startswith(error)
    assert error.replace("'", "&#x27;") in response.content.decode()
    assert response.context["report"].rows == [] and not Delegate.objects.exists()


@pytest.mark.parametrize(
    ("encoding", "bom", "separator"),
    [
        ("utf-8", "", ";"),
        ("utf-8", "\ufeff", ";"),
        ("utf-8", "\ufeff", ","),
        ("cp1252", "", ";"),
        ("latin-1", "", ","),
    ],
)
def test_import_reads_excel_encodings_and_separators(encoding, bom, separator):
    party = PartyFactory()
    lines = [
        "Prénom;Nom;Genre;Téléphone;Courriel;Commune;Fonction",
        "Sènan;Gbèdji;Femme;+229 01 97 00 00 01;;Sèmè-Kpodji;Trésorière",
        "Rémi;Hounkpè;h;0197000002;remi@exemple.bj;COTONOU;",
    ]
    content = (bom + "\r\n".join(line.replace(";", separator) for line in lines) + "\r\n").encode(encoding)
    report = read_delegates(content, party=party)
    assert (report.error, report.refused, report.lines) == ("", [], [2, 3])
    assert [
        (
            r["first_name"],
            r["last_name"],
            r["gender"],
            r["phone"].as_e164,
            r["email"],
            r["commune"].name,
            r["party_role"],
        )
        for r in report.rows
    ] == [
        ("Sènan", "Gbèdji", "F", "+2290197000001", "", "Sèmè-Kpodji", "Trésorière"),
        ("Rémi", "Hounkpè", "M", "+2290197000002", "remi@exemple.bj", "Cotonou", ""),
    ]


def test_import_refuses_duplicates_in_the_file_and_on_the_roster_line_by_line():
    party = PartyFactory()
    DelegateFactory(party=party, phone="+2290197000001")
    archived = DelegateFactory(party=party, phone="+2290197000009")
    archived.archived_at = archived.created_at
    archived.save()
    content = "\n".join(
        [
            HEADER,
            "Awa;Dossou;F;0197000001;;Cotonou;",
            "Koffi;Zinsou;M;0197000002;;Cotonou;",
            "Koffi;Bis;M;+229 01 97 00 00 02;;Cotonou;",
            "Ali;Archivé;M;0197000009;;Cotonou;",
            "Ines;;F;;pas-une-adresse;Cotonou;",
            "Luc;Sossa;M;0197000003;;Cotonou;;en trop",
        ]
    ).encode()
    report = read_delegates(content, party=party)
    assert report.refused == [
        (2, "ce numéro figure déjà dans la liste des délégués du parti"),
        (4, "ce numéro figure déjà ligne 3 du fichier"),
        (
            5,
            "ce numéro figure déjà dans la liste des délégués du parti (délégué archivé : rétablissez-le plutôt)",
        ),
        (6, "nom manquant ; telephone manquant ; adresse e-mail « pas-une-adresse » invalide"),
        (7, "plus de valeurs que de colonnes (un séparateur en trop ?)"),
    ]
    assert [row["last_name"] for row in report.rows] == ["Zinsou"]


def test_import_changes_nothing_when_the_roster_changed_since_the_report(client):
    official = PartyOfficialFactory()
    client.force_login(official.user)
    content = f"{HEADER}\nAwa;Dossou;F;0197000001;;Cotonou;\nKoffi;Zinsou;M;0197000002;;Cotonou;\n".encode()
    confirm = _upload(client, content).context["confirm"]
    DelegateFactory(party=official.party, phone="+2290197000002")  # added meanwhile by another responsable
    response = client.post(
        reverse("parties:delegate_import_confirm"),
        {"content": confirm["content"].value(), "expected": confirm["expected"].value()},
    )
    assert "rien n&#x27;a été importé" in response.content.decode()
    assert list(official.party.delegates.values_list("phone", flat=True)) == ["+2290197000002"]


def test_import_refuses_a_tampered_or_unreadable_confirmation(client):
    official = PartyOfficialFactory()
    client.force_login(official.user)
    response = client.post(
        reverse("parties:delegate_import_confirm"), {"content": "%%%", "expected": "3"}, follow=True
    )
    assert "Le fichier envoyé est illisible" in response.content.decode()
    assert not Delegate.objects.exists()


def test_import_refuses_a_file_that_is_not_csv(client):
    official = PartyOfficialFactory()
    client.force_login(official.user)
    response = _upload(client, b"PK\x03\x04", name="delegues.xlsx")
    assert response.context["form"].errors["file"] == [
        "Choisissez un fichier .csv (dans Excel : Enregistrer sous, CSV)."
    ]


def test_template_file_is_accepted_by_the_import():
    from accounts.parties.delegate_csv import template_csv

    report = read_delegates(template_csv().encode("utf-8"), party=PartyFactory())
    assert (report.error, report.refused, len(report.rows)) == ("", [], 1)


def test_hostile_csv_files_never_break_the_import_nor_write_anything():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    party = PartyFactory()
    header = HEADER.encode()

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        st.one_of(
            st.binary(max_size=2000),
            st.binary(max_size=2000).map(lambda body: header + b"\n" + body),
            st.text(max_size=500).map(lambda body: (HEADER + "\n" + body).encode("utf-8")),
        )
    )
    def attempt(content):
        report = read_delegates(content, party=party)
        assert report.error or report.rows or report.refused
        assert len(report.rows) == len(report.lines)

    attempt()
    assert not Delegate.objects.exists()


def test_hostile_party_signup_input_never_breaks_the_form(client):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    fields = [
        "party_name",
        "acronym",
        "registration_number",
        "registration_date",
        "head_office_commune",
        "phone",
        "email",
    ]

    @settings(
        max_examples=15,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({field: st.text(max_size=300) for field in fields}))
    def attempt(data):
        from django.core.cache import cache

        cache.clear()  # the sign-up rate limit would answer 429 before the form is checked
        response = client.post(reverse("accounts:party_signup"), party_signup_data(**data))
        assert response.status_code in (200, 302)

    attempt()
    assert not Party.objects.filter(name__in=["<script>"]).exists()


def test_party_signup_with_a_logo_stores_it_and_refuses_a_file_that_is_no_image(client, settings, tmp_path):
    import io

    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    response = client.post(
        reverse("accounts:party_signup"),
        party_signup_data(
            logo=SimpleUploadedFile("logo.pdf", b"%PDF-1.4 pas une image", content_type="application/pdf")
        ),
    )
    assert list(response.context["form"].errors) == ["logo"]
    assert not Party.objects.exists()
    response = client.post(
        reverse("accounts:party_signup"),
        party_signup_data(logo=SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")),
    )
    assert response.status_code == 302
    assert Party.objects.get().logo.name.startswith("parties/logos/logo")
