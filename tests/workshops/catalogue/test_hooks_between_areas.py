"""Where the areas meet: a report lists its workshop's communications from the library, the open
data describes the communications, and a workshop page leads to its report and its speakers."""

import csv
import io
import json

import pytest
from django.urls import reverse

from tests.factories import (
    CommunicationFactory,
    CommunicationFileFactory,
    EnrollmentFactory,
    ReportFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.plugins.documents import pdf_text
from workshops.library.models import Visibility
from workshops.models import WorkshopStatus
from workshops.opendata import COMMUNICATION_FIELDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def talks(library_storage, settings):
    """A held workshop with a published report and three communications, one per visibility, and a
    communication of a draft workshop."""
    settings.SITE_URL = "https://portail.misp.bj"
    report = ReportFactory(published=True, workshop__title="Possotomè 2022", workshop__slug="possotome-2022")
    workshop = report.workshop
    speaker = SpeakerFactory(name="Alain Orounla", slug="alain-orounla")
    public = CommunicationFactory(
        workshop=workshop,
        title="La coproduction de la sécurité",
        slug="coproduction",
        visibility=Visibility.PUBLIC,
        keywords="sécurité, médias",
        speakers=[speaker],
    )
    public_file = CommunicationFileFactory(communication=public)
    participants = CommunicationFactory(
        workshop=workshop,
        title="Les fausses nouvelles",
        slug="fausses-nouvelles",
        visibility=Visibility.PARTICIPANTS,
    )
    CommunicationFileFactory(communication=participants)
    CommunicationFactory(workshop=workshop, title="Note au cabinet", slug="note", visibility=Visibility.STAFF)
    CommunicationFactory(
        workshop=WorkshopFactory(status=WorkshopStatus.DRAFT), title="Brouillon", slug="brouillon"
    )
    return report, public_file


def _titles(response):
    return [c.title for c in response.context["communications"]]


def test_report_lists_public_talks_to_visitors_and_participants_only_talks_to_participants(client, talks):
    report, _file = talks
    assert _titles(client.get(report.get_absolute_url())) == ["La coproduction de la sécurité"]
    participant = EnrollmentFactory(workshop=report.workshop).user
    client.force_login(participant)
    response = client.get(report.get_absolute_url())
    assert _titles(response) == ["La coproduction de la sécurité", "Les fausses nouvelles"]
    html = response.content.decode()
    assert reverse("library:detail", args=["fausses-nouvelles"]) in html
    assert reverse("library:speaker", args=["alain-orounla"]) in html
    client.force_login(UserFactory())
    assert _titles(client.get(report.get_absolute_url())) == ["La coproduction de la sécurité"]


def test_report_pdf_lists_the_public_talks_only_even_for_a_participant(client, talks):
    report, _file = talks
    client.force_login(EnrollmentFactory(workshop=report.workshop).user)
    text = "\n".join(pdf_text(client.get(reverse("reports:pdf", args=[report.workshop.slug])).content))
    assert "La coproduction de la sécurité — Alain Orounla" in text
    assert "Les fausses nouvelles" not in text and "Note au cabinet" not in text


def test_open_data_describes_the_listed_communications_with_public_download_addresses_only(client, talks):
    _report, public_file = talks
    body = json.loads(client.get("/donnees/communications.json").content)
    rows = {row["identifiant"]: row for row in body["donnees"]}
    assert sorted(rows) == ["coproduction", "fausses-nouvelles"]
    public = rows["coproduction"]
    assert {
        key: public[key] for key in ("titre", "atelier", "intervenants", "langue", "mots_cles", "visibilite")
    } == {
        "titre": "La coproduction de la sécurité",
        "atelier": "possotome-2022",
        "intervenants": "Alain Orounla",
        "langue": "fr",
        "mots_cles": "sécurité ; médias",
        "visibilite": "public",
    }
    download = f"https://portail.misp.bj{public_file.get_absolute_url()}"
    assert public["fichiers"] == [
        {
            "nature": public_file.kind,
            "type": "application/pdf",
            "taille_octets": public_file.size,
            "adresse_telechargement": download,
        }
    ]
    assert [f["adresse_telechargement"] for f in rows["fausses-nouvelles"]["fichiers"]] == [None]

    response = client.get("/donnees/communications.csv")
    lines = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert list(lines[0]) == COMMUNICATION_FIELDS
    assert [(line["identifiant"], line["adresses_telechargement"]) for line in lines] == [
        ("coproduction", download),
        ("fausses-nouvelles", ""),
    ]
    assert lines[0]["fichiers"] == f"{public_file.kind}:{public_file.size}"
    catalogue = json.loads(client.get(reverse("opendata:catalogue")).content)
    assert "communications" in [d["nom"] for d in catalogue["jeux_de_donnees"]]


def test_open_data_communications_query_count_is_constant(client, talks, django_assert_max_num_queries):
    report, _file = talks
    for _n in range(10):
        CommunicationFileFactory(
            communication=CommunicationFactory(workshop=report.workshop, speakers=[SpeakerFactory()])
        )
    with django_assert_max_num_queries(3):
        assert json.loads(client.get("/donnees/communications.json").content)["nombre"] == 12


def test_workshop_page_links_to_its_published_report_and_its_speakers(client, django_assert_max_num_queries):
    report = ReportFactory(published=True)
    session = SessionFactory(workshop=report.workshop)
    session.speakers.add(SpeakerFactory(name="Mariam Chabi", slug="mariam-chabi"))
    with django_assert_max_num_queries(6):
        html = client.get(report.workshop.get_absolute_url()).content.decode()
    assert report.get_absolute_url() in html
    assert f'<a href="{reverse("library:speaker", args=["mariam-chabi"])}">Mariam Chabi</a>' in html

    draft = ReportFactory()
    assert draft.get_absolute_url() not in client.get(draft.workshop.get_absolute_url()).content.decode()
