"""Account mails of allauth go through the outbox (accounts/adapter.py uses OutboxMailAdapterMixin)."""

import re

import pytest
from django.urls import reverse

from portal.ground.notifications.models import Outbox
from tests.accounts.test_accounts_story import media_signup_data
from tests.factories import UserFactory
from tests.plugins.mail import SmtpSink
from tests.plugins.workers import wait_until


@pytest.mark.django_db
def test_each_password_reset_request_is_its_own_outbox_message(client):
    UserFactory(email="awa@exemple.bj", language="fr")
    for _ in range(2):
        client.post(reverse("account_reset_password"), {"email": "awa@exemple.bj"})

    rows = list(Outbox.objects.order_by("pk"))
    assert [(r.kind, r.email, r.channel, r.status) for r in rows] == [
        ("account-password_reset_key", "awa@exemple.bj", "email", "pending")
    ] * 2
    assert rows[0].key != rows[1].key
    assert rows[0].subject.startswith("[Coproduction Sécurité] ")
    assert "/compte/password/reset/key/" in rows[0].text


@pytest.mark.django_db
def test_signup_confirmation_mail_is_queued_in_the_outbox(client):
    response = client.post(reverse("account_signup"), media_signup_data(email="nouveau@exemple.bj"))
    assert response["Location"] == reverse("account_email_verification_sent")
    row = Outbox.objects.get()
    assert (row.kind, row.email, row.user.email, row.status) == (
        "account-email_confirmation_signup",
        "nouveau@exemple.bj",
        "nouveau@exemple.bj",
        "pending",
    )
    assert "/compte/confirm-email/" in row.text


@pytest.mark.django_db(transaction=True)
def test_password_reset_mail_reaches_the_person_through_the_worker(client, redis_server, outbox_worker):
    sink = SmtpSink()
    sink.start()
    outbox_worker(broker_url=redis_server.url, smtp_port=sink.port)
    UserFactory(email="awa@exemple.bj")
    try:
        client.post(reverse("account_reset_password"), {"email": "awa@exemple.bj"})
        assert wait_until(lambda: len(sink.messages) == 1, timeout=30)
    finally:
        sink.stop()
    [message] = sink.messages
    assert message["To"] == "awa@exemple.bj"
    link = re.search(r"http://\S+/compte/password/reset/key/\S+/", SmtpSink.text_of(message)).group(0)
    assert client.get(link.removeprefix("http://testserver"), follow=True).status_code == 200
    assert Outbox.objects.get().status == "sent"
