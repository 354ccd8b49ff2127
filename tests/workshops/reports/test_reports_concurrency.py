"""Two organisers acting on the same report or recommendation at the same moment."""

import threading

import pytest
from django.db import connection

from tests.factories import RecommendationFactory, ReportFactory, UserFactory
from workshops.reports import services
from workshops.reports.models import Recommendation, RecommendationStatus, Report, ReportStatus

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(action, people):
    barrier, results = threading.Barrier(len(people)), []

    def run(person):
        try:
            barrier.wait()
            results.append(action(person))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=[person]) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_organisers_publishing_at_once_record_one_publication():
    report = ReportFactory()
    people = [UserFactory(is_staff=True), UserFactory(is_staff=True)]
    results = _at_once(
        lambda person: services.report_publish(report=Report.objects.get(pk=report.pk), by=person), people
    )
    assert sorted(results) == [False, True]
    assert report.history.filter(status=ReportStatus.PUBLISHED).count() == 1


def test_two_organisers_marking_a_recommendation_done_at_once_record_one_change():
    recommendation = RecommendationFactory()
    people = [UserFactory(is_staff=True), UserFactory(is_staff=True)]
    results = _at_once(
        lambda person: services.recommendation_set_status(
            recommendation=Recommendation.objects.get(pk=recommendation.pk),
            status=RecommendationStatus.DONE,
            by=person,
        ),
        people,
    )
    assert sorted(result is None for result in results) == [False, True]
    assert list(recommendation.updates.values_list("status", flat=True)) == [RecommendationStatus.DONE]
