"""The outbox: what notification_queue writes, and how delivery records each outcome."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from portal.ground.notifications.models import Outbox
from portal.ground.notifications.services import outbox_deliver, outbox_sweep
from tests.factories import UserFactory
from tests.ground.queued_invitations import election_workshop, queue_invitation

pytestmark = pytest.mark.django_db


def test_person_with_email_gets_one_outbox_row_rendered_in_french_with_the_ics():
    workshop = election_workshop()
    user = UserFactory(email="awa@exemple.bj")

    assert queue_invitation(workshop, user=user) is True
    assert queue_invitation(workshop, user=user) is False  # same key: queued once

    row = Outbox.objects.get()
    assert (row.channel, row.email, row.phone, row.status, row.language) == (
        "email",
        "awa@exemple.bj",
        "",
        "pending",
        "fr",
    )
    assert row.subject == "Invitation : Élections apaisées"
    assert "mardi 15 décembre 2026" in row.text
    assert "09:00 – 17:00" in row.text
    assert "Salle des fêtes, Rue 12.045, Parakou" in row.text
    assert "http://127.0.0.1:8000/espace/" in row.text
    assert "<strong>Élections apaisées</strong>" in row.html
    assert [(a.filename, a.mimetype) for a in row.attachments.all()] == [
        (f"{workshop.slug}.ics", "text/calendar")
    ]
    assert b"BEGIN:VEVENT" in bytes(row.attachments.get().content)


def test_english_speaker_gets_the_message_in_english_address_included():
    workshop = election_workshop()
    user = UserFactory(language="en")
    queue_invitation(workshop, user=user)
    row = Outbox.objects.get()
    assert row.language == "en"
    assert "http://127.0.0.1:8000/en/espace/" in row.text


def test_person_with_phone_only_gets_an_sms_within_two_segments_ending_with_the_short_link():
    from portal.ground.notifications.sms import sms_segments

    workshop = election_workshop()
    queue_invitation(workshop, phone="+22997123456")
    row = Outbox.objects.get()
    assert (row.channel, row.phone, row.email, row.subject) == ("sms", "+22997123456", "", "")
    assert row.sms_text == (
        "MISP : invitation à l'atelier Élections apaisées, le 15/12/2026 à 09:00, Salle des fetes, "
        f"Parakou. Détails : http://127.0.0.1:8000/a/{workshop.pk}/"
    )
    assert row.attachments.count() == 0
    assert sms_segments(row.sms_text) == 1


def test_person_with_both_gets_the_channel_chosen_in_the_profile():
    workshop = election_workshop()
    sms_person = UserFactory(phone="+22997000001", preferred_channel="sms")
    mail_person = UserFactory(phone="+22997000002", preferred_channel="email")
    queue_invitation(workshop, user=sms_person)
    queue_invitation(workshop, user=mail_person)
    assert sorted(Outbox.objects.values_list("user__email", "channel", "phone")) == sorted(
        [
            (sms_person.email, "sms", "+22997000001"),
            (mail_person.email, "email", ""),
        ]
    )


def test_delivery_sends_html_text_and_ics_over_smtp_and_marks_sent(smtp_server):
    workshop = election_workshop()
    user = UserFactory(email="awa@exemple.bj", first_name="Awa", last_name="Dossou")
    queue_invitation(workshop, user=user)
    row = Outbox.objects.get()

    assert outbox_deliver(outbox_ids=[row.pk]) == 1
    assert outbox_deliver(outbox_ids=[row.pk]) == 0  # a second run finds nothing to claim

    [message] = smtp_server.to("awa@exemple.bj")
    assert message["Subject"] == "Invitation : Élections apaisées"
    assert "mardi 15 décembre 2026" in smtp_server.text_of(message)
    assert "Élections apaisées" in message.get_body(preferencelist=("html",)).get_content()
    [ics] = [part for part in message.iter_attachments()]
    assert ics.get_filename() == f"{workshop.slug}.ics" and ics.get_content_type() == "text/calendar"
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, "")
    assert row.sent_at is not None


def test_permanent_refusal_is_recorded_with_the_server_answer_and_not_retried(smtp_server):
    workshop = election_workshop()
    smtp_server.refusals["inconnu@exemple.bj"] = "550 5.1.1 Utilisateur inconnu"
    queue_invitation(workshop, user=UserFactory(email="inconnu@exemple.bj"))
    row = Outbox.objects.get()

    assert outbox_deliver(outbox_ids=[row.pk]) == 0

    row.refresh_from_db()
    assert (row.status, row.attempts, row.failure_temporary) == ("failed", 1, False)
    assert row.last_error == "550 5.1.1 Utilisateur inconnu"
    assert smtp_server.messages == []


def test_temporary_refusal_is_retried_later_with_back_off(smtp_server, settings):
    settings.NOTIFICATIONS_RETRY_BASE = 30
    settings.NOTIFICATIONS_RETRY_COUNTDOWN_MAX = 10  # 30 s is left to the sweep, not a countdown
    workshop = election_workshop()
    smtp_server.refusals["plein@exemple.bj"] = "452 4.2.2 Boîte pleine"
    queue_invitation(workshop, user=UserFactory(email="plein@exemple.bj"))
    row = Outbox.objects.get()
    before = timezone.now()

    outbox_deliver(outbox_ids=[row.pk])

    row.refresh_from_db()
    assert (row.status, row.attempts, row.enqueued_at) == ("pending", 1, None)
    assert row.last_error == "452 4.2.2 Boîte pleine"
    assert (
        before + datetime.timedelta(seconds=29)
        < row.next_attempt_at
        < before + datetime.timedelta(seconds=32)
    )
    assert outbox_deliver(outbox_ids=[row.pk]) == 0  # not due yet
    # Second failure: twice the delay.
    Outbox.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    outbox_deliver(outbox_ids=[row.pk])
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.next_attempt_at > timezone.now() + datetime.timedelta(seconds=55)


def test_recipient_refused_inside_an_accepted_send_is_not_counted_as_delivered(smtp_server):
    """Two rows on one connection: the server accepts the first and refuses the second's
    recipient; only the first is sent."""
    workshop = election_workshop()
    smtp_server.refusals["refuse@exemple.bj"] = "550 5.7.1 Refusé"
    queue_invitation(workshop, user=UserFactory(email="accepte@exemple.bj"))
    queue_invitation(workshop, user=UserFactory(email="refuse@exemple.bj"))

    assert outbox_deliver(outbox_ids=list(Outbox.objects.values_list("pk", flat=True))) == 1

    assert dict(Outbox.objects.values_list("email", "status")) == {
        "accepte@exemple.bj": "sent",
        "refuse@exemple.bj": "failed",
    }
    assert [m["To"] for m in smtp_server.messages] == ["accepte@exemple.bj"]


def test_attempts_stop_at_the_cap_and_the_failure_stays_resumable(smtp_server, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    settings.NOTIFICATIONS_RETRY_COUNTDOWN_MAX = 0
    workshop = election_workshop()
    smtp_server.refusals["plein@exemple.bj"] = "421 4.3.2 Service indisponible"
    queue_invitation(workshop, user=UserFactory(email="plein@exemple.bj"))
    row = Outbox.objects.get()
    for _ in range(2):
        Outbox.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        outbox_deliver(outbox_ids=[row.pk])
    row.refresh_from_db()
    assert (row.status, row.attempts, row.failure_temporary) == ("failed", 2, True)


def test_sweep_takes_back_rows_stuck_sending_past_the_lease_and_leaves_fresh_ones(settings):
    settings.NOTIFICATIONS_SENDING_LEASE = 600
    workshop = election_workshop()
    for n in range(3):
        queue_invitation(workshop, user=UserFactory())
    stuck, fresh, queued = Outbox.objects.order_by("pk")
    now = timezone.now()
    Outbox.objects.filter(pk=stuck.pk).update(
        status="sending", claimed_at=now - datetime.timedelta(seconds=700)
    )
    Outbox.objects.filter(pk=fresh.pk).update(
        status="sending", claimed_at=now - datetime.timedelta(seconds=10)
    )

    with transaction.atomic():
        released, enqueued = outbox_sweep(now=now)

    assert (released, enqueued) == (1, 1)  # the third was enqueued a moment ago: its task still runs
    assert dict(Outbox.objects.values_list("pk", "status")) == {
        stuck.pk: "pending",
        fresh.pk: "sending",
        queued.pk: "pending",
    }
    later = now + datetime.timedelta(seconds=settings.NOTIFICATIONS_SWEEP_GRACE + 1)
    assert outbox_sweep(now=later) == (0, 2)  # neither task ran in the meantime: both again
