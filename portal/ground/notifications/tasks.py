"""Celery tasks of the outbox. Thin: each calls one service, with primitive ids.

The sending tasks are acknowledged late and rejected (so redelivered) when their worker dies:
safe only because outbox_deliver claims rows and skips what is no longer pending. The sweep is not:
beat fires it again soon anyway.
"""

from celery import shared_task

from . import services

SENDING = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


@shared_task(name="notifications.deliver", **SENDING)
def deliver(outbox_id):
    services.outbox_deliver(outbox_ids=[outbox_id])


@shared_task(name="notifications.deliver_batch", **SENDING)
def deliver_batch(outbox_ids):
    services.outbox_deliver(outbox_ids=list(outbox_ids))


@shared_task(name="notifications.sweep", ignore_result=True)
def sweep():
    services.outbox_sweep()
