"""Visitors read the published reports, their PDF and the recommendations tracker; drafts stay hidden."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import (
    AttendanceFactory,
    DelegateFactory,
    EnrollmentFactory,
    PartyFactory,
    RecommendationFactory,
    ReportFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import WorkshopStatus
from workshops.reports.models import Addressee, RecommendationStatus

pytestmark = pytest.mark.django_db


def _pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def published_report():
    report = ReportFactory(
        published=True,
        workshop=WorkshopFactory(title="Atelier de Possotomè", status=WorkshopStatus.HELD),
        summary="Deux jours d'échanges avec les acteurs des médias sociaux.",
    )
    RecommendationFactory(
        report=report,
        position=1,
        text="Utiliser de façon responsable les réseaux sociaux.",
        addressee=Addressee.MEDIA,
        status=RecommendationStatus.IN_PROGRESS,
    )
    RecommendationFactory(
        report=report,
        position=2,
        text="Créer un cadre de suivi avec les web-activistes.",
        addressee=Addressee.MINISTRY,
    )
    return report


def test_visitor_lists_only_published_reports(client, published_report):
    ReportFactory(workshop=WorkshopFactory(title="Rapport en préparation"))
    response = client.get(reverse("reports:index"))
    assert [report.workshop.title for report in response.context["page"].object_list] == [
        "Atelier de Possotomè"
    ]
    assert "Rapport en préparation" not in response.content.decode()


def test_visitor_reads_a_report_with_figures_and_recommendations_but_no_names(client, published_report):
    workshop = published_report.workshop
    party = PartyFactory(name="Parti de l'unité", acronym="PU")
    delegate = DelegateFactory(party=party, first_name="Gisèle", last_name="Zinsou")
    AttendanceFactory(enrollment=EnrollmentFactory(workshop=workshop, delegate=delegate))
    EnrollmentFactory(workshop=workshop, user=UserFactory(first_name="Rodrigue", last_name="Agbo"))
    response = client.get(published_report.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deux jours d&#x27;échanges" in html
    assert "Utiliser de façon responsable les réseaux sociaux." in html
    assert "Parti de l&#x27;unité (PU)" in html
    figures = response.context["participation"]
    assert [(row.acronym, row.enrolled, row.present) for row in figures.parties] == [("PU", 1, 1)]
    assert (figures.media_enrolled, figures.media_present) == (1, 0)
    for name in ("Gisèle", "Zinsou", "Rodrigue", "Agbo"):
        assert name not in html
    assert 'id="titre-communications"' in html


def test_visitor_gets_404_for_a_draft_report_and_its_pdf(client):
    draft = ReportFactory(workshop=WorkshopFactory(title="Brouillon secret"))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:pdf", args=[draft.workshop.slug])).status_code == 404
    assert client.get(reverse("reports:detail", args=["inconnu"])).status_code == 404


def test_staff_previews_a_draft_report_marked_as_such(staff_client):
    draft = ReportFactory(workshop=WorkshopFactory(title="Brouillon à relire"))
    RecommendationFactory(report=draft, text="Former les administrateurs de pages.")
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Aperçu d'un brouillon" in response.content.decode()
    text = _pdf_text(staff_client.get(reverse("reports:pdf", args=[draft.workshop.slug])))
    assert "BROUILLON" in text and "Former les administrateurs de pages." in text


def test_published_report_pdf_has_the_ministry_header_and_every_recommendation(client, published_report):
    text = _pdf_text(client.get(reverse("reports:pdf", args=[published_report.workshop.slug])))
    assert "République du Bénin" in text
    assert "Ministère de l'Intérieur et de la Sécurité Publique" in text
    assert "Atelier de Possotomè" in text
    assert "Utiliser de façon responsable les réseaux sociaux." in text
    assert "Créer un cadre de suivi avec les web-activistes." in text
    assert "BROUILLON" not in text


def _held_on(title, day):
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return WorkshopFactory(
        title=title,
        status=WorkshopStatus.HELD,
        starts_at=starts_at,
        registration_opens_at=starts_at - datetime.timedelta(days=20),
    )


def _tracker_texts(response):
    return [recommendation.text for recommendation in response.context["page"].object_list]


@pytest.fixture
def tracker_data():
    held_2022 = ReportFactory(published=True, workshop=_held_on("Atelier 2022", datetime.date(2022, 7, 21)))
    held_2023 = ReportFactory(published=True, workshop=_held_on("Atelier 2023", datetime.date(2023, 3, 2)))
    RecommendationFactory(
        report=held_2022, position=1, text="A", addressee=Addressee.MEDIA, status=RecommendationStatus.DONE
    )
    RecommendationFactory(report=held_2022, position=2, text="B", addressee=Addressee.PARTIES)
    RecommendationFactory(
        report=held_2023,
        position=1,
        text="C",
        addressee=Addressee.MEDIA,
        status=RecommendationStatus.IN_PROGRESS,
    )
    RecommendationFactory(report=ReportFactory(), text="Brouillon")  # draft report: never listed
    return held_2022, held_2023


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["C", "A", "B"]),
        ({"statut": "done"}, ["A"]),
        ({"destinataire": "media"}, ["C", "A"]),
        ({"annee": "2022"}, ["A", "B"]),
        ({"atelier": "atelier-2023"}, ["C"]),
        ({"statut": "proposed", "destinataire": "media"}, []),
        ({"statut": "inconnu"}, ["C", "A", "B"]),  # a value that is not offered is ignored, not a 500
    ],
)
def test_visitor_filters_the_recommendations_tracker(client, tracker_data, query, expected):
    response = client.get(reverse("reports:tracker"), query)
    assert response.status_code == 200
    assert _tracker_texts(response) == expected


def test_tracker_shows_progress_per_status(client, tracker_data):
    progress = client.get(reverse("reports:tracker")).context["progress"]
    assert progress["rows"] == [
        ("proposed", "Proposée", 1),
        ("in_progress", "En cours", 1),
        ("done", "Réalisée", 1),
        ("abandoned", "Abandonnée", 0),
    ]
    assert (progress["total"], progress["done_percent"]) == (3, 33)


def test_tracker_query_count_does_not_grow_with_recommendations(
    client, settings, tracker_data, django_assert_max_num_queries
):
    settings.TRACKER_PAGE_SIZE = 10
    held_2022, held_2023 = tracker_data
    for n in range(40):
        RecommendationFactory(report=held_2022 if n % 2 else held_2023, text=f"R{n}")
    with django_assert_max_num_queries(5):
        first = client.get(reverse("reports:tracker"))
    with django_assert_max_num_queries(5):
        last = client.get(reverse("reports:tracker"), {"page": 5, "destinataire": "ministry"})
    assert len(first.context["page"].object_list) == 10
    assert first.context["page"].paginator.count == 43
    assert last.context["page"].paginator.count == 40


def test_report_page_query_count_does_not_grow_with_recommendations(
    client, published_report, django_assert_max_num_queries
):
    for n in range(30):
        RecommendationFactory(report=published_report, text=f"R{n}")
    # 6, 2 for the relay figures (workshops/relay), 3 for who took part (workshops/participation.py)
    # and 1 for the questionnaire (workshops/evaluation)
    with django_assert_max_num_queries(12):
        response = client.get(published_report.get_absolute_url())
    assert len(response.context["report"].recommendations.all()) == 32


def test_hostile_tracker_filters_never_break_the_page(client, tracker_data):
    from hypothesis import given
    from hypothesis import strategies as st

    from tests.site.hostile import FUZZ, HOSTILE, assert_safe

    @FUZZ
    @given(
        st.fixed_dictionaries(
            {field: HOSTILE for field in ["statut", "destinataire", "atelier", "annee", "page"]}
        )
    )
    def attempt(query):
        assert_safe(client.get(reverse("reports:tracker"), query), query.values())

    attempt()


def test_visitor_reads_the_reports_in_english_under_en(client, published_report):
    response = client.get(f"/en{published_report.get_absolute_url()}")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert client.get("/en/rapports/recommandations/").status_code == 200


def test_the_links_to_the_tracker_read_like_its_title(client, published_report):
    tracker_url = reverse("reports:tracker")
    tracker = client.get(tracker_url).content.decode()
    assert "<title>Suivi des recommandations ·" in tracker
    assert '<h1 class="h2">Suivi des recommandations</h1>' in tracker
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert f'<a href="{tracker_url}">Suivi des recommandations</a>' in footer
    assert (
        f'<a href="{tracker_url}">Suivi des recommandations</a>'
        in client.get(reverse("reports:index")).content.decode()
    )
