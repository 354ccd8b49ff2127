"""The outbox: what notification_queue writes, and how delivery records each outcome."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from portal.ground.notifications.models import Outbox, OutboxStatus
from portal.ground.notifications.services import notification_queue, outbox_deliver, outbox_sweep
from tests.factories import UserFactory, VenueFactory, WorkshopFactory, commune
from tests.plugins.workers import wait_until
from workshops.messaging.content import workshop_ics_attachment

pytestmark = pytest.mark.django_db


def _workshop():
    start = timezone.make_aware(datetime.datetime(2026, 12, 15, 9, 0))
    venue = VenueFactory(name="Salle des fêtes", address="Rue 12.045", commune=commune("parakou"))
    return WorkshopFactory(
        title="Élections apaisées",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        venue=venue,
        registration_opens_at=start - datetime.timedelta(days=60),
        registration_closes_at=start - datetime.timedelta(days=2),
    )


def _invite(workshop, **who):
    from workshops.messaging.content import workshop_message_context

    language = who.get("user").language if who.get("user") else "fr"
    return notification_queue(
        kind="invitation",
        key=f"invitation:{workshop.pk}:{who.get('user').pk if who.get('user') else who['phone']}",
        template="invitation",
        context=workshop_message_context(workshop, language=language),
        attachments=[workshop_ics_attachment(workshop)],
        **who,
    )


def test_person_with_email_gets_one_outbox_row_rendered_in_french_with_the_ics():
    workshop = _workshop()
    user = UserFactory(email="awa@exemple.bj")

    assert _invite(workshop, user=user) is True
    assert _invite(workshop, user=user) is False  # same key: queued once

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
    workshop = _workshop()
    user = UserFactory(language="en")
    _invite(workshop, user=user)
    row = Outbox.objects.get()
    assert row.language == "en"
    assert "http://127.0.0.1:8000/en/espace/" in row.text


def test_person_with_phone_only_gets_an_sms_within_one_segment():
    from portal.ground.notifications.sms import sms_segments

    workshop = _workshop()
    _invite(workshop, phone="+22997123456")
    row = Outbox.objects.get()
    assert (row.channel, row.phone, row.email, row.subject) == ("sms", "+22997123456", "", "")
    assert row.sms_text.startswith("MISP : invitation à l'atelier du 15/12/2026 à 09:00, Parakou.")
    assert row.attachments.count() == 0
    assert sms_segments(row.sms_text) == 1


def test_person_with_both_gets_the_channel_chosen_in_the_profile():
    workshop = _workshop()
    sms_person = UserFactory(phone="+22997000001", preferred_channel="sms")
    mail_person = UserFactory(phone="+22997000002", preferred_channel="email")
    _invite(workshop, user=sms_person)
    _invite(workshop, user=mail_person)
    assert sorted(Outbox.objects.values_list("user__email", "channel", "phone")) == sorted(
        [
            (sms_person.email, "sms", "+22997000001"),
            (mail_person.email, "email", ""),
        ]
    )


def test_delivery_sends_html_text_and_ics_over_smtp_and_marks_sent(smtp_server):
    workshop = _workshop()
    user = UserFactory(email="awa@exemple.bj", first_name="Awa", last_name="Dossou")
    _invite(workshop, user=user)
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
    workshop = _workshop()
    smtp_server.refusals["inconnu@exemple.bj"] = "550 5.1.1 Utilisateur inconnu"
    _invite(workshop, user=UserFactory(email="inconnu@exemple.bj"))
    row = Outbox.objects.get()

    assert outbox_deliver(outbox_ids=[row.pk]) == 0

    row.refresh_from_db()
    assert (row.status, row.attempts, row.failure_temporary) == ("failed", 1, False)
    assert row.last_error == "550 5.1.1 Utilisateur inconnu"
    assert smtp_server.messages == []


def test_temporary_refusal_is_retried_later_with_back_off(smtp_server, settings):
    settings.NOTIFICATIONS_RETRY_BASE = 30
    settings.NOTIFICATIONS_RETRY_COUNTDOWN_MAX = 10  # 30 s is left to the sweep, not a countdown
    workshop = _workshop()
    smtp_server.refusals["plein@exemple.bj"] = "452 4.2.2 Boîte pleine"
    _invite(workshop, user=UserFactory(email="plein@exemple.bj"))
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
    workshop = _workshop()
    smtp_server.refusals["refuse@exemple.bj"] = "550 5.7.1 Refusé"
    _invite(workshop, user=UserFactory(email="accepte@exemple.bj"))
    _invite(workshop, user=UserFactory(email="refuse@exemple.bj"))

    assert outbox_deliver(outbox_ids=list(Outbox.objects.values_list("pk", flat=True))) == 1

    assert dict(Outbox.objects.values_list("email", "status")) == {
        "accepte@exemple.bj": "sent",
        "refuse@exemple.bj": "failed",
    }
    assert [m["To"] for m in smtp_server.messages] == ["accepte@exemple.bj"]


def test_attempts_stop_at_the_cap_and_the_failure_stays_resumable(smtp_server, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    settings.NOTIFICATIONS_RETRY_COUNTDOWN_MAX = 0
    workshop = _workshop()
    smtp_server.refusals["plein@exemple.bj"] = "421 4.3.2 Service indisponible"
    _invite(workshop, user=UserFactory(email="plein@exemple.bj"))
    row = Outbox.objects.get()
    for _ in range(2):
        Outbox.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        outbox_deliver(outbox_ids=[row.pk])
    row.refresh_from_db()
    assert (row.status, row.attempts, row.failure_temporary) == ("failed", 2, True)


def test_sweep_takes_back_rows_stuck_sending_past_the_lease_and_leaves_fresh_ones(settings):
    settings.NOTIFICATIONS_SENDING_LEASE = 600
    workshop = _workshop()
    for n in range(3):
        _invite(workshop, user=UserFactory())
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


@pytest.mark.django_db(transaction=True)
def test_queued_invitation_reaches_the_smtp_server_through_the_real_worker(
    redis_server, smtp_server, outbox_worker
):
    outbox_worker(broker_url=redis_server.url, smtp_port=smtp_server.port)
    workshop = _workshop()
    with transaction.atomic():
        _invite(workshop, user=UserFactory(email="awa@exemple.bj"))
        assert smtp_server.messages == []  # nothing leaves before commit

    assert wait_until(lambda: Outbox.objects.filter(status=OutboxStatus.SENT).count() == 1, timeout=30)
    assert [m["To"] for m in smtp_server.messages] == ["awa@exemple.bj"]
    assert Outbox.objects.get().attempts == 1


@pytest.mark.django_db(transaction=True)
def test_committed_message_is_in_the_smtp_server_when_the_request_returns(smtp_server):
    """What other areas' tests rely on: with the smtp_server fixture, a committed notification
    has been delivered (through the outbox) by the time control comes back."""
    with transaction.atomic():
        notification_queue(
            kind="t",
            key="k",
            template="invitation",
            context={"workshop_title": "Atelier"},
            email="awa@exemple.bj",
        )
    assert [m["Subject"] for m in smtp_server.to("awa@exemple.bj")] == ["Invitation : Atelier"]
    assert Outbox.objects.get().status == "sent"


@pytest.mark.parametrize(
    ("variables", "complaint"),
    [
        ({"CELERY_VISIBILITY_TIMEOUT": "500"}, "CELERY_VISIBILITY_TIMEOUT must exceed"),
        ({"NOTIFICATIONS_SENDING_LEASE": "200"}, "NOTIFICATIONS_SENDING_LEASE must exceed"),
    ],
)
def test_inconsistent_celery_timeouts_stop_the_start(variables, complaint):
    import os
    import subprocess
    import sys

    from tests.plugins import ROOT

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
        **variables,
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert complaint in result.stderr


def test_unreachable_relay_fails_the_whole_batch_at_once_as_temporary(settings):
    from tests.plugins.mail import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", free_port(), False
    settings.NOTIFICATIONS_RETRY_COUNTDOWN_MAX = 0
    workshop = _workshop()
    for _ in range(3):
        _invite(workshop, user=UserFactory())

    assert outbox_deliver(outbox_ids=list(Outbox.objects.values_list("pk", flat=True))) == 0

    assert list(
        Outbox.objects.order_by().values_list("status", "attempts", "failure_temporary").distinct()
    ) == [("pending", 1, False)]
    assert all("Connection refused" in error for error in Outbox.objects.values_list("last_error", flat=True))


def test_committed_message_lands_in_djangos_test_mailbox(mailoutbox, django_capture_on_commit_callbacks):
    """Other areas' tests read `mailoutbox`: with the in-memory backend the outbox delivers
    in this process after commit, since no worker can reach that mailbox."""
    with django_capture_on_commit_callbacks(execute=True):
        notification_queue(
            kind="t",
            key="k",
            template="invitation",
            context={"workshop_title": "Atelier"},
            email="awa@exemple.bj",
            attachments=[("note.txt", "texte", "text/plain")],
        )
    assert [(m.to, m.subject) for m in mailoutbox] == [(["awa@exemple.bj"], "Invitation : Atelier")]
    assert mailoutbox[0].attachments == [("note.txt", "texte", "text/plain")]
    assert Outbox.objects.get().status == "sent"


def test_a_title_with_an_apostrophe_and_markup_reads_raw_in_the_text_and_escaped_in_the_html():
    workshop = _workshop()
    workshop.title = "L'éducation <b>civique</b>"
    workshop.save()
    user = UserFactory(email="awa@exemple.bj")

    _invite(workshop, user=user)
    _invite(workshop, phone="+22997123456")

    mail = Outbox.objects.get(channel="email")
    assert mail.subject == "Invitation : L'éducation <b>civique</b>"
    assert "L'éducation <b>civique</b>" in mail.text
    assert "&#x27;" not in mail.text and "&lt;" not in mail.text
    assert "L&#x27;éducation &lt;b&gt;civique&lt;/b&gt;" in mail.html
    assert "<b>civique</b>" not in mail.html
    assert "&#x27;" not in Outbox.objects.get(channel="sms").sms_text


def test_a_delivered_password_reset_or_invitation_keeps_its_subject_but_not_its_link(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    from django.urls import reverse

    from accounts.parties.services import invitation_create
    from tests.factories import PartyOfficialFactory

    user = UserFactory(email="awa@exemple.bj")
    official = PartyOfficialFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
        invitation_create(party=official.party, email="second@parti.bj", role="membre", by=official.user)
        _invite(_workshop(), user=user)

    assert sorted(m.to[0] for m in mailoutbox) == ["awa@exemple.bj", "awa@exemple.bj", "second@parti.bj"]
    assert any("/compte/password/reset/key/" in m.body for m in mailoutbox)
    invitation_mail = next(m for m in mailoutbox if m.to == ["second@parti.bj"])
    assert "/espace/parti/invitation/" in invitation_mail.body  # the link reached the person
    rows = {row.kind: row for row in Outbox.objects.all()}
    assert [
        (k, rows[k].status, rows[k].subject != "", rows[k].text, rows[k].html)
        for k in ("account-password_reset_key", "party-invitation")
    ] == [("account-password_reset_key", "sent", True, "", ""), ("party-invitation", "sent", True, "", "")]
    assert rows["invitation"].text != ""  # an ordinary message keeps its body in the journal


def test_a_message_without_an_html_template_still_goes_as_html_with_the_party_name_escaped(staff_user):
    from accounts.parties.services import party_reject
    from tests.factories import PartyOfficialFactory

    official = PartyOfficialFactory(party__name="Parti <script>alert(1)</script>", party__status="pending")
    party_reject(party=official.party, reason="Numéro d'enregistrement inconnu du registre.", by=staff_user)

    row = Outbox.objects.get(kind="party-rejected")
    assert "Parti <script>alert(1)</script>" in row.text
    assert "Parti &lt;script&gt;alert(1)&lt;/script&gt;" in row.html and "<script>" not in row.html
    assert "Numéro d&#x27;enregistrement inconnu du registre." in row.html
    assert '<a href="http://' in row.html  # the link to Mon espace is clickable


@pytest.mark.parametrize("offers_unsubscribe", [True, False])
def test_the_unsubscribe_header_follows_the_rows_flag_not_its_kind(
    mailoutbox, django_capture_on_commit_callbacks, offers_unsubscribe
):
    # The part that queues a message says whether the person may stop it; a kind named like a
    # reminder decides nothing.
    with django_capture_on_commit_callbacks(execute=True):
        notification_queue(
            kind="reminder-j1",
            key="k",
            template="invitation",
            context={"workshop_title": "Atelier"},
            email="awa@exemple.bj",
            offers_unsubscribe=offers_unsubscribe,
        )
    [message] = mailoutbox
    assert ("List-Unsubscribe" in message.extra_headers) is offers_unsubscribe
    assert Outbox.objects.get().offers_unsubscribe is offers_unsubscribe


def test_staff_retrying_failed_messages_never_resend_one_whose_bodies_were_erased(
    django_capture_on_commit_callbacks,
):
    from portal.ground.notifications.services import outbox_forget_person, outbox_retry

    workshop = _workshop()
    kept, forgotten = UserFactory(email="awa@exemple.bj"), UserFactory(email="bio@exemple.bj")
    _invite(workshop, user=kept), _invite(workshop, user=forgotten)
    rows = [Outbox.objects.get(user=kept), Outbox.objects.get(user=forgotten)]
    Outbox.objects.filter(pk__in=[row.pk for row in rows]).update(status=OutboxStatus.FAILED)
    outbox_forget_person(user=forgotten)  # its row keeps only a count of what was meant

    with django_capture_on_commit_callbacks(execute=False):
        assert outbox_retry(outbox_ids=[row.pk for row in rows]) == 1

    statuses = dict(Outbox.objects.filter(pk__in=[row.pk for row in rows]).values_list("pk", "status"))
    assert statuses == {rows[0].pk: OutboxStatus.PENDING, rows[1].pk: OutboxStatus.FAILED}
