from django.db.models import Count, Q

from .models import Delegate


def delegate_list(*, party, archived=False):
    delegates = Delegate.objects.filter(party=party, archived_at__isnull=not archived).select_related("commune")
    return delegates.annotate(enrollment_count=Count("enrollments")).order_by("last_name", "first_name", "pk")


def delegate_counts(*, party):
    return Delegate.objects.filter(party=party).aggregate(
        active=Count("pk", filter=Q(archived_at__isnull=True)), archived=Count("pk", filter=Q(archived_at__isnull=False))
    )
