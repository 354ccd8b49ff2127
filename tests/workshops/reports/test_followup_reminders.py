"""Due-date reminders of recommendations (J-14 and J-1, to the addressee's members and to the
staff member who follows it), and what the public tracker says of their pace."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.ground.notifications.models import Outbox
from portal.ground.notifications.services import notification_queue
from tests.factories import (
    AddresseeOrganisationFactory,
    OrganisationMemberFactory,
    RecommendationFactory,
    ReportFactory,
    UserFactory,
)
from workshops.reports.followup.reminders import recommendation_due_reminders_plan
from workshops.reports.services import recommendation_add_update

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 3, 1)


@pytest.fixture
def directorate():
    organisation = AddresseeOrganisationFactory(name="Direction de la communication")
    OrganisationMemberFactory(organisation=organisation, user__email="aicha@misp.bj")
    OrganisationMemberFactory(organisation=organisation, user__email="parti@misp.bj", user__is_active=False)
    return organisation


def _due_in(days, organisation, **fields):
    return RecommendationFactory(
        report=ReportFactory(published=True, workshop__title=f"Atelier de Kandi {days}"),
        organisation=organisation,
        due_date=TODAY + datetime.timedelta(days=days),
        text=f"Échéance dans {days} jours",
        **fields,
    )


def test_members_and_follower_get_the_j14_then_the_j1_reminder_once_each(directorate):
    follower = UserFactory(email="suivi@misp.bj", is_staff=True)
    recommendation = _due_in(14, directorate, followed_by=follower)

    assert recommendation_due_reminders_plan(today=TODAY) == 2
    assert recommendation_due_reminders_plan(today=TODAY) == 0  # beat running twice sends nothing twice
    assert (
        recommendation_due_reminders_plan(today=TODAY + datetime.timedelta(days=5)) == 0
    )  # still J-14's window
    assert recommendation_due_reminders_plan(today=TODAY + datetime.timedelta(days=13)) == 2

    rows = Outbox.objects.order_by("pk")
    member, staff = (
        rows.get(email="aicha@misp.bj", kind="recommendation-due-j14"),
        rows.get(email="suivi@misp.bj", kind="recommendation-due-j14"),
    )
    assert sorted(rows.values_list("key", flat=True)) == sorted(
        f"recommendation-due-{label}:{recommendation.pk}:20300315:{user.pk}"
        for label in ("j1", "j14")
        for user in (member.user, follower)
    )
    assert member.subject == "Échéance dans 14 jours : une recommandation à suivre"
    assert "« Échéance dans 14 jours »" in member.text and "Atelier de Kandi 14" in member.text
    assert f"/espace/suivi/recommandations/{recommendation.pk}/" in member.text
    assert f"/admin/reports/recommendation/{recommendation.pk}/change/" in staff.text
    assert rows.get(email="aicha@misp.bj", kind="recommendation-due-j1").subject == (
        "Échéance demain : une recommandation à suivre"
    )


def test_done_far_away_unpublished_or_undated_recommendations_get_no_reminder(directorate):
    _due_in(15, directorate)
    _due_in(-1, directorate)
    _due_in(3, directorate, status="done")
    RecommendationFactory(report=ReportFactory(), organisation=directorate, due_date=TODAY)  # draft report
    RecommendationFactory(report=ReportFactory(published=True), organisation=directorate, due_date=None)

    assert recommendation_due_reminders_plan(today=TODAY) == 0
    assert not Outbox.objects.exists()


def test_a_new_due_date_brings_new_reminders(directorate):
    recommendation = _due_in(1, directorate)
    assert recommendation_due_reminders_plan(today=TODAY) == 1
    recommendation.due_date = TODAY + datetime.timedelta(days=10)
    recommendation.save(update_fields=["due_date"])
    assert recommendation_due_reminders_plan(today=TODAY) == 1
    assert Outbox.objects.filter(kind="recommendation-due-j14").count() == 1


@pytest.mark.django_db(transaction=True)
def test_beat_task_queues_the_reminders_on_the_worker_and_they_reach_the_smtp_server(
    redis_server, outbox_worker
):
    from tests.plugins.mail import SmtpSink
    from tests.plugins.workers import wait_until
    from workshops.reports.tasks import plan_due_reminders

    sink = SmtpSink()
    sink.start()
    outbox_worker(broker_url=redis_server.url, smtp_port=sink.port)
    organisation = AddresseeOrganisationFactory(name="CENA", kind="cena")
    OrganisationMemberFactory(organisation=organisation, user__email="bio@cena.bj")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    recommendation = RecommendationFactory(
        report=ReportFactory(published=True),
        organisation=organisation,
        due_date=tomorrow,
        text="Publier le calendrier",
    )
    try:
        plan_due_reminders.delay()
        plan_due_reminders.delay()
        assert wait_until(lambda: Outbox.objects.filter(status="sent").count() == 1, timeout=30)
        plan_due_reminders.delay()
        # A marker queued after the third run: once it arrived, that run is over.
        notification_queue(
            kind="t", key="marker", template="invitation", context={}, email="temoin@exemple.bj"
        )
        assert wait_until(lambda: len(sink.messages) == 2, timeout=30)
    finally:
        sink.stop()
    assert sorted(m["To"] for m in sink.messages) == ["bio@cena.bj", "temoin@exemple.bj"]
    [message] = sink.to("bio@cena.bj")
    assert " ".join(message["Subject"].split()) == "Échéance demain : une recommandation à suivre"
    assert "« Publier le calendrier »" in SmtpSink.text_of(message)
    assert Outbox.objects.get(email="bio@cena.bj").key.startswith(
        f"recommendation-due-j1:{recommendation.pk}:"
    )


# --- The tracker ---------------------------------------------------------------------------------


def test_tracker_shows_overdue_recommendations_and_days_without_news(client, directorate):
    today = timezone.localdate()
    report = ReportFactory(published=True)
    late = RecommendationFactory(
        report=report, text="En retard", organisation=directorate, due_date=today - datetime.timedelta(days=1)
    )
    done_late = RecommendationFactory(
        report=report, text="Réalisée en retard", due_date=today - datetime.timedelta(days=9)
    )
    recommendation_add_update(
        recommendation=done_late,
        by=None,
        status="done",
        note="Fait.",
        date=today - datetime.timedelta(days=12),
    )
    RecommendationFactory(report=report, text="À temps", due_date=today + datetime.timedelta(days=3))

    page = client.get(reverse("reports:tracker")).content.decode()

    rows = {
        text: page[page.index(text) : page.index("</tr>", page.index(text))]
        for text in ("En retard", "Réalisée en retard", "À temps")
    }
    assert "en retard</span>" in rows["En retard"]
    assert "en retard</span>" not in rows["Réalisée en retard"] and "en retard</span>" not in rows["À temps"]
    assert "sans nouvelles depuis 12 jours" in rows["Réalisée en retard"]
    assert "sans nouvelles depuis 0 jour" in rows["À temps"]
    assert "Direction de la communication" in rows["En retard"]
    assert late.pk


def test_tracker_queries_do_not_grow_with_the_recommendations(client, directorate):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report = ReportFactory(published=True)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reports:tracker")).status_code == 200
        return len(captured)

    RecommendationFactory(report=report, organisation=directorate)
    few = queries()
    for n in range(10):
        recommendation = RecommendationFactory(
            report=report, organisation=AddresseeOrganisationFactory(), due_date=TODAY
        )
        recommendation_add_update(recommendation=recommendation, by=None, note=f"Note {n}")
    assert queries() == few
