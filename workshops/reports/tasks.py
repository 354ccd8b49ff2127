"""Celery tasks of the reports. Thin: each calls one service; beat runs them (portal/settings.py)
and a second run does nothing twice (the outbox keys, an idempotent cache stamp)."""

from celery import shared_task

from portal.ground.pagecache import public_pages_changed

from .followup.reminders import recommendation_due_reminders_plan


@shared_task(name="reports.plan_due_reminders")
def plan_due_reminders():
    return recommendation_due_reminders_plan()


@shared_task(name="reports.new_day")
def new_day():
    """A new date: the tracker's overdue badges and "sans nouvelles depuis N jours" change."""
    public_pages_changed()
