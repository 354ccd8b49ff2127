"""Anyone downloads the published workshops, reports and recommendations as JSON and CSV."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AttendanceFactory,
    DelegateFactory,
    EnrollmentFactory,
    PartnerFactory,
    RecommendationFactory,
    ReportFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import Audience, WorkshopStatus
from workshops.opendata import COMMUNICATION_FIELDS, RECOMMENDATION_FIELDS, REPORT_FIELDS, WORKSHOP_FIELDS
from workshops.reports import services
from workshops.reports.models import Addressee, RecommendationStatus
from workshops.reports.selectors import report_participation

pytestmark = pytest.mark.django_db

PERSONAL = (
    "email",
    "courriel",
    "phone",
    "telephone",
    "prenom",
    "nom_",
    "_nom",
    "utilisateur",
    "user",
    "publie_par",
    "published_by",
)


@pytest.fixture
def data(settings):
    settings.SITE_URL = "https://portail.misp.bj"
    starts_at = timezone.make_aware(datetime.datetime(2022, 7, 21, 8, 30))
    held = WorkshopFactory(
        title="L'éducation citoyenne à la coproduction de la sécurité",
        slug="possotome-2022",
        audience=Audience.MEDIA,
        status=WorkshopStatus.HELD,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(days=1, hours=4),
        party_quota=None,
        capacity=50,
        registration_opens_at=starts_at - datetime.timedelta(days=20),
        registration_closes_at=starts_at - datetime.timedelta(days=3),
    )
    held.partners.set([PartnerFactory(name="Fondation Hanns Seidel")])
    upcoming = WorkshopFactory(title="Vérifier avant de partager", slug="verifier-avant-de-partager")
    WorkshopFactory(title="Brouillon interne", status=WorkshopStatus.DRAFT)
    report = ReportFactory(workshop=held, summary="Synthèse des deux journées.")
    services.report_publish(report=report, by=UserFactory(is_staff=True, email="chef@misp.bj"))
    first = RecommendationFactory(
        report=report,
        position=1,
        text="Utiliser les réseaux sociaux de façon responsable.",
        addressee=Addressee.MEDIA,
        owner="",
        due_date=datetime.date(2023, 6, 30),
    )
    second = RecommendationFactory(
        report=report,
        position=2,
        text="Créer un cadre de suivi avec les web-activistes.",
        addressee=Addressee.MINISTRY,
        owner="Direction de la communication",
    )
    services.recommendation_set_status(
        recommendation=second,
        status=RecommendationStatus.IN_PROGRESS,
        by=UserFactory(is_staff=True),
        date=datetime.date(2022, 10, 3),
    )
    RecommendationFactory(
        report=ReportFactory(workshop=upcoming), text="Brouillon"
    )  # draft report: not exported
    # People who must never appear in the data
    AttendanceFactory(
        enrollment=EnrollmentFactory(
            workshop=held, user=UserFactory(first_name="Rodrigue", email="rodrigue@exemple.bj")
        )
    )
    EnrollmentFactory(workshop=held, delegate=DelegateFactory(first_name="Gisèle", last_name="Zinsou"))
    return held, upcoming, first, second


def _json(client, name):
    response = client.get(reverse("opendata:dataset", args=[name, "json"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    body = json.loads(response.content)
    assert body["jeu_de_donnees"] == name and body["nombre"] == len(body["donnees"])
    return body["donnees"]


def _csv(client, name):
    response = client.get(reverse("opendata:dataset", args=[name, "csv"]))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def _no_personal_data(content):
    for word in ("Rodrigue", "rodrigue@exemple.bj", "Gisèle", "Zinsou", "chef@misp.bj"):
        assert word not in content


def test_visitor_downloads_the_published_workshops_as_json_and_csv(client, data):
    held, upcoming, _first, _second = data
    rows = _json(client, "ateliers")
    assert [row["identifiant"] for row in rows] == ["possotome-2022", "verifier-avant-de-partager"]
    assert rows[0] == {
        "identifiant": "possotome-2022",
        "titre": "L'éducation citoyenne à la coproduction de la sécurité",
        "theme": held.theme.name,
        "resume": held.summary,
        "public": "media",
        "statut": "held",
        "debut": "2022-07-21T08:30:00+01:00",
        "fin": "2022-07-22T12:30:00+01:00",
        "lieu": held.venue.name,
        "commune": "Cotonou",
        "departement": "Littoral",
        "places": 50,
        "quota_par_parti": None,
        "structure_organisatrice": "Ministère de l'Intérieur et de la Sécurité Publique",
        "partenaires": "Fondation Hanns Seidel",
        "adresse_page": "https://portail.misp.bj/ateliers/possotome-2022/",
        "adresse_rapport": "https://portail.misp.bj/rapports/possotome-2022/",
        "exemple_fictif": False,
    }
    assert rows[1]["adresse_rapport"] is None  # its report is a draft
    csv_rows = _csv(client, "ateliers")
    assert list(csv_rows[0]) == WORKSHOP_FIELDS
    assert [row["identifiant"] for row in csv_rows] == ["possotome-2022", "verifier-avant-de-partager"]
    assert csv_rows[0]["places"] == "50" and csv_rows[0]["quota_par_parti"] == ""


def test_visitor_downloads_published_reports_with_their_recommendations(client, data):
    _held, _upcoming, first, second = data
    reports = _json(client, "rapports")
    assert [report["identifiant"] for report in reports] == ["possotome-2022"]
    report = reports[0]
    assert set(report) == {*REPORT_FIELDS, "recommandations"}
    assert (report["synthese"], report["nombre_recommandations"]) == ("Synthèse des deux journées.", 2)
    # The figures of the report page, computed from the attendance
    figures = report_participation(workshop=_held)
    assert (
        (
            report["delegues_inscrits"],
            report["delegues_presents"],
            report["acteurs_medias_inscrits"],
            report["acteurs_medias_presents"],
        )
        == (
            figures.delegates_enrolled,
            figures.delegates_present,
            figures.media_enrolled,
            figures.media_present,
        )
        == (1, 0, 1, 1)
    )
    assert report["adresse_pdf"] == "https://portail.misp.bj/rapports/possotome-2022/rapport.pdf"
    assert [(r["identifiant"], r["statut"], r["dernier_suivi"]) for r in report["recommandations"]] == [
        (first.pk, "proposed", None),
        (second.pk, "in_progress", "2022-10-03"),
    ]
    assert [row["identifiant"] for row in _csv(client, "rapports")] == ["possotome-2022"]


def test_visitor_downloads_the_recommendations_as_csv_with_exact_rows(client, data):
    _held, _upcoming, first, second = data
    rows = _csv(client, "recommandations")
    assert rows == [
        {
            "identifiant": str(first.pk),
            "atelier": "possotome-2022",
            "ordre": "1",
            "texte": "Utiliser les réseaux sociaux de façon responsable.",
            "destinataire": "media",
            "destinataire_libelle": "Acteurs des médias sociaux",
            "structure_suivi": "",
            "statut": "proposed",
            "statut_libelle": "Proposée",
            "echeance": "2023-06-30",
            "dernier_suivi": "",
            "adresse_rapport": "https://portail.misp.bj/rapports/possotome-2022/",
            "exemple_fictif": "False",
        },
        {
            "identifiant": str(second.pk),
            "atelier": "possotome-2022",
            "ordre": "2",
            "texte": "Créer un cadre de suivi avec les web-activistes.",
            "destinataire": "ministry",
            "destinataire_libelle": "Directions du ministère",
            "structure_suivi": "Direction de la communication",
            "statut": "in_progress",
            "statut_libelle": "En cours",
            "echeance": "",
            "dernier_suivi": "2022-10-03",
            "adresse_rapport": "https://portail.misp.bj/rapports/possotome-2022/",
            "exemple_fictif": "False",
        },
    ]
    assert [row["identifiant"] for row in _json(client, "recommandations")] == [first.pk, second.pk]


def test_open_data_holds_no_personal_field_or_value(client, data):
    for fields in (WORKSHOP_FIELDS, REPORT_FIELDS, RECOMMENDATION_FIELDS, COMMUNICATION_FIELDS):
        assert not [field for field in fields if any(word in field for word in PERSONAL)]
    for name in ("ateliers", "rapports", "recommandations", "communications"):
        for extension in ("json", "csv"):
            _no_personal_data(
                client.get(reverse("opendata:dataset", args=[name, extension])).content.decode()
            )


def test_open_data_stays_french_and_outside_the_language_prefix(client, data):
    assert client.get("/en/donnees/ateliers.json").status_code == 404
    response = client.get("/donnees/recommandations.json", HTTP_ACCEPT_LANGUAGE="en")
    assert json.loads(response.content)["donnees"][0]["statut_libelle"] == "Proposée"


def test_open_data_catalogue_lists_every_dataset_and_unknown_ones_are_404(client, data):
    catalogue = json.loads(client.get(reverse("opendata:catalogue")).content)
    assert [(d["nom"], d["csv"]) for d in catalogue["jeux_de_donnees"]] == [
        ("ateliers", "https://portail.misp.bj/donnees/ateliers.csv"),
        ("rapports", "https://portail.misp.bj/donnees/rapports.csv"),
        ("recommandations", "https://portail.misp.bj/donnees/recommandations.csv"),
        ("communications", "https://portail.misp.bj/donnees/communications.csv"),
        ("participation", "https://portail.misp.bj/donnees/participation.csv"),
    ]
    assert client.get("/donnees/inconnu.json").status_code == 404
    assert client.get("/donnees/ateliers.xml").status_code == 404


def test_open_data_query_count_is_constant(client, data, django_assert_max_num_queries):
    for n in range(20):
        WorkshopFactory(title=f"Atelier supplémentaire {n}").partners.set([PartnerFactory()])
    with django_assert_max_num_queries(2):
        client.get("/donnees/ateliers.json")
    with django_assert_max_num_queries(2):
        client.get("/donnees/rapports.json")
    with django_assert_max_num_queries(1):
        client.get("/donnees/recommandations.csv")


def test_text_typed_as_a_formula_comes_out_of_every_csv_as_plain_text(client, data):
    from tests.factories import CommunicationFactory, SpeakerFactory

    held, _upcoming, first, _second = data
    trap = '=HYPERLINK("http://pirate.example/","Cliquez")'
    held.title, held.summary = trap, "+cmd|' /C calc'!A0"
    held.save()
    first.text, first.owner = "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0"
    first.save()
    communication = CommunicationFactory(workshop=held, title="\t=1+1")
    communication.speakers.set([SpeakerFactory(name="=1+2")])

    cells = {}
    for name in ("ateliers", "rapports", "recommandations", "communications"):
        for row in _csv(client, name):
            for field, value in row.items():
                cells[(name, field, value)] = value
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, field, value)
    values = set(cells.values())
    assert {
        "'" + trap,
        "'+cmd|' /C calc'!A0",
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "'-2+3+cmd|' /C calc'!A0",
        "'\t=1+1",
        "'=1+2",
    } <= values
    # JSON keeps the text as typed: it is data for programs, never opened as a spreadsheet.
    assert [row["titre"] for row in _json(client, "ateliers") if row["identifiant"] == held.slug] == [trap]
