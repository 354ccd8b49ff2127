"""A message queued under a lock keeps its plain context and is rendered at delivery: the same
parts, in the recipient's language, as a message rendered when queued; written back to the
journal; retried, forgotten and refused like any other."""

import datetime

import pytest
from django.utils import timezone

from portal.ground.notifications.models import Outbox
from portal.ground.notifications.services import (
    SecretLink,
    notification_queue,
    outbox_deliver,
    outbox_forget_person,
    outbox_render,
    outbox_retry,
    secret_placeholder,
)
from tests.factories import UserFactory
from tests.ground.queued_invitations import election_workshop
from workshops.messaging.content import workshop_message_context

pytestmark = pytest.mark.django_db


def _queue(user, key, *, rendered_at_delivery, workshop=None):
    return notification_queue(
        kind="invitation",
        key=key,
        template="invitation",
        context=workshop_message_context(workshop or election_workshop(), language=user.language),
        user=user,
        rendered_at_delivery=rendered_at_delivery,
    )


def test_a_message_rendered_at_delivery_says_exactly_what_it_would_have_said_when_queued(mailoutbox):
    user = UserFactory(email="awa@exemple.bj", language="en")
    workshop = election_workshop()
    _queue(user, "now", rendered_at_delivery=False, workshop=workshop)
    _queue(user, "later", rendered_at_delivery=True, workshop=workshop)
    now, later = Outbox.objects.get(key="now"), Outbox.objects.get(key="later")
    assert (later.subject, later.text, later.html, later.context is None) == ("", "", "", False)

    outbox_render(row=later)

    later.refresh_from_db()
    assert (later.subject, later.text, later.html, later.context) == (now.subject, now.text, now.html, None)
    assert later.subject == "Invitation: Élections apaisées"


def test_delivery_renders_a_row_still_to_render_and_the_journal_keeps_what_was_sent(mailoutbox):
    user = UserFactory(email="awa@exemple.bj")
    _queue(user, "later", rendered_at_delivery=True)
    row = Outbox.objects.get(key="later")

    assert outbox_deliver(outbox_ids=[row.pk]) == 1

    [mail] = mailoutbox
    row.refresh_from_db()
    assert (row.status, row.context, row.subject, row.text) == ("sent", None, mail.subject, mail.body)
    assert mail.subject == "Invitation : Élections apaisées"
    assert "Salle des fêtes, Rue 12.045, Parakou" in mail.body


def test_only_plain_values_are_kept_and_never_with_a_secret():
    user = UserFactory()
    with pytest.raises(ValueError, match="not plain JSON"):
        notification_queue(
            kind="invitation",
            key="a-date",
            template="invitation",
            context={"starts_at": timezone.now()},
            user=user,
            rendered_at_delivery=True,
        )
    with pytest.raises(ValueError, match="does not survive JSON"):
        notification_queue(
            kind="invitation",
            key="a-tuple",
            template="invitation",
            context={"days": (1, 2)},
            user=user,
            rendered_at_delivery=True,
        )
    with pytest.raises(ValueError, match="secret"):
        notification_queue(
            kind="invitation",
            key="a-secret",
            template="invitation",
            context={"link": secret_placeholder("link")},
            user=user,
            secret=SecretLink(renderer="anything", ref=1),
            rendered_at_delivery=True,
        )
    assert not Outbox.objects.exists()


def test_a_row_still_to_render_is_retried_and_a_forgotten_person_leaves_no_context(settings):
    user = UserFactory(email="awa@exemple.bj")
    _queue(user, "later", rendered_at_delivery=True)
    row = Outbox.objects.get(key="later")
    Outbox.objects.filter(pk=row.pk).update(
        status="failed", next_attempt_at=timezone.now() + datetime.timedelta(days=1)
    )

    assert outbox_retry(outbox_ids=[row.pk]) == 1  # empty bodies, but a context to render: not erased

    outbox_forget_person(user=user)
    row.refresh_from_db()
    assert (row.status, row.context, row.text, row.user) == ("failed", None, "", None)
    assert outbox_retry(outbox_ids=[row.pk]) == 0
