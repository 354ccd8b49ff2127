"""Mail through a real SMTP server on loopback, and the outbox's delivery in the test process for
the stories that read their mail at once."""

import pytest


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    """An aiosmtpd server on 127.0.0.1 that keeps every message it accepts, parsed."""

    def __init__(self, port=None):
        import logging

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
        self.messages = []
        self.refusals = {}
        self.delay = 0
        # aiosmtpd checks that it started by connecting to its port, so the port cannot be 0.
        self._port = port or free_port()
        self.controller = None

    def _controller(self):
        from aiosmtpd.controller import Controller

        return Controller(self, hostname="127.0.0.1", port=self._port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 -- aiosmtpd's hook name
        import email
        import email.policy

        if self.delay:  # a slow relay, so that faults land in the middle of a campaign
            import asyncio

            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    # Addresses the server refuses at RCPT, with the full reply ("550 5.1.1 Unknown user").
    refusals = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 -- aiosmtpd's hook name
        if address in self.refusals:
            return self.refusals[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    @property
    def port(self):
        return self._port

    def start(self):
        """Starts (or starts again, on the same port, after stop())."""
        self.controller = self._controller()
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]

    def deliveries(self):
        """(messages per recipient address, number of extra copies beyond the first)."""
        from collections import Counter

        received = Counter(message["To"] for message in self.messages)
        return received, len(self.messages) - len(received)

    @staticmethod
    def text_of(message):
        return message.get_body(preferencelist=("plain",)).get_content()


# Fixtures whose mail goes through a real worker: the outbox hands its rows to the broker there.
THROUGH_A_WORKER = {"outbox_worker", "journey_mail"}


@pytest.fixture(autouse=True)
def _outbox_delivers_in_this_process(request, monkeypatch):
    """Replaces the outbox's hand-over to the workers (delivery_schedule) with a delivery in this
    process after commit, for the in-memory mailbox that no worker can reach (`mailoutbox`) and
    for the smtp_server fixture, so that a test reads its mail as soon as its request returned.
    Tests of delivery itself use `outbox_worker` and keep the real hand-over."""
    if THROUGH_A_WORKER & set(request.fixturenames):
        return
    from django.conf import settings
    from django.db import transaction

    from portal.ground.notifications.services import outbox_deliver, queueing

    hand_over = queueing.delivery_schedule
    in_process = {"smtp_server"} & set(request.fixturenames)

    def deliver_here(outbox_ids, *, countdown=None):
        ids = list(outbox_ids)
        if ids and (in_process or settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"):
            transaction.on_commit(lambda: outbox_deliver(outbox_ids=ids))
            return
        hand_over(ids, countdown=countdown)

    monkeypatch.setattr(queueing, "delivery_schedule", deliver_here)


@pytest.fixture
def smtp_server(settings):
    """Mail sent by the portal during the test goes over SMTP to this server and is read back.

    The outbox delivers it in this process right after commit (no worker needed), so a test
    can read the server as soon as its request returned; tests of delivery itself use
    `outbox_worker`, which sends through a real worker instead."""
    sink = SmtpSink()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


def mailed_link(message, marker):
    """The first address in an e-mail's text whose path contains `marker`, as a path."""
    import re
    from urllib.parse import urlsplit

    for url in re.findall(r"https?://\S+", SmtpSink.text_of(message)):
        if marker in url:
            parts = urlsplit(url)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    raise AssertionError(f"no link containing {marker!r} in: {SmtpSink.text_of(message)}")
