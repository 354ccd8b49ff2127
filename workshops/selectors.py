"""Reusable reads of workshops, with the public's visibility rules built in."""

from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.parties.models import Delegate
from portal.pagecache import PAGE_TIMEOUT, public_pages_version

from .models import ACTIVE_ENROLLMENT, Attendance, Commune, Enrollment, EnrollmentStatus, PartyAllocation, Session, Workshop


def workshop_list_upcoming(*, limit=None, now=None):
    workshops = Workshop.objects.published().upcoming(now).for_listing().order_by("starts_at")
    return list(workshops[:limit] if limit else workshops)


def workshop_list_public():
    """Every workshop the public may see, in the shape the catalogue and the feeds need."""
    return Workshop.objects.published().for_listing()


def workshop_get_public(*, slug):
    """A published (or cancelled) workshop with its agenda, speakers and partners; 404 for drafts."""
    sessions = Session.objects.prefetch_related("speakers").order_by("day", "starts_at")
    workshops = Workshop.objects.published().for_listing().prefetch_related(
        Prefetch("sessions", queryset=sessions), "partners"
    )
    return get_object_or_404(workshops, slug=slug)


def workshop_years():
    """The years in which public workshops took place, newest first (for the catalogue filter).
    Scans every workshop, so it is kept with the cached public pages and recomputed on change."""

    def compute():
        return [d.year for d in Workshop.objects.published().datetimes("starts_at", "year", order="DESC")]

    return _with_public_pages("catalogue:years", compute)


def communes_with_workshops():
    """(slug, name) of the communes where public workshops take place, for the catalogue filter."""

    def compute():
        return list(
            Commune.objects.filter(venues__workshops__in=Workshop.objects.published())
            .distinct().order_by("name").values_list("slug", "name")
        )

    return _with_public_pages("catalogue:communes", compute)


def _with_public_pages(name, compute):
    return cache.get_or_set(f"{name}:{public_pages_version()}", compute, PAGE_TIMEOUT)


# --- Enrollment reads ---------------------------------------------------------------------------


def enrollment_list_for_media_actor(*, user):
    """The person's own enrollments, newest workshops first, with what the dashboard shows."""
    return list(
        Enrollment.objects.filter(user=user).select_related("workshop__venue__commune", "certificate")
        .order_by("-workshop__starts_at")
    )


def enrollment_list_for_party(*, party, workshop=None):
    """The party's enrollments (every status), optionally of one workshop."""
    enrollments = Enrollment.objects.filter(party=party).select_related("delegate", "workshop", "certificate")
    if workshop is not None:
        enrollments = enrollments.filter(workshop=workshop)
    return list(enrollments.order_by("-workshop__starts_at", "delegate__last_name", "delegate__first_name"))


def allocations_with_presence():
    """Quota ledger lines annotated with `present`: the party's confirmed people present at least
    one day. The admin's ledger and allocation_ledger() read it."""
    present = (
        Attendance.objects.filter(
            enrollment__workshop=OuterRef("workshop"), enrollment__party=OuterRef("party"),
            enrollment__status=EnrollmentStatus.CONFIRMED,
        )
        .values("enrollment__workshop").annotate(people=Count("enrollment", distinct=True)).values("people")
    )
    return PartyAllocation.objects.select_related("workshop", "party").annotate(
        present=Coalesce(Subquery(present, output_field=IntegerField()), Value(0))
    )


def allocation_ledger(*, workshop=None, party=None):
    """Quota ledger lines: seats allowed, enrolled (confirmed) and present, per workshop and
    party. Staff read every line; a party reads its own (`party=`)."""
    lines = allocations_with_presence()
    if workshop is not None:
        lines = lines.filter(workshop=workshop)
    if party is not None:
        lines = lines.filter(party=party)
    return list(lines.order_by("-workshop__starts_at", "party__name"))


def delegates_available(*, party, workshop):
    """Active delegates of the party's roster who hold no active enrollment in the workshop."""
    taken = Enrollment.objects.filter(ACTIVE_ENROLLMENT, workshop=workshop, party=party).values("delegate_id")
    return list(Delegate.objects.active().filter(party=party).exclude(pk__in=taken))


# --- Back office: a workshop's dashboard ---------------------------------------------------------


def workshop_dashboard(*, workshop):
    """What an organiser checks about one workshop, in a fixed number of queries (six, however
    many parties, people, days, messages and communications): seats and waiting list, the quota
    ledger (allowed / enrolled / present per party), presence per day against the confirmed
    people, the invitations of its campaigns by state, and the downloads of its communications."""
    from portal.notifications.models import Outbox, OutboxStatus
    from workshops.library.models import Communication

    counts = Enrollment.objects.filter(workshop=workshop).aggregate(
        confirmed=Count("pk", filter=Q(status=EnrollmentStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=EnrollmentStatus.WAITING)),
    )
    present = dict(
        Attendance.objects.filter(enrollment__workshop=workshop, enrollment__status=EnrollmentStatus.CONFIRMED)
        .order_by().values_list("day").annotate(n=Count("enrollment", distinct=True))
    )
    invitations = Outbox.objects.filter(campaign__workshop=workshop).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=OutboxStatus.SENT)),
        failed=Count("pk", filter=Q(status=OutboxStatus.FAILED)),
        pending=Count("pk", filter=Q(status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING])),
    )
    communications = list(
        Communication.objects.filter(workshop=workshop).order_by("date", "title").only("pk", "title", "slug", "download_count")
    )
    return {
        "capacity": workshop.capacity,
        "seats_taken": workshop.seats_taken,
        "seats_left": workshop.seats_left,
        "confirmed": counts["confirmed"],
        "waiting": counts["waiting"],
        "ledger": allocation_ledger(workshop=workshop),
        "days": [{"day": day, "present": present.get(day, 0), "expected": counts["confirmed"]} for day in workshop.days()],
        "invitations": invitations,
        "campaigns": workshop.campaigns.count(),
        "communications": communications,
        "downloads": sum(c.download_count for c in communications),
    }
