"""Due-date reminders: 14 days and 1 day before a recommendation's due date, to its organisation's
members and to the staff member who follows it. Planned by Celery beat (workshops/reports/tasks.py)
from the database; the outbox key makes each reminder leave once, however often beat runs."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from portal.ground.notifications.services import notification_queue

from ..models import RecommendationStatus, ReportStatus
from .models import OrganisationMember
from .selectors import recommendations_due_between

# label -> the number of days left from which it is due. A recommendation created, or given its
# due date, inside a window gets that window's reminder at once, with the real number of days.
WINDOWS = (("j1", 1), ("j14", 14))
OPEN_STATUSES = (RecommendationStatus.PROPOSED, RecommendationStatus.IN_PROGRESS)


def _link(user, recommendation):
    with translation.override(user.language):
        if user.is_staff:
            return reverse("admin:reports_recommendation_change", args=[recommendation.pk])
        return reverse("followup:recommendation", args=[recommendation.pk])


def _recipients(recommendation):
    members = (
        [
            m.user
            for m in OrganisationMember.objects.filter(organisation_id=recommendation.organisation_id)
            .select_related("user")
            .order_by("pk")
            if m.user.is_active
        ]
        if recommendation.organisation_id
        else []
    )
    if recommendation.followed_by and recommendation.followed_by.is_active:
        members.append(recommendation.followed_by)
    return members


def recommendation_due_reminders_plan(*, today=None):
    """Queues the reminders due today: "j14" when 2 to 14 days are left, "j1" when 1 or 0 are left,
    for the open recommendations of published reports. Keys
    ("recommendation-due-j14:<recommendation>:<due date>:<user>") make a second run queue nothing;
    a new due date makes new reminders. One transaction per recommendation. Returns the number
    of messages queued."""
    today = today or timezone.localdate()
    queued = 0
    for recommendation in recommendations_due_between(
        start=today,
        end=today + datetime.timedelta(days=14),
        statuses=OPEN_STATUSES,
        report_status=ReportStatus.PUBLISHED,
    ):
        days = (recommendation.due_date - today).days
        label = next(name for name, limit in WINDOWS if days <= limit)
        with transaction.atomic():
            for user in _recipients(recommendation):
                queued += notification_queue(
                    kind=f"recommendation-due-{label}",
                    key=f"recommendation-due-{label}:{recommendation.pk}:{recommendation.due_date:%Y%m%d}:{user.pk}",
                    template="recommendation_due",
                    user=user,
                    context={
                        "recommendation_text": recommendation.text,
                        "workshop_title": recommendation.report.workshop.title,
                        "due_date": recommendation.due_date.strftime("%d/%m/%Y"),
                        "days": days,
                        "organisation_name": recommendation.organisation.name
                        if recommendation.organisation
                        else "",
                        "followup_url": _link(user, recommendation),
                    },
                )
    return queued
