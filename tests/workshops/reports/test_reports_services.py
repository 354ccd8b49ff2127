"""Staff publish reports and follow their recommendations up through the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import RecommendationFactory, ReportFactory, UserFactory, WorkshopFactory
from workshops.models import WorkshopStatus
from workshops.reports import services
from workshops.reports.models import RecommendationStatus, Report, ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return UserFactory(is_staff=True, email="organisateur@misp.bj")


def test_organiser_publishes_a_draft_report_once(organiser):
    report = ReportFactory()
    assert services.report_publish(report=report, by=organiser) is True
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    assert report.published_at is not None and report.published_by == organiser
    assert services.report_publish(report=report, by=organiser) is False
    assert [(h.status, h.history_user) for h in report.history.order_by("history_date")][-1] == (
        ReportStatus.PUBLISHED,
        organiser,
    )


def test_organiser_cannot_publish_the_report_of_a_draft_workshop(organiser):
    report = ReportFactory(workshop=WorkshopFactory(status=WorkshopStatus.DRAFT))
    with pytest.raises(ValidationError):
        services.report_publish(report=report, by=organiser)
    report.refresh_from_db()
    assert (report.status, report.published_at) == (ReportStatus.DRAFT, None)


def test_organiser_unpublishes_a_report_which_loses_its_date(organiser):
    report = ReportFactory(published=True)
    assert services.report_unpublish(report=report, by=organiser) is True
    report.refresh_from_db()
    assert (report.status, report.published_at, report.published_by) == (ReportStatus.DRAFT, None, None)
    assert services.report_unpublish(report=report, by=organiser) is False


@pytest.mark.parametrize(
    "fields",
    [
        {"status": ReportStatus.PUBLISHED, "published_at": None},
        {"status": "archived"},
        {"summary": ""},
    ],
    ids=["published-without-date", "unknown-status", "empty-summary"],
)
def test_database_refuses_an_inconsistent_report(fields):
    report = ReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(**fields)


def test_database_allows_one_report_per_workshop():
    report = ReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(workshop=report.workshop, summary="Un second rapport")


def test_organiser_moves_a_recommendation_forward_with_dated_notes(organiser):
    recommendation = RecommendationFactory()
    services.recommendation_add_update(
        recommendation=recommendation,
        by=organiser,
        note="Réunion de cadrage tenue.",
        date=datetime.date(2022, 9, 1),
    )
    services.recommendation_set_status(
        recommendation=recommendation,
        status=RecommendationStatus.IN_PROGRESS,
        by=organiser,
        note="Le cadre de concertation est en cours de constitution.",
        date=datetime.date(2022, 10, 3),
    )
    assert (
        services.recommendation_set_status(
            recommendation=recommendation, status=RecommendationStatus.IN_PROGRESS, by=organiser
        )
        is None
    )
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.IN_PROGRESS
    assert [(u.date, u.status, u.note, u.created_by) for u in recommendation.updates.all()] == [
        (datetime.date(2022, 9, 1), "", "Réunion de cadrage tenue.", organiser),
        (
            datetime.date(2022, 10, 3),
            RecommendationStatus.IN_PROGRESS,
            "Le cadre de concertation est en cours de constitution.",
            organiser,
        ),
    ]
    assert [h.status for h in recommendation.history.order_by("history_date")] == [
        RecommendationStatus.PROPOSED,
        RecommendationStatus.IN_PROGRESS,
    ]


def test_an_empty_follow_up_is_refused_and_nothing_is_saved(organiser):
    recommendation = RecommendationFactory()
    with pytest.raises(ValidationError) as error:
        services.recommendation_add_update(recommendation=recommendation, by=organiser, note="   ")
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.recommendation_add_update(recommendation=recommendation, by=organiser, status="oubliée")
    assert recommendation.updates.count() == 0
