from django.db.models import Count, Q

from workshops.models import EnrollmentStatus, PartyAllocation

from .models import Delegate


def party_quota_usage(*, party):
    """The party's quota ledger, one line per workshop, soonest first, with its enrollments
    counted by state (a waiting-list place does not use the quota)."""
    return (
        PartyAllocation.objects.filter(party=party)
        .select_related("workshop__venue__commune")
        .annotate(
            confirmed=Count("workshop__enrollments", filter=Q(workshop__enrollments__party=party,
                                                               workshop__enrollments__status=EnrollmentStatus.CONFIRMED)),
            waiting=Count("workshop__enrollments", filter=Q(workshop__enrollments__party=party,
                                                             workshop__enrollments__status=EnrollmentStatus.WAITING)),
        )
        .order_by("workshop__starts_at")
    )


def delegate_list(*, party, archived=False):
    delegates = Delegate.objects.filter(party=party, archived_at__isnull=not archived).select_related("commune")
    return delegates.annotate(enrollment_count=Count("enrollments")).order_by("last_name", "first_name", "pk")


def delegate_counts(*, party):
    return Delegate.objects.filter(party=party).aggregate(
        active=Count("pk", filter=Q(archived_at__isnull=True)), archived=Count("pk", filter=Q(archived_at__isnull=False))
    )
