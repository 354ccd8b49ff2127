"""The open data can be reused: /donnees/ states the licence and describes every field, and
datapackage.json (Frictionless Data Package v1) describes the CSV files, which are read back and
checked value by value against it.

The checks follow the Table Schema rules for the types the portal uses (string with the "uri"
format, integer, date, datetime with the "any" format, the required and enum constraints,
missingValues) rather than the `frictionless` package: that one would bring some thirty other
packages into the test environment (pydantic, typer, petl, requests…) for these few rules."""

import csv
import datetime
import io
import json
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AttendanceFactory,
    CommunicationFactory,
    CommunicationFileFactory,
    DelegateFactory,
    EnrollmentFactory,
    PartnerFactory,
    RecommendationFactory,
    ReportFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.library.models import Visibility
from workshops.models import WorkshopStatus
from workshops.opendata import DATASETS
from workshops.reports.services import recommendation_set_status

pytestmark = pytest.mark.django_db

NAME = re.compile(r"^[a-z0-9._-]+$")  # Data Package: names of packages and resources
TYPES = {
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "array",
    "date",
    "time",
    "datetime",
    "year",
    "yearmonth",
    "duration",
    "geopoint",
    "geojson",
    "any",
}


@pytest.fixture
def published(settings, library_storage):
    """A held workshop with partners, its published report, recommendations with and without due
    dates and follow-up, an upcoming workshop without quota, communications public and private."""
    settings.SITE_URL = "https://portail.misp.bj"
    starts_at = timezone.make_aware(datetime.datetime(2022, 7, 21, 8, 30))
    held = WorkshopFactory(
        title="L'éducation citoyenne, « ensemble »",
        status=WorkshopStatus.HELD,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=28),
        registration_opens_at=starts_at - datetime.timedelta(days=20),
        registration_closes_at=starts_at - datetime.timedelta(days=3),
    )
    held.partners.set([PartnerFactory(name="Fondation Hanns Seidel"), PartnerFactory(name="CENA")])
    WorkshopFactory(title="Vérifier avant de partager", party_quota=None)
    report = ReportFactory(
        workshop=held, published=True, summary="Synthèse ; sur deux lignes,\navec des virgules."
    )
    RecommendationFactory(
        report=report, due_date=datetime.date(2023, 6, 30), text='Dire "non" aux rumeurs, vite'
    )
    # Two people present, so that the participation file has rows to check against its schema.
    AttendanceFactory(enrollment=EnrollmentFactory(workshop=held))
    AttendanceFactory(enrollment=EnrollmentFactory(workshop=held, delegate=DelegateFactory()))
    followed = RecommendationFactory(report=report, owner="")
    recommendation_set_status(
        recommendation=followed,
        status="in_progress",
        by=UserFactory(is_staff=True),
        date=datetime.date(2022, 10, 3),
    )
    for visibility in (Visibility.PUBLIC, Visibility.PARTICIPANTS):
        CommunicationFileFactory(communication=CommunicationFactory(workshop=held, visibility=visibility))


def _descriptor(client):
    response = client.get(reverse("opendata:datapackage"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def _problems_in_descriptor(package):
    problems = []
    if not NAME.match(package.get("name", "")):
        problems.append("package name")
    if not package.get("licenses") or any(
        not (lic.get("name") or lic.get("path")) for lic in package["licenses"]
    ):
        problems.append("licenses")
    if not package.get("resources"):
        problems.append("resources")
    for resource in package.get("resources", []):
        if not NAME.match(resource.get("name", "")) or not resource.get("path"):
            problems.append(f"resource {resource.get('name')}: name or path")
        fields = resource.get("schema", {}).get("fields", [])
        names = [f.get("name") for f in fields]
        if not fields or len(set(names)) != len(names):
            problems.append(f"resource {resource.get('name')}: fields")
        for f in fields:
            if f.get("type") not in TYPES or not f.get("description"):
                problems.append(f"{resource['name']}.{f.get('name')}: type or description")
    return problems


def _cell_problem(value, field):
    """Why `value` (a CSV cell, already known not to be missing) breaks `field`, or None."""
    kind, fmt = field["type"], field.get("format", "default")
    if kind == "integer" and not re.fullmatch(r"[+-]?\d+", value):
        return "not an integer"
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return "not YYYY-MM-DD"
        datetime.date.fromisoformat(value)
    if kind == "datetime":
        assert fmt == "any", "only the 'any' format is used for datetimes"
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return "not ISO 8601"
        if moment.utcoffset() is None:
            return "no UTC offset"  # what the description promises
    if kind == "string" and fmt == "uri":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return "not an absolute address"
    enum = field.get("constraints", {}).get("enum")
    if enum and value not in enum:
        return f"not one of {enum}"
    return None


def _validate(text, schema):
    """Every problem of the CSV `text` against the Table Schema `schema`: header, row lengths,
    required values, types and formats, enums."""
    fields = schema["fields"]
    missing = set(schema.get("missingValues", [""]))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    problems = []
    if rows[0] != [f["name"] for f in fields]:
        problems.append(f"header {rows[0]}")
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(fields):
            problems.append(f"line {number}: {len(row)} cells")
            continue
        for value, field in zip(row, fields, strict=True):
            if value in missing:
                if field.get("constraints", {}).get("required"):
                    problems.append(f"line {number}, {field['name']}: required")
                continue
            problem = _cell_problem(value, field)
            if problem:
                problems.append(f"line {number}, {field['name']} = {value!r}: {problem}")
    return rows[1:], problems


def test_datapackage_describes_every_csv_file_with_its_licence(client, settings):
    settings.SITE_URL = "https://portail.misp.bj"
    package = _descriptor(client)

    assert _problems_in_descriptor(package) == []
    assert package["licenses"] == [
        {
            "name": "Licence Ouverte 2.0",
            "title": "Licence Ouverte 2.0",
            "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        }
    ]
    assert [r["name"] for r in package["resources"]] == list(DATASETS)
    for resource in package["resources"]:
        fields, _rows, _json = DATASETS[resource["name"]]
        assert [f["name"] for f in resource["schema"]["fields"]] == fields
        assert resource["path"] == f"https://portail.misp.bj/donnees/{resource['name']}.csv"
        assert (resource["format"], resource["mediatype"], resource["encoding"]) == (
            "csv",
            "text/csv",
            "utf-8",
        )


def test_every_csv_file_is_valid_against_its_schema_in_the_datapackage(client, published):
    package = _descriptor(client)
    counts = {}
    for resource in package["resources"]:
        response = client.get(urlsplit(resource["path"]).path)
        assert response.status_code == 200
        rows, problems = _validate(response.content.decode(resource["encoding"]), resource["schema"])
        assert problems == [], resource["name"]
        counts[resource["name"]] = len(rows)
    assert counts == {
        "ateliers": 2,
        "rapports": 1,
        "recommandations": 2,
        "communications": 2,
        # two gender lines (a male delegate, a media actor who did not say) and two départements
        # (the delegate's Littoral, the actor's commune not given)
        "participation": 4,
    }


def test_the_validation_catches_what_breaks_a_schema():
    schema = {
        "fields": [
            {"name": "identifiant", "type": "integer", "constraints": {"required": True}},
            {"name": "echeance", "type": "date"},
            {"name": "debut", "type": "datetime", "format": "any"},
            {"name": "statut", "type": "string", "constraints": {"enum": ["done"]}},
            {"name": "adresse", "type": "string", "format": "uri"},
        ],
        "missingValues": [""],
    }
    text = (
        "identifiant,echeance,debut,statut,adresse\r\n"
        ",30/06/2023,2022-07-21T08:30:00,fini,/rapports/\r\n"
        "1,2023-06-30,2022-07-21T08:30:00+01:00,done,https://portail.misp.bj/\r\n"
    )
    assert _validate(text, schema)[1] == [
        "line 2, identifiant: required",
        "line 2, echeance = '30/06/2023': not YYYY-MM-DD",
        "line 2, debut = '2022-07-21T08:30:00': no UTC offset",
        "line 2, statut = 'fini': not one of ['done']",
        "line 2, adresse = '/rapports/': not an absolute address",
    ]


def test_open_data_page_states_the_licence_and_describes_every_field(client, settings):
    settings.OPEN_DATA_LICENCE_NAME = "Licence Ouverte 2.0"
    response = client.get(
        reverse("opendata:catalogue"), HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8"
    )
    assert response.status_code == 200 and response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert "Ces données sont publiées sous la Licence Ouverte 2.0" in page
    assert 'href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/" rel="license external"' in page
    assert 'href="/donnees/datapackage.json"' in page
    for fields, _rows, _json in DATASETS.values():
        for name in fields:
            assert f"<code>{name}</code>" in page
    assert "Date et heure ISO 8601 avec le décalage horaire de Porto-Novo (+01:00)." in page


def test_programs_still_get_the_json_catalogue_with_the_licence(client, settings):
    settings.OPEN_DATA_LICENCE_NAME = "ODbL"
    settings.OPEN_DATA_LICENCE_URL = "https://opendatacommons.org/licenses/odbl/"
    for accept in ({}, {"HTTP_ACCEPT": "*/*"}, {"HTTP_ACCEPT": "application/json"}):
        response = client.get(reverse("opendata:catalogue"), **accept)
        assert response["Content-Type"] == "application/json" and "Accept" in response["Vary"]
        body = json.loads(response.content)
        assert body["licence"] == {"name": "ODbL", "url": "https://opendatacommons.org/licenses/odbl/"}
        assert body["datapackage"].endswith("/donnees/datapackage.json")
    assert _descriptor(client)["licenses"][0]["name"] == "ODbL"
