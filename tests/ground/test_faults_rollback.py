"""Fault: the change that would cause messages is rolled back. Nothing is sent."""

import pytest
from django.db import transaction

from portal.ground.notifications.models import Outbox
from portal.ground.notifications.services import notification_queue
from tests.factories import UserFactory, WorkshopFactory, media_actors
from tests.plugins.mail import SmtpSink
from tests.plugins.workers import wait_until
from workshops.messaging.campaigns import campaign_launch
from workshops.models import Campaign


class Abandoned(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_sends_nothing_while_a_committed_one_arrives(redis_server, outbox_worker):
    sink = SmtpSink()
    sink.start()
    outbox_worker(broker_url=redis_server.url, smtp_port=sink.port)
    media_actors(20)
    workshop = WorkshopFactory()
    try:
        with pytest.raises(Abandoned), transaction.atomic():
            campaign = Campaign.objects.create(workshop=workshop, audience=Campaign.Audience.MEDIA)
            assert campaign_launch(campaign=campaign) == 20
            notification_queue(
                kind="test",
                key="rolled-back",
                template="invitation",
                context={},
                user=UserFactory(email="annule@exemple.bj"),
            )
            raise Abandoned
        # A message committed afterwards goes through the same worker: once it arrived, anything
        # the rolled-back change had enqueued would have arrived too.
        notification_queue(
            kind="test", key="committed", template="invitation", context={}, email="temoin@exemple.bj"
        )
        assert wait_until(lambda: len(sink.messages) >= 1, timeout=30)
        assert wait_until(lambda: Outbox.objects.filter(status="sent").exists(), timeout=10)
    finally:
        sink.stop()
    print(
        f"\nrollback: queued_in_rolled_back_transaction=21 received={len(sink.messages)} "
        f"outbox_rows={Outbox.objects.count()}"
    )
    assert [m["To"] for m in sink.messages] == ["temoin@exemple.bj"]
    assert list(Outbox.objects.values_list("key", flat=True)) == ["committed"]
    assert Campaign.objects.count() == 0
