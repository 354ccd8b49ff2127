"""The messages about an enrollment are written while the workshop's row is locked, but rendered
only once the lock is gone: at delivery. A confirmation whose process died right after the
commit, before handing it to the workers, still reaches the person, with its full text."""

import psycopg
import pytest
from django.db import connection, transaction
from django.test.signals import template_rendered

from portal.ground.notifications.models import Outbox
from portal.ground.notifications.services import outbox_sweep, queueing
from tests import plugins
from tests.factories import MediaActorFactory, WorkshopFactory
from tests.plugins.mail import SmtpSink
from tests.plugins.workers import wait_until
from workshops import services
from workshops.models import Audience
from workshops.services import seats


def _row_locked_elsewhere(workshop_pk):
    """Whether another transaction holds the workshop's row lock, seen from a connection of our own."""
    with psycopg.connect(plugins.test_database_url(), autocommit=False) as other:
        try:
            other.execute("SET lock_timeout = '50ms'")
            other.execute("SELECT 1 FROM workshops_workshop WHERE id = %s FOR UPDATE NOWAIT", [workshop_pk])
        except psycopg.errors.LockNotAvailable:
            return True
        finally:
            other.rollback()
    return False


@pytest.mark.django_db(transaction=True)
def test_no_message_is_rendered_while_the_workshop_row_is_locked(mailoutbox):
    workshop = WorkshopFactory(title="Vérifier avant de partager", audience=Audience.MEDIA, party_quota=None)
    actor = MediaActorFactory(user__first_name="Fifamè", user__last_name="Agbo").user
    with transaction.atomic():  # the probe does see a lock when one is held
        seats.workshop_lock(workshop)
        assert _row_locked_elsewhere(workshop.pk)
    renders = []

    def rendered(sender, template, **kwargs):
        if (template.name or "").startswith("notifications/"):
            renders.append((template.name, connection.in_atomic_block, _row_locked_elsewhere(workshop.pk)))

    template_rendered.connect(rendered)
    try:
        enrollment = services.enrollment_create_for_media_actor(workshop=workshop, user=actor, by=actor)
    finally:
        template_rendered.disconnect(rendered)

    # Delivered in this process right after the commit (tests/plugins/mail.py): rendered then.
    assert {name for name, _, _ in renders} >= {
        "notifications/enrollment_confirmed/subject.txt",
        "notifications/enrollment_confirmed/body.txt",
    }
    assert [
        (name, in_transaction, locked) for name, in_transaction, locked in renders if in_transaction or locked
    ] == []
    [mail] = mailoutbox
    assert mail.subject == "Inscription confirmée : Vérifier avant de partager"
    assert enrollment.checkin_code in mail.body
    row = Outbox.objects.get(key=f"enrollment-confirmed:{enrollment.pk}")
    assert (row.status, row.context, row.text) == ("sent", None, mail.body)


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_whose_process_died_after_the_commit_is_delivered_with_its_text(
    redis_server, outbox_worker, monkeypatch
):
    sink = SmtpSink()
    sink.start()
    outbox_worker(broker_url=redis_server.url, smtp_port=sink.port)
    workshop = WorkshopFactory(title="Vérifier avant de partager", audience=Audience.MEDIA, party_quota=None)
    actor = MediaActorFactory(
        user__email="fifame@medias.bj", user__first_name="Fifamè", user__last_name="Agbo"
    ).user
    # The process dies between its commit and its after-commit steps: the row is never handed
    # over to the workers, and nobody rendered it.
    monkeypatch.setattr(queueing, "delivery_schedule", lambda outbox_ids, countdown=None: None)
    try:
        enrollment = services.enrollment_create_for_media_actor(workshop=workshop, user=actor, by=actor)
        row = Outbox.objects.get(key=f"enrollment-confirmed:{enrollment.pk}")
        assert (row.status, row.text, row.context["checkin_code"]) == ("pending", "", enrollment.checkin_code)

        # The sweep (beat) hands it over; the worker renders it and sends it.
        assert wait_until(lambda: len(sink.messages) == 1, timeout=60, interval=0.2, between=outbox_sweep)
    finally:
        sink.stop()
    [mail] = sink.messages
    text = SmtpSink.text_of(mail)
    assert mail["To"] == "fifame@medias.bj"
    assert mail["Subject"].strip() == "Inscription confirmée : Vérifier avant de partager"
    assert enrollment.checkin_code in text and "Fifamè Agbo" in text
    assert [a.get_filename() for a in mail.iter_attachments()] == [f"{workshop.slug}.ics"]
    row.refresh_from_db()
    assert (row.status, row.context, row.text.strip()) == ("sent", None, text.replace("\r\n", "\n").strip())


@pytest.mark.django_db(transaction=True)
def test_one_enrollment_costs_seven_queries_all_under_the_lock(django_assert_max_num_queries, monkeypatch):
    workshop = WorkshopFactory(audience=Audience.MEDIA, party_quota=None)
    first, actor = MediaActorFactory().user, MediaActorFactory().user
    handed_over = []
    monkeypatch.setattr(
        queueing, "delivery_schedule", lambda outbox_ids, countdown=None: handed_over.extend(outbox_ids)
    )
    # The first enrollment after the public pages changed reads, once, which workshops have a
    # published report (a report shows its workshop's enrollments): then the cache answers.
    services.enrollment_create_for_media_actor(workshop=workshop, user=first, by=first)
    handed_over.clear()

    # Seven statements, besides BEGIN and COMMIT (which Django counts too), all under the lock: the
    # lock itself (with the venue the message names), the seats held by parties, the enrollment
    # and its history, the counter, the message and its .ics. Nothing after the commit.
    with django_assert_max_num_queries(9) as captured:
        enrollment = services.enrollment_create_for_media_actor(workshop=workshop, user=actor, by=actor)

    statements = [query["sql"] for query in captured.captured_queries]
    begin, commit = statements.index("BEGIN"), statements.index("COMMIT")
    assert len(statements) - 2 <= 7
    assert commit - begin - 1 <= 7
    assert commit == len(statements) - 1
    assert "FOR UPDATE" in statements[begin + 1]

    assert handed_over == [Outbox.objects.get(key=f"enrollment-confirmed:{enrollment.pk}").pk]
    workshop.refresh_from_db()
    assert workshop.seats_taken == 2
