"""Reads of the workshop's messages: who a campaign invites, how far it got, what reminders are due."""

import datetime

from django.db.models import CharField, Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from accounts.models import User
from accounts.parties.models import OfficialRole, PartyStatus
from portal.ground.notifications.models import Outbox, OutboxStatus

from ..models import BATCH_PREFIX, Campaign, Enrollment, EnrollmentStatus, Workshop, WorkshopStatus


def _responsables():
    return Q(
        party_official__role=OfficialRole.RESPONSABLE, party_official__party__status=PartyStatus.VERIFIED
    )


def _media_actors():
    return Q(media_profile__isnull=False)


def campaign_recipients(*, campaign):
    """The active accounts a campaign invites, each once, in a stable order."""
    people = User.objects.filter(is_active=True)
    audience = campaign.audience
    if audience == Campaign.Audience.RESPONSABLES:
        people = people.filter(_responsables())
    elif audience == Campaign.Audience.MEDIA:
        people = people.filter(_media_actors())
    elif audience == Campaign.Audience.COMMUNES:
        people = people.filter(_responsables() | _media_actors(), commune__in=campaign.communes.all())
    else:
        people = people.filter(pk__in=campaign.users.values("pk"))
    return people.distinct().order_by("pk")


def campaign_batch_expression(pk="pk"):
    """The batch key of the campaign whose id is the expression `pk`, in SQL ("campaign:" || id)."""
    return Concat(Value(f"{BATCH_PREFIX}:"), Cast(pk, CharField()), output_field=CharField())


def campaigns_with_counts(queryset):
    """`queryset` of campaigns with their messages counted (n_queued, n_sent, n_failed, n_retried),
    one subquery each on the outbox's batch index, however many campaigns."""

    def count(condition):
        rows = (
            Outbox.objects.filter(condition, batch=campaign_batch_expression(OuterRef("pk")))
            .order_by()
            .values("batch")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return queryset.annotate(
        n_queued=count(Q(status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING])),
        n_sent=count(Q(status=OutboxStatus.SENT)),
        n_failed=count(Q(status=OutboxStatus.FAILED)),
        n_retried=count(Q(attempts__gt=1)),
    )


def workshop_invitations(*, workshop):
    """The outbox rows of all the campaigns of `workshop` (one query when evaluated)."""
    batches = Campaign.objects.filter(workshop=workshop).values(batch=campaign_batch_expression())
    return Outbox.objects.filter(batch__in=batches)


def campaign_labels(ids):
    """{id: name} of the campaigns among `ids` (strings): how the delivery log names their batches."""
    ids = [int(i) for i in ids if i.isdigit()]
    return {str(c.pk): str(c) for c in Campaign.objects.filter(pk__in=ids).select_related("workshop")}


def campaign_progress(*, campaign):
    """Counts of the campaign's messages: queued (pending or sending), sent, failed, retried (sent
    or not, needed more than one attempt) and total."""
    return Outbox.objects.filter(batch=campaign.batch).aggregate(
        total=Count("pk"),
        queued=Count("pk", filter=Q(status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING])),
        sent=Count("pk", filter=Q(status=OutboxStatus.SENT)),
        failed=Count("pk", filter=Q(status=OutboxStatus.FAILED)),
        retried=Count("pk", filter=Q(attempts__gt=1)),
    )


def workshops_starting_between(*, start, end):
    return (
        Workshop.objects.filter(
            status__in=[WorkshopStatus.PUBLISHED, WorkshopStatus.REGISTRATION_CLOSED],
            starts_at__gt=start,
            starts_at__lte=end,
        )
        .select_related("venue__commune")
        .order_by("starts_at")
    )


def reminder_windows(*, now):
    """(label, first instant, last instant) of the J-7 and J-1 reminders: a workshop gets its J-7
    reminder when it starts in six to seven days, its J-1 reminder within the coming day."""
    day = datetime.timedelta(days=1)
    return [("j7", now + 6 * day, now + 7 * day), ("j1", now, now + day)]


def confirmed_enrollments(*, workshop):
    return (
        Enrollment.objects.filter(workshop=workshop, status=EnrollmentStatus.CONFIRMED)
        .select_related("user", "delegate", "party")
        .order_by("pk")
    )
