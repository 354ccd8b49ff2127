"""Reusable reads of workshops, with the public's visibility rules built in."""

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.parties.models import Delegate
from portal.pagecache import PAGE_TIMEOUT, public_pages_version

from .models import (
    ACTIVE_ENROLLMENT, Attendance, AttendanceRule, Certificate, Commune, Enrollment, EnrollmentStatus, PartyAllocation,
    Session, Workshop, WorkshopStatus,
)


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


# --- Certificates -------------------------------------------------------------------------------


def attendance_rule_problem(*, workshop, present):
    """Why presence on the days `present` does not earn this workshop's certificate, or None."""
    if workshop.attendance_rule == AttendanceRule.ALL_DAYS:
        if not set(workshop.days()) <= set(present):
            return _("L'attestation exige une présence à chaque journée de l'atelier.")
    elif not present:
        return _("L'attestation exige une présence à au moins une journée de l'atelier.")
    return None


def certificate_for(*, enrollment):
    """The participant's certificate (issued when the workshop was marked held, or by a late
    presence mark), or None."""
    return Certificate.objects.filter(enrollment=enrollment).select_related("enrollment__workshop").first()


def certificate_missing_reason(*, enrollment):
    """Why this enrollment has no certificate, in French, for the person asking for it."""
    workshop = Workshop.objects.get(pk=enrollment.workshop_id)
    if workshop.status != WorkshopStatus.HELD:
        return _("L'attestation sera disponible une fois l'atelier tenu.")
    if enrollment.status != EnrollmentStatus.CONFIRMED:
        return _("Cette inscription n'a pas été suivie jusqu'à l'atelier.")
    present = set(enrollment.attendances.values_list("day", flat=True))
    return attendance_rule_problem(workshop=workshop, present=present) or _(
        "Aucune attestation n'a été délivrée pour cette inscription : adressez-vous au ministère."
    )
