from django.db.models import Count, Q

from .models import Delegate, OfficialRole, PartyOfficial


def party_responsables(*, party_id):
    """The active responsables of a party, with their accounts: who is told of what concerns it
    (verification, its delegates' enrollments, reminders)."""
    return PartyOfficial.objects.filter(
        party_id=party_id, role=OfficialRole.RESPONSABLE, user__is_active=True
    ).select_related("user")


def delegate_list(*, party, archived=False):
    delegates = Delegate.objects.filter(party=party, archived_at__isnull=not archived).select_related(
        "commune"
    )
    return delegates.annotate(enrollment_count=Count("enrollments")).order_by("last_name", "first_name", "pk")


def delegate_counts(*, party):
    return Delegate.objects.filter(party=party).aggregate(
        active=Count("pk", filter=Q(archived_at__isnull=True)),
        archived=Count("pk", filter=Q(archived_at__isnull=False)),
    )
