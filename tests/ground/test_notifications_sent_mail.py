"""The outbox's messages as they leave: through the real worker and SMTP server, after commit, with
the relay down, and as they read in the mailbox (subjects, escaping, headers, erased bodies)."""

import pytest
from django.db import transaction

from portal.ground.notifications.models import Outbox, OutboxStatus
from portal.ground.notifications.services import notification_queue, outbox_deliver
from tests.factories import UserFactory
from tests.ground.queued_invitations import election_workshop, queue_invitation
from tests.plugins.workers import wait_until

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_queued_invitation_reaches_the_smtp_server_through_the_real_worker(
    redis_server, smtp_server, outbox_worker
):
    outbox_worker(broker_url=redis_server.url, smtp_port=smtp_server.port)
    workshop = election_workshop()
    with transaction.atomic():
        queue_invitation(workshop, user=UserFactory(email="awa@exemple.bj"))
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
    workshop = election_workshop()
    for _ in range(3):
        queue_invitation(workshop, user=UserFactory())

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
    workshop = election_workshop()
    workshop.title = "L'éducation <b>civique</b>"
    workshop.save()
    user = UserFactory(email="awa@exemple.bj")

    queue_invitation(workshop, user=user)
    queue_invitation(workshop, phone="+22997123456")

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
        queue_invitation(election_workshop(), user=user)

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

    workshop = election_workshop()
    kept, forgotten = UserFactory(email="awa@exemple.bj"), UserFactory(email="bio@exemple.bj")
    queue_invitation(workshop, user=kept), queue_invitation(workshop, user=forgotten)
    rows = [Outbox.objects.get(user=kept), Outbox.objects.get(user=forgotten)]
    Outbox.objects.filter(pk__in=[row.pk for row in rows]).update(status=OutboxStatus.FAILED)
    outbox_forget_person(user=forgotten)  # its row keeps only a count of what was meant

    with django_capture_on_commit_callbacks(execute=False):
        assert outbox_retry(outbox_ids=[row.pk for row in rows]) == 1

    statuses = dict(Outbox.objects.filter(pk__in=[row.pk for row in rows]).values_list("pk", "status"))
    assert statuses == {rows[0].pk: OutboxStatus.PENDING, rows[1].pk: OutboxStatus.FAILED}
