"""Fault: the worker process is killed (SIGKILL) several times in the middle of a campaign."""

import pytest

from portal.ground.notifications.models import Outbox
from portal.ground.notifications.services import outbox_sweep
from tests.factories import WorkshopFactory, media_actors
from tests.plugins.mail import SmtpSink
from tests.plugins.workers import wait_until
from workshops.messaging.campaigns import campaign_launch
from workshops.models import Campaign

COUNT = 300
KILLS = 3


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_campaign_delivers_everything_with_at_most_one_double_per_kill(
    redis_server, outbox_worker
):
    sink = SmtpSink()
    sink.delay = 0.01
    sink.start()
    worker = outbox_worker(broker_url=redis_server.url, smtp_port=sink.port)
    actors = media_actors(COUNT)
    campaign = Campaign.objects.create(workshop=WorkshopFactory(), audience=Campaign.Audience.MEDIA)
    campaign_launch(campaign=campaign)
    try:
        killed_at = []
        for kill in range(1, KILLS + 1):
            # The sweep runs meanwhile, as beat would, and takes back what the last kill stranded.
            assert wait_until(
                lambda k=kill: len(sink.messages) >= k * COUNT // (KILLS + 2),
                timeout=60,
                interval=0.02,
                between=outbox_sweep,
            )
            worker.kill()
            killed_at.append(len(sink.messages))
            worker.start()
        assert wait_until(
            lambda: Outbox.objects.filter(status="sent").count() == COUNT,
            timeout=120,
            interval=0.3,
            between=outbox_sweep,
        )
    finally:
        sink.stop()
    received, doubles = sink.deliveries()
    print(
        f"\nworker kills: queued={COUNT} kills={KILLS} killed_after={killed_at} received={len(sink.messages)} "
        f"distinct={len(received)} doubles={doubles} starts={worker.starts}"
    )
    assert sorted(received) == sorted(user.email for user in actors)
    assert doubles <= KILLS
    assert max(received.values()) <= 2
