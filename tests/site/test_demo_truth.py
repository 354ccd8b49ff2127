"""The demo tells the truth: what the two press articles say is shown as fact, and everything
invented for the demonstration says « Exemple fictif » wherever it shows — pages, PDFs, calendar,
open data. A visitor who reads the portal under `make run` cannot take an invention for history."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.plugins.documents import pdf_text
from workshops.models import Certificate, Session, Workshop
from workshops.reports.models import Report

pytestmark = pytest.mark.django_db

ELECTORAL = "coproduction-securite-periode-electorale-2022"
POSSOTOME = "education-citoyenne-coproduction-securite-possotome-2022"


@pytest.fixture
def demo():
    call_command("load_demo")


def test_the_2022_agendas_hold_only_what_the_articles_say(demo, client):
    electoral = Workshop.objects.get(slug=ELECTORAL)
    possotome = Workshop.objects.get(slug=POSSOTOME)
    # No hour is invented: the articles give none.
    assert not Session.objects.filter(workshop__in=[electoral, possotome], starts_at__isnull=False).exists()
    # Sacca Lafia attended the December opening; he did not speak. Vital Gnaho spoke after the
    # minister at the opening, and gave no talk of his own.
    assert [
        (s.title, sorted(s.speakers.values_list("name", flat=True))) for s in electoral.sessions.all()
    ] == [("Ouverture des travaux", ["Alassane Séïdou", "Vital Gnaho"])]
    page = client.get(electoral.get_absolute_url()).content.decode()
    assert "Sacca Lafia" in page and "Exemple fictif" not in page
    # Possotomè: the five communications and the contributions the article lists, on no given day.
    assert possotome.sessions.count() == 6 and not possotome.sessions.filter(day__isnull=False).exists()
    page = client.get(possotome.get_absolute_url()).content.decode()
    assert "Jour non précisé" in page and "Abasse Olochoumare" in page and "Olochoumaré" not in page
    assert "Fondation Hanns Seidel" in page


def test_speakers_carry_the_titles_the_articles_give_and_nothing_more(demo):
    from workshops.models import Speaker

    titles = dict(Speaker.objects.values_list("name", "title"))
    assert titles["François Awoudo"] == "Expert" and titles["Expédit B. Ologou"] == "Docteur"
    assert "Sacca Lafia" not in titles


def test_the_report_is_dated_when_made_and_its_recommendations_say_they_are_fictitious(demo, client):
    report = Report.objects.get(workshop__slug=POSSOTOME)
    assert report.published_at.date().isoformat() == "2022-07-22"
    assert report.recommendations.count() == 6
    assert not report.recommendations.filter(is_illustrative=False).exists()

    tracker = client.get(reverse("reports:tracker")).content.decode()
    assert tracker.count("Exemple fictif") >= 6
    page = client.get(report.get_absolute_url()).content.decode()
    assert page.count("Exemple fictif") >= 6
    pdf = "\n".join(pdf_text(client.get(reverse("reports:pdf", kwargs={"slug": POSSOTOME})).content))
    assert pdf.count("Exemple fictif") >= 6

    rows = list(csv.DictReader(io.StringIO(client.get("/donnees/recommandations.csv").content.decode())))
    assert len(rows) == 6 and {row["exemple_fictif"] for row in rows} == {"True"}
    reports = list(csv.DictReader(io.StringIO(client.get("/donnees/rapports.csv").content.decode())))
    # The participants counted at Possotomè are demonstration people: the figures say so.
    assert [row["participation_exemple_fictif"] for row in reports] == ["True"]


def test_the_invented_workshops_are_marked_in_the_catalogue_calendar_and_open_data(demo, client):
    catalogue = client.get(reverse("workshops:catalogue")).content.decode()
    upcoming = Workshop.objects.filter(is_illustrative=True)
    assert upcoming.count() == 3 and catalogue.count("Exemple fictif") == 3
    for workshop in upcoming:
        assert "Exemple fictif" in client.get(workshop.get_absolute_url()).content.decode()
        ics = client.get(reverse("workshops:ics", kwargs={"slug": workshop.slug})).content.decode()
        assert "SUMMARY:[Exemple fictif]" in ics
    rows = list(csv.DictReader(io.StringIO(client.get("/donnees/ateliers.csv").content.decode())))
    marks = {row["identifiant"]: row["exemple_fictif"] for row in rows}
    assert marks[ELECTORAL] == marks[POSSOTOME] == "False"
    assert {marks[w.slug] for w in upcoming} == {"True"}


def test_a_fictitious_participants_certificate_says_it_certifies_nothing(demo, client):
    certificate = Certificate.objects.get(enrollment__user__email="blogueuse@exemple.bj")
    page = client.get(
        reverse("workshops:verify_certificate", kwargs={"code": certificate.code})
    ).content.decode()
    assert "Exemple fictif" in page
    client.force_login(certificate.enrollment.user)
    pdf = client.get(reverse("workshops:certificate", kwargs={"pk": certificate.enrollment.pk})).content
    assert "Exemple fictif" in "\n".join(pdf_text(pdf))
