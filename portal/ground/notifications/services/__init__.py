"""Services of the outbox. `notification_queue` is the entry point every other part calls:
queueing.py writes the rows and hands them over after commit, rendering.py says what a message
says, delivery.py sends, retries and sweeps, preferences.py keeps who wants no more reminders, secrets.py the secret links,
inbound.py the SMS people send to the portal; batches.py the names of the batches (campaigns) in
the delivery log."""

from .batches import outbox_batch_labeller_register, outbox_batch_labels
from .delivery import email_message_build, outbox_deliver, outbox_render, outbox_sweep
from .inbound import InboundHandled, inbound_phone, sms_inbound_handler_register, sms_inbound_receive
from .preferences import reminders_stop, reminders_stop_token_valid, reminders_stop_url, reminders_wanted
from .queueing import (
    notification_queue,
    outbox_bulk_queue,
    outbox_forget_person,
    outbox_queue_rendered,
    outbox_retry,
)
from .rendering import channel_choose, message_context, message_render, phone_as_text, space_url
from .secrets import SecretLink, outbox_secret_renderer_register, secret_placeholder

__all__ = [
    "InboundHandled",
    "inbound_phone",
    "sms_inbound_handler_register",
    "sms_inbound_receive",
    "outbox_batch_labeller_register",
    "outbox_batch_labels",
    "SecretLink",
    "outbox_secret_renderer_register",
    "secret_placeholder",
    "channel_choose",
    "email_message_build",
    "message_context",
    "message_render",
    "notification_queue",
    "outbox_bulk_queue",
    "outbox_deliver",
    "outbox_forget_person",
    "outbox_queue_rendered",
    "outbox_render",
    "outbox_retry",
    "outbox_sweep",
    "phone_as_text",
    "reminders_stop",
    "reminders_stop_token_valid",
    "reminders_stop_url",
    "reminders_wanted",
    "space_url",
]
