"""Reminders J-7 and J-1, planned from the database; the stop-reminders link."""

import datetime

import pytest
from django.utils import timezone

from portal.ground.notifications.models import Outbox, ReminderOptOut
from portal.ground.notifications.services import notification_queue, reminders_stop_url
from portal.ground.notifications.sms.segments import gsm7_fold
from tests.factories import (
    DelegateFactory,
    EnrollmentFactory,
    PartyFactory,
    PartyOfficialFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.messaging.reminders import reminders_plan

pytestmark = pytest.mark.django_db


def _workshop_in(delta):
    start = timezone.now() + delta
    return WorkshopFactory(
        starts_at=start,
        registration_opens_at=start - datetime.timedelta(days=30),
        registration_closes_at=start - datetime.timedelta(hours=1),
    )


@pytest.fixture
def week_ahead():
    """A workshop in 6 days 20 hours: one actor, one delegate (with his party's responsable), one
    actor who stopped reminders, one withdrawn actor."""
    workshop = _workshop_in(datetime.timedelta(days=6, hours=20))
    party = PartyFactory()
    delegate = DelegateFactory(
        party=party, email="", phone="+22997111111", first_name="Koffi", last_name="Agbo"
    )
    return {
        "workshop": workshop,
        "actor": EnrollmentFactory(workshop=workshop, user=UserFactory(email="actrice@exemple.bj")),
        "delegate": EnrollmentFactory(workshop=workshop, delegate=delegate),
        "responsable": PartyOfficialFactory(party=party, user__email="chef@exemple.bj").user,
        "quiet": EnrollmentFactory(
            workshop=workshop, user=UserFactory(email="calme@exemple.bj", reminders_enabled=False)
        ),
        "withdrawn": EnrollmentFactory(
            workshop=workshop, user=UserFactory(email="parti@exemple.bj"), status="withdrawn"
        ),
    }


def test_j7_reminders_reach_every_confirmed_participant_and_the_party_responsable_once(week_ahead):
    w = week_ahead

    assert reminders_plan() == 3
    assert reminders_plan() == 0  # the schedule running twice sends nothing twice

    rows = {row.key: row for row in Outbox.objects.all()}
    assert sorted(rows) == sorted(
        [
            f"reminder-j7:{w['actor'].pk}",
            f"reminder-j7:{w['delegate'].pk}",
            f"reminder-j7-party:{w['workshop'].pk}:{w['delegate'].party_id}:{w['responsable'].pk}",
        ]
    )
    actor = rows[f"reminder-j7:{w['actor'].pk}"]
    assert (actor.channel, actor.email) == ("email", "actrice@exemple.bj")
    assert actor.subject == f"Rappel : {w['workshop'].title} dans 7 jours"
    assert "/rappels/arret/" in actor.text and "/espace/" in actor.text
    assert f"Code d'émargement : {w['actor'].checkin_code}" in actor.text
    sms = rows[f"reminder-j7:{w['delegate'].pk}"]
    assert (sms.channel, sms.phone) == ("sms", "+22997111111")
    assert sms.sms_text.startswith(f"Rappel MISP : {gsm7_fold(w['workshop'].title)}, le ")
    assert f"Votre code : {w['delegate'].checkin_code}." in sms.sms_text
    party = rows[f"reminder-j7-party:{w['workshop'].pk}:{w['delegate'].party_id}:{w['responsable'].pk}"]
    assert f"- Koffi Agbo — code d'émargement : {w['delegate'].checkin_code}" in party.text


def test_j1_reminder_follows_a_day_before_and_workshops_further_away_get_none():
    tomorrow = _workshop_in(datetime.timedelta(hours=20))
    EnrollmentFactory(workshop=_workshop_in(datetime.timedelta(days=3)))
    EnrollmentFactory(workshop=_workshop_in(datetime.timedelta(days=8)))
    soon = EnrollmentFactory(workshop=tomorrow)

    assert reminders_plan() == 1
    row = Outbox.objects.get()
    assert row.key == f"reminder-j1:{soon.pk}"
    assert row.subject == f"Rappel : {tomorrow.title} demain"


def test_participant_stops_reminders_from_the_link_and_still_gets_invitations(client, week_ahead):
    actor = week_ahead["actor"].user
    link = reminders_stop_url(user=actor).removeprefix("http://127.0.0.1:8000")

    page = client.get(link)
    assert page.status_code == 200 and "Ne plus recevoir de rappels" in page.content.decode()
    actor.refresh_from_db()
    assert actor.reminders_enabled is True  # a GET (a mail scanner) changes nothing

    done = client.post(link)
    assert "vous ne recevrez plus de rappels" in done.content.decode()
    actor.refresh_from_db()
    assert actor.reminders_enabled is False
    reminders_plan()
    assert not Outbox.objects.filter(user=actor, kind__startswith="reminder").exists()
    notification_queue(kind="invitation", key="invitation:x", template="invitation", context={}, user=actor)
    assert Outbox.objects.filter(user=actor, kind="invitation").count() == 1


def test_delegate_without_account_stops_reminders_for_his_number(client, week_ahead):
    delegate = week_ahead["delegate"].delegate
    link = reminders_stop_url(address="+22997111111").removeprefix("http://127.0.0.1:8000")
    client.post(link)
    assert list(ReminderOptOut.objects.values_list("address", flat=True)) == ["+22997111111"]
    reminders_plan()
    assert not Outbox.objects.filter(phone=str(delegate.phone)).exists()


def test_forged_stop_link_is_refused_and_changes_nothing(client, week_ahead):
    actor = week_ahead["actor"].user
    link = reminders_stop_url(user=actor).removeprefix("http://127.0.0.1:8000")
    forged = link.replace(f"u{actor.pk}:", f"u{week_ahead['responsable'].pk}:")
    response = client.post(forged)
    assert response.status_code == 400
    assert "pas valide" in response.content.decode()
    assert UserFactory._meta.model.objects.filter(reminders_enabled=False).count() == 1  # only "quiet"


def test_reminder_sms_fits_two_segments():
    from portal.ground.notifications.sms import sms_segments

    workshop = _workshop_in(datetime.timedelta(hours=20))
    EnrollmentFactory(workshop=workshop, delegate=DelegateFactory(email=""))
    reminders_plan()
    row = Outbox.objects.get(channel="sms")
    assert sms_segments(row.sms_text) <= 2, (len(row.sms_text), row.sms_text)


def test_reminder_mail_carries_the_stop_link_in_the_body_and_the_list_unsubscribe_header(
    smtp_server, week_ahead
):
    from portal.ground.notifications.services import outbox_deliver

    reminders_plan()
    row = Outbox.objects.get(email="actrice@exemple.bj")
    outbox_deliver(outbox_ids=[row.pk])
    [message] = smtp_server.to("actrice@exemple.bj")
    link = reminders_stop_url(user=week_ahead["actor"].user)
    assert message["List-Unsubscribe"].strip() == f"<{link}>"  # a long header may be folded
    assert link in message.get_body(preferencelist=("html",)).get_content()
    assert "Mon espace : http://127.0.0.1:8000/espace/" in smtp_server.text_of(message)


@pytest.mark.django_db(transaction=True)
def test_beat_task_plans_reminders_on_the_worker_and_twice_sends_nothing_twice(redis_server, outbox_worker):
    from tests.plugins.mail import SmtpSink
    from tests.plugins.workers import wait_until
    from workshops.tasks import plan_reminders

    sink = SmtpSink()
    sink.start()
    outbox_worker(broker_url=redis_server.url, smtp_port=sink.port)
    enrollment = EnrollmentFactory(
        workshop=_workshop_in(datetime.timedelta(hours=20)), user=UserFactory(email="demain@exemple.bj")
    )
    try:
        plan_reminders.delay()
        plan_reminders.delay()
        assert wait_until(lambda: Outbox.objects.filter(status="sent").count() == 1, timeout=30)
        plan_reminders.delay()
        # A marker queued after the third run: once it arrived, that run is over.
        notification_queue(
            kind="t", key="marker", template="invitation", context={}, email="temoin@exemple.bj"
        )
        assert wait_until(lambda: len(sink.messages) == 2, timeout=30)
    finally:
        sink.stop()
    assert sorted(m["To"] for m in sink.messages) == ["demain@exemple.bj", "temoin@exemple.bj"]
    assert Outbox.objects.get(user=enrollment.user).key == f"reminder-j1:{enrollment.pk}"
