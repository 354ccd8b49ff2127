"""Celery tasks of the workshops. Thin: each calls one service."""

from celery import shared_task

from .messaging.reminders import reminders_plan


# The name is the one beat's schedule rows (django-celery-beat, in the database) hold since the
# planner lived with the outbox: kept, so that a running schedule still finds it.
@shared_task(name="notifications.plan_reminders", ignore_result=True)
def plan_reminders():
    reminders_plan()
