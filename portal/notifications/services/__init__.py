"""Services of the notifications app. `notification_queue` is the entry point every other app
calls; the rest is delivery, campaigns and reminders."""

from .campaigns import campaign_create, campaign_launch, campaign_resume
from .content import workshop_ics_attachment, workshop_message_context
from .outbox import (
    SecretLink,
    notification_queue,
    outbox_bulk_queue,
    outbox_deliver,
    outbox_forget_person,
    outbox_queue_rendered,
    outbox_retry,
    outbox_secret_renderer_register,
    outbox_sweep,
    reminders_stop,
    reminders_stop_token_valid,
    reminders_stop_url,
    reminders_wanted,
    secret_placeholder,
    space_url,
)
from .reminders import reminders_plan

__all__ = [
    "SecretLink",
    "campaign_create",
    "campaign_launch",
    "campaign_resume",
    "notification_queue",
    "outbox_bulk_queue",
    "outbox_deliver",
    "outbox_forget_person",
    "outbox_queue_rendered",
    "outbox_retry",
    "outbox_secret_renderer_register",
    "outbox_sweep",
    "reminders_plan",
    "reminders_stop",
    "reminders_stop_token_valid",
    "reminders_stop_url",
    "reminders_wanted",
    "secret_placeholder",
    "space_url",
    "workshop_ics_attachment",
    "workshop_message_context",
]
