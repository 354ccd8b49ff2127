"""Fault: the broker (a Redis server of this test's own) restarts empty in the middle of a campaign."""

import time

import pytest

from portal.ground.notifications.models import Outbox
from portal.ground.notifications.services import outbox_sweep
from tests.factories import WorkshopFactory, media_actors
from tests.plugins.mail import SmtpSink
from tests.plugins.workers import wait_until
from workshops.messaging.campaigns import campaign_launch
from workshops.models import Campaign

COUNT = 300


def _sweep():
    try:
        outbox_sweep()
    except Exception:  # noqa: BLE001,S110 -- the broker is still restarting: beat would try again too
        pass


@pytest.mark.django_db(transaction=True)
def test_redis_restarted_mid_campaign_the_sweep_re_enqueues_and_everything_arrives_once(
    redis_server, outbox_worker
):
    sink = SmtpSink()
    sink.delay = 0.01
    sink.start()
    outbox_worker(broker_url=redis_server.url, smtp_port=sink.port)
    actors = media_actors(COUNT)
    campaign = Campaign.objects.create(workshop=WorkshopFactory(), audience=Campaign.Audience.MEDIA)
    campaign_launch(campaign=campaign)
    try:
        assert wait_until(lambda: len(sink.messages) >= COUNT // 5, timeout=60, interval=0.02)
        redis_server.stop()  # every queued task is gone with it (no persistence)
        at_stop = len(sink.messages)
        time.sleep(1)
        redis_server.start()
        lost = Outbox.objects.filter(status="pending").count()
        assert wait_until(
            lambda: Outbox.objects.filter(status="sent").count() == COUNT,
            timeout=120,
            interval=0.5,
            between=_sweep,
        )
    finally:
        sink.stop()
    received, doubles = sink.deliveries()
    print(
        f"\nredis restart: queued={COUNT} received_before_restart={at_stop} pending_after_restart={lost} "
        f"received={len(sink.messages)} distinct={len(received)} doubles={doubles}"
    )
    assert lost > 0  # the restart did strand messages that only the sweep could recover
    assert sorted(received) == sorted(user.email for user in actors)
    assert set(received.values()) == {1}
