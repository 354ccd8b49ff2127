"""Celery tasks of the workshops. Thin: each calls one service."""

from celery import shared_task

from .messaging.presence import presence_checks_plan
from .messaging.reminders import reminders_plan


# The name is the one beat's schedule rows (django-celery-beat, in the database) hold since the
# planner lived with the outbox: kept, so that a running schedule still finds it.
@shared_task(name="notifications.plan_reminders", ignore_result=True)
def plan_reminders():
    reminders_plan()


@shared_task(name="workshops.plan_presence_checks", ignore_result=True)
def plan_presence_checks():
    presence_checks_plan()
