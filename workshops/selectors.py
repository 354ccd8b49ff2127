"""Reusable reads of workshops, with the public's visibility rules built in."""

import math

from django.db.models import Count, F, IntegerField, Min, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.parties.models import Delegate
from portal.ground.notifications.models import OutboxStatus
from portal.ground.pagecache import PAGE_TIMEOUT, with_public_pages
from workshops.library.models import Communication

from .documents import convocation_token
from .messaging.selectors import workshop_invitations
from .models import (
    ACTIVE_ENROLLMENT,
    Attendance,
    AttendanceRule,
    Certificate,
    Commune,
    Enrollment,
    EnrollmentStatus,
    Partner,
    PartyAllocation,
    Workshop,
    WorkshopStatus,
)


def workshop_list_upcoming(*, limit=None, now=None):
    workshops = Workshop.objects.published().upcoming(now).for_listing().order_by("starts_at")
    return list(workshops[:limit] if limit else workshops)


def workshop_list_latest_held(*, limit=3):
    """The last workshops held, most recent first, for cards with their partners: two queries."""
    partners = Partner.objects.only("name").order_by("name")
    workshops = (
        Workshop.objects.published()
        .filter(status=WorkshopStatus.HELD)
        .for_cards()
        .prefetch_related(Prefetch("partners", queryset=partners))
        .order_by("-starts_at", "pk")
    )
    return list(workshops[:limit])


def workshop_list_public():
    """Every workshop the public may see, in the shape the catalogue and the feeds need."""
    return Workshop.objects.published().for_listing()


def _seconds_until(moment, now):
    """Seconds from `now` until just after `moment` (at most PAGE_TIMEOUT; PAGE_TIMEOUT when there
    is none): "upcoming" is "ends_at >= now", so a workshop leaves it just after its end."""
    if moment is None:
        return PAGE_TIMEOUT
    return max(1, min(PAGE_TIMEOUT, math.ceil((moment - now).total_seconds()) + 1))


def seconds_until_lists_change(now=None):
    """How long the public lists of workshops stay true as the clock turns: until the next public
    workshop ends and leaves the upcoming lists for the past ones (at most PAGE_TIMEOUT)."""
    now = now or timezone.now()
    next_end = Workshop.objects.published().upcoming(now).aggregate(next=Min("ends_at"))["next"]
    return _seconds_until(next_end, now)


def seconds_until_workshop_ends(*, slug, now=None):
    """How long the page of the workshop `slug` stays true as the clock turns: until it ends (its
    seats and registration dates then leave the page)."""
    now = now or timezone.now()
    ends_at = Workshop.objects.filter(slug=slug, ends_at__gte=now).values_list("ends_at", flat=True).first()
    return _seconds_until(ends_at, now)


def workshop_list_catalogue():
    """The public workshops with only the columns their catalogue cards show."""
    return Workshop.objects.published().for_cards()


def workshop_get_public(*, slug):
    """A published (or cancelled) workshop with its venue, theme and report (if any); 404 for
    drafts. Its agenda and partners are read with its page's parts (fragments.workshop_page_parts),
    only when those are not kept already."""
    return get_object_or_404(Workshop.objects.published().for_listing().select_related("report"), slug=slug)


def catalogue_filter_choices():
    """The catalogue filter's choices: the years in which public workshops took place, newest
    first, and (slug, name) of the communes where they take place. Both scan every workshop, so
    they are kept with the cached public pages (one round trip for both) and recomputed on change."""

    def compute():
        published = Workshop.objects.published()
        return {
            "years": [d.year for d in published.datetimes("starts_at", "year", order="DESC")],
            "communes": list(
                Commune.objects.filter(venues__workshops__in=published)
                .distinct()
                .order_by("name")
                .values_list("slug", "name")
            ),
        }

    return with_public_pages("catalogue:filter-choices", compute)


# --- Enrollment reads ---------------------------------------------------------------------------


def enrollment_list_for_media_actor(*, user):
    """The person's own enrollments, newest workshops first, with what the dashboard shows."""
    return list(
        Enrollment.objects.filter(user=user)
        .select_related("workshop__venue__commune", "certificate")
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
            enrollment__workshop=OuterRef("workshop"),
            enrollment__party=OuterRef("party"),
            enrollment__status=EnrollmentStatus.CONFIRMED,
        )
        .values("enrollment__workshop")
        .annotate(people=Count("enrollment", distinct=True))
        .values("people")
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


def certificate_list_for_party(*, party, workshop):
    """The certificates issued to the party's delegates for `workshop`, by name."""
    return list(
        Certificate.objects.filter(enrollment__workshop=workshop, enrollment__party=party)
        .select_related("enrollment__delegate", "enrollment__workshop")
        .order_by("enrollment__delegate__last_name", "enrollment__delegate__first_name", "pk")
    )


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


# --- Seats and registration ---------------------------------------------------------------------


def seats_open(workshop, *, party=None):
    """Seats a newcomer may take: the capacity, less the confirmed seats, less the seats a
    party's quota still holds (not yet filled, and not released by staff). `party`: the
    newcomer's own party, whose held seats are theirs to fill. Counters of `workshop` as loaded;
    exact for a caller holding the workshop lock (the enrollment services). May be negative."""
    allocations = PartyAllocation.objects.filter(workshop=workshop)
    if party is not None:
        allocations = allocations.exclude(party=party)
    held = allocations.aggregate(held=Sum(F("seats_allowed") - F("seats_taken")))["held"] or 0
    return workshop.capacity - workshop.seats_taken - held


def seats_left_for(*, workshop, party=None):
    """What the enrollment pages show: seats open to a media actor (no `party`) or to this party.
    A read without lock (of the counters as they are now, not as `workshop` was loaded): the
    service decides again, under the lock, on submission."""
    return max(seats_open(Workshop.objects.get(pk=workshop.pk), party=party), 0)


def seats_summary(*, workshop):
    """The workshop page's figures, in one query: seats left in all (`left`), those still open to
    a social-media actor (`for_media`), and those the parties' quotas hold (`held_for_parties`).
    Read from `workshop` as loaded: the page cache is dropped whenever a seat or a quota moves."""
    held = (
        PartyAllocation.objects.filter(workshop=workshop).aggregate(
            held=Sum(F("seats_allowed") - F("seats_taken"))
        )["held"]
        or 0
    )
    left = max(workshop.capacity - workshop.seats_taken, 0)
    return {"left": left, "for_media": max(left - held, 0), "held_for_parties": min(max(held, 0), left)}


_NOT_RUNNING = {
    WorkshopStatus.DRAFT: _lazy("Cet atelier n'est pas encore publié."),
    WorkshopStatus.CANCELLED: _lazy("Cet atelier est annulé."),
    WorkshopStatus.HELD: _lazy("Cet atelier a déjà eu lieu."),
}


def workshop_not_running_reason(workshop):
    """Why nobody, not even staff, may enroll into this workshop now (draft, cancelled, held), or None."""
    reason = _NOT_RUNNING.get(workshop.status)
    return str(reason) if reason else None


def registration_problem(workshop, now=None):
    """Why a party or a media actor cannot enroll themselves now, or None when registration is open."""
    now = now or timezone.now()
    if workshop.status == WorkshopStatus.REGISTRATION_CLOSED or (
        workshop.status == WorkshopStatus.PUBLISHED and now > workshop.registration_closes_at
    ):
        return _("Les inscriptions sont closes.")
    not_running = workshop_not_running_reason(workshop)
    if not_running:
        return not_running
    if now < workshop.registration_opens_at:
        return _("Les inscriptions ne sont pas encore ouvertes.")
    return None


def registration_is_open(workshop, now=None):
    return registration_problem(workshop, now) is None


# --- Back office: a workshop's dashboard ---------------------------------------------------------


def workshop_dashboard(*, workshop):
    """What an organiser checks about one workshop, in a fixed number of queries (six, however
    many parties, people, days, messages and communications): seats and waiting list, the quota
    ledger (allowed / enrolled / present per party), the answers to the presence question, presence per day against the confirmed
    people, the invitations of its campaigns by state, and the downloads of its communications."""
    counts = Enrollment.objects.filter(workshop=workshop).aggregate(
        confirmed=Count("pk", filter=Q(status=EnrollmentStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=EnrollmentStatus.WAITING)),
        presence_confirmed=Count(
            "pk", filter=Q(status=EnrollmentStatus.CONFIRMED, presence_confirmed_at__isnull=False)
        ),
        presence_released=Count("pk", filter=Q(presence_released_at__isnull=False)),
    )
    present = dict(
        Attendance.objects.filter(
            enrollment__workshop=workshop, enrollment__status=EnrollmentStatus.CONFIRMED
        )
        .order_by()
        .values_list("day")
        .annotate(n=Count("enrollment", distinct=True))
    )
    invitations = workshop_invitations(workshop=workshop).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=OutboxStatus.SENT)),
        failed=Count("pk", filter=Q(status=OutboxStatus.FAILED)),
        pending=Count("pk", filter=Q(status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING])),
    )
    communications = list(
        Communication.objects.filter(workshop=workshop)
        .order_by("date", "title")
        .only("pk", "title", "slug", "download_count")
    )
    return {
        "capacity": workshop.capacity,
        "seats_taken": workshop.seats_taken,
        "seats_left": workshop.seats_left,
        "confirmed": counts["confirmed"],
        "waiting": counts["waiting"],
        # The answers to « viendrez-vous ? » (SMS 1/2 or the e-mail's link).
        "presence": {
            "confirmed": counts["presence_confirmed"],
            "released": counts["presence_released"],
            "unanswered": counts["confirmed"] - counts["presence_confirmed"],
        },
        "ledger": allocation_ledger(workshop=workshop),
        "days": [
            {"day": day, "present": present.get(day, 0), "expected": counts["confirmed"]}
            for day in workshop.days()
        ],
        "invitations": invitations,
        "campaigns": workshop.campaigns.count(),
        "communications": communications,
        "downloads": sum(c.download_count for c in communications),
    }


def checkin_roster(*, workshop, today):
    """What a phone at the door keeps for a day without network (the check-in page's roster):
    the workshop's days and today, each confirmed person's printed code, QR token, name, party
    and phone (for a look-up by name or phone), and who is already present, by day. Nothing else:
    no e-mail, no status, nobody who is not expected. Three queries."""
    enrollments = Enrollment.objects.filter(
        workshop=workshop, status=EnrollmentStatus.CONFIRMED
    ).select_related("user", "delegate", "party")
    present = {}
    for code, day in Attendance.objects.filter(enrollment__workshop=workshop).values_list(
        "enrollment__checkin_code", "day"
    ):
        present.setdefault(day.isoformat(), []).append(code)
    return {
        "workshop": workshop.pk,
        "title": workshop.title,
        "days": [day.isoformat() for day in workshop.days()],
        "today": today.isoformat(),
        "loaded_at": timezone.localtime().isoformat(timespec="minutes"),
        "people": [
            {
                "code": enrollment.checkin_code,
                "token": convocation_token(enrollment),
                "name": enrollment.person_name,
                "party": enrollment.party.acronym if enrollment.party_id else "",
                "phone": enrollment.person_phone,
            }
            for enrollment in enrollments
        ],
        "present": present,
    }
