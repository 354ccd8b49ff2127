"""Cached report pages and open data follow every change made by staff or at check-in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    RecommendationFactory,
    ReportFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.reports import services
from workshops.reports.models import RecommendationStatus
from workshops.reports.selectors import workshop_report_is_published

pytestmark = pytest.mark.django_db(transaction=True)


def test_follow_up_of_a_recommendation_shows_at_once_on_cached_pages(client, page_cache):
    organiser = UserFactory(is_staff=True)
    recommendation = RecommendationFactory(
        report=ReportFactory(published=True), text="Lutter contre les infox."
    )
    urls = [
        recommendation.report.get_absolute_url(),
        reverse("reports:tracker"),
        reverse("opendata:dataset", args=["recommandations", "csv"]),
    ]
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


@pytest.fixture
def pdf_renders():
    """The size of every PDF WeasyPrint renders while the test runs (portal.ground.pdf.pdf_rendered)."""
    from portal.ground.pdf import pdf_rendered

    sizes = []

    def count(sender, size, **kwargs):
        sizes.append(size)

    pdf_rendered.connect(count)
    yield sizes
    pdf_rendered.disconnect(count)


def test_report_pdf_is_rendered_once_per_version_whatever_the_query_string_or_reader(
    client, page_cache, pdf_renders
):
    import secrets

    from tests.plugins.documents import pdf_text

    recommendation = RecommendationFactory(
        report=ReportFactory(published=True), text="Former les web-activistes."
    )
    url = reverse("reports:pdf", args=[recommendation.report.workshop.slug])
    documents = [client.get(f"{url}?z={secrets.token_hex(8)}").content for _ in range(3)]
    client.force_login(UserFactory())  # a signed-in reader bypasses the page cache, not the PDF's
    documents.append(client.get(f"{url}?z={secrets.token_hex(8)}").content)
    assert len(pdf_renders) == 1
    assert len(set(documents)) == 1 and "Former les web-activistes." in " ".join(pdf_text(documents[0]))

    services.recommendation_set_status(
        recommendation=recommendation,
        status=RecommendationStatus.DONE,
        by=UserFactory(is_staff=True),
        note="Fait.",
    )
    changed = [client.get(f"{url}?z={secrets.token_hex(8)}").content for _ in range(2)]
    client.logout()
    changed.append(client.get(f"{url}?z={secrets.token_hex(8)}").content)
    assert len(pdf_renders) == 2  # once for the new version, shared again by everybody
    assert len(set(changed)) == 1 and "Réalisée" in " ".join(pdf_text(changed[0]))


def test_staff_preview_of_a_draft_report_pdf_is_never_kept(staff_client, page_cache, pdf_renders):
    from tests.plugins.documents import pdf_text

    draft = ReportFactory(summary="Première version.")
    url = reverse("reports:pdf", args=[draft.workshop.slug])
    assert "Première version." in " ".join(pdf_text(staff_client.get(url).content))
    draft.summary = "Version relue."
    draft.save()
    assert "Version relue." in " ".join(pdf_text(staff_client.get(url).content))
    assert len(pdf_renders) == 2


def test_a_check_in_asks_the_cache_not_the_database_whether_its_report_is_published(page_cache):
    enrollment = EnrollmentFactory(workshop=WorkshopFactory())
    workshop_report_is_published(enrollment.workshop_id)  # the published reports' ids, kept
    with CaptureQueriesContext(connection) as check_in:
        AttendanceFactory(enrollment=enrollment)
    assert not [query for query in check_in.captured_queries if "reports_report" in query["sql"]]
