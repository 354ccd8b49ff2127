"""Services of the outbox. `notification_queue` is the entry point every other part calls; the
rest is delivery, retries, the sweep, erasure and reminder preferences."""

from .outbox import (
    notification_queue,
    outbox_bulk_queue,
    outbox_deliver,
    outbox_forget_person,
    outbox_queue_rendered,
    outbox_retry,
    outbox_sweep,
    reminders_stop,
    reminders_stop_token_valid,
    reminders_stop_url,
    reminders_wanted,
    space_url,
)

__all__ = [
    "notification_queue", "outbox_bulk_queue", "outbox_deliver", "outbox_forget_person", "outbox_queue_rendered",
    "outbox_retry", "outbox_sweep", "reminders_stop", "reminders_stop_token_valid", "reminders_stop_url",
    "reminders_wanted", "space_url",
]
