"""Fault: the SMTP relay is down for a while, then comes back. Nothing is lost, nothing doubled."""

import pytest

from portal.ground.notifications.models import Outbox
from portal.ground.notifications.services import outbox_sweep
from tests.factories import WorkshopFactory, media_actors
from tests.plugins.mail import SmtpSink
from tests.plugins.workers import wait_until
from workshops.messaging.campaigns import campaign_launch
from workshops.models import Campaign

COUNT = 200


@pytest.mark.django_db(transaction=True)
def test_campaign_during_an_smtp_outage_is_delivered_exactly_once_when_the_server_returns(
    redis_server, outbox_worker
):
    sink = SmtpSink()  # not started: the relay is down
    outbox_worker(broker_url=redis_server.url, smtp_port=sink.port)
    actors = media_actors(COUNT)
    campaign = Campaign.objects.create(workshop=WorkshopFactory(), audience=Campaign.Audience.MEDIA)

    assert campaign_launch(campaign=campaign) == COUNT

    # Every message meets the closed port at least twice (back-off between the attempts).
    assert wait_until(
        lambda: Outbox.objects.filter(attempts__gte=2, status="pending").count() == COUNT, timeout=60
    )
    failed_attempts = sum(Outbox.objects.values_list("attempts", flat=True))
    assert Outbox.objects.filter(last_error__contains="Connection refused").count() == COUNT
    sink.start()
    try:
        assert wait_until(
            lambda: Outbox.objects.filter(status="sent").count() == COUNT,
            timeout=90,
            interval=0.3,
            between=outbox_sweep,
        )
    finally:
        sink.stop()
    received, doubles = sink.deliveries()
    print(
        f"\nsmtp outage: queued={COUNT} attempts_while_down={failed_attempts} "
        f"received={len(sink.messages)} distinct={len(received)} duplicates={doubles}"
    )
    assert sorted(received) == sorted(user.email for user in actors)
    assert set(received.values()) == {1}
    assert Outbox.objects.filter(status="sent", attempts__gte=3).count() == COUNT  # 2+ refused, then sent
