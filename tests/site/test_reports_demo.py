"""The demo data carries the Possotomè workshop's published report and its recommendations."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from workshops.reports.models import RecommendationUpdate, Report, ReportStatus

pytestmark = pytest.mark.django_db


def test_demo_report_of_possotome_is_published_with_varied_statuses_and_loads_twice_unchanged(client):
    call_command("load_demo")
    call_command("load_demo")
    report = Report.objects.get(workshop__slug="education-citoyenne-coproduction-securite-possotome-2022")
    assert report.status == ReportStatus.PUBLISHED and report.published_by.email == "admin@misp.bj"
    assert [(r.position, r.addressee, r.status) for r in report.recommendations.all()] == [
        (1, "media", "in_progress"),
        (2, "ministry", "in_progress"),
        (3, "media", "done"),
        (4, "ministry", "proposed"),
        (5, "partners", "done"),
        (6, "ministry", "abandoned"),
    ]
    assert RecommendationUpdate.objects.count() == 6
    assert Report.objects.count() == 1
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Possotomè" in html and "usage responsable des réseaux sociaux" in html
    progress = client.get(reverse("reports:tracker")).context["progress"]
    assert progress["total"] == 6 and progress["done_percent"] == 33


def test_demo_evaluation_of_possotome_is_an_example_marked_on_the_report_page_and_pdf(client):
    from tests.plugins.documents import pdf_text
    from workshops.evaluation.models import Questionnaire, Response

    call_command("load_demo")
    call_command("load_demo")
    questionnaire = Questionnaire.objects.get(
        workshop__slug="education-citoyenne-coproduction-securite-possotome-2022"
    )
    assert questionnaire.is_example
    assert (
        Response.objects.filter(phase="avant").count(),
        Response.objects.filter(phase="apres").count(),
    ) == (10, 9)
    report = Report.objects.get(workshop=questionnaire.workshop)
    html = client.get(report.get_absolute_url()).content.decode()
    section = html[html.index('id="titre-evaluation"') :]
    assert "Exemple fictif" in section
    assert (
        section.count("(exemple fictif)") == 4
    )  # every question shown: the test's two, the note, the recommendation
    pdf = " ".join(
        " ".join(pdf_text(client.get(reverse("reports:pdf", args=[report.workshop.slug])).content)).split()
    )
    assert "Évaluation par les participants — Exemple fictif" in pdf
