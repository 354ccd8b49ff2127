"""Cached report pages and open data follow every change made by staff or at check-in."""

import pytest
from django.urls import reverse

from tests.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    RecommendationFactory,
    ReportFactory,
    UserFactory,
)
from workshops.reports import services
from workshops.reports.models import RecommendationStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_follow_up_of_a_recommendation_shows_at_once_on_cached_pages(client, page_cache):
    organiser = UserFactory(is_staff=True)
    recommendation = RecommendationFactory(report=ReportFactory(published=True), text="Lutter contre les infox.")
    urls = [recommendation.report.get_absolute_url(), reverse("reports:tracker"),
            reverse("opendata:dataset", args=["recommandations", "csv"])]
    for url in urls:
        assert "Proposée" in client.get(url).content.decode()
    services.recommendation_set_status(
        recommendation=recommendation, status=RecommendationStatus.DONE, by=organiser, note="Campagne menée."
    )
    for url in urls:
        assert "Réalisée" in client.get(url).content.decode(), url


def test_check_in_updates_the_cached_figures_of_a_published_report(client, page_cache):
    report = ReportFactory(published=True)
    enrollment = EnrollmentFactory(workshop=report.workshop)
    assert client.get(report.get_absolute_url()).context["participation"].media_present == 0
    AttendanceFactory(enrollment=enrollment)
    assert client.get(report.get_absolute_url()).context["participation"].media_present == 1


def test_unpublished_report_disappears_from_cached_pages(client, page_cache):
    report = ReportFactory(published=True)
    assert client.get(report.get_absolute_url()).status_code == 200
    assert client.get(reverse("reports:index")).context["page"].paginator.count == 1
    services.report_unpublish(report=report, by=UserFactory(is_staff=True))
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:index")).context["page"].paginator.count == 0
