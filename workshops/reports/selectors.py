"""Reads of reports and recommendations, with the public's visibility rules built in."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.parties.models import Party
from portal.ground.pagecache import with_public_pages
from workshops.library.access import Reader
from workshops.library.models import Communication, Visibility
from workshops.models import Enrollment, EnrollmentStatus, PartyAllocation
from workshops.participation import participation_breakdown, parties_without_delegates

from .models import Recommendation, RecommendationStatus, RecommendationUpdate, Report, ReportStatus


def report_list_public():
    """Published reports, newest workshop first, with what the list shows."""
    return (
        Report.objects.published()
        .select_related("workshop__venue__commune", "workshop__theme")
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("-workshop__starts_at")
    )


def report_get_visible(*, slug, user):
    """The report of the workshop `slug` with its recommendations and their follow-up; 404 for a
    draft unless `user` is staff (who may preview it). Three queries."""
    reports = Report.objects.all() if user.is_staff else Report.objects.published()
    updates = RecommendationUpdate.objects.order_by("date", "created_at")
    recommendations = Recommendation.objects.order_by("position", "pk").prefetch_related(
        Prefetch("updates", queryset=updates)
    )
    reports = reports.select_related("workshop__venue__commune", "workshop__theme").prefetch_related(
        Prefetch("recommendations", queryset=recommendations)
    )
    return get_object_or_404(reports, workshop__slug=slug)


@dataclass
class PartyFigures:
    name: str
    acronym: str
    seats_allowed: int | None
    enrolled: int
    present: int


@dataclass
class Participation:
    parties: list = field(default_factory=list)
    media_enrolled: int = 0
    media_present: int = 0
    # Some of the people counted are demonstration data: the figures are shown « Exemple fictif ».
    illustrative: bool = False
    # By gender and by département, small counts hidden (workshops/participation.py), and the
    # verified parties that sent no one.
    breakdown: object = None
    parties_absent: list = field(default_factory=list)

    @property
    def delegates_enrolled(self):
        return sum(row.enrolled for row in self.parties)

    @property
    def delegates_present(self):
        return sum(row.present for row in self.parties)


def _count(enrollments, per):
    """A subquery counting `enrollments` (filtered on an OuterRef of `per`); 0 when there are none."""
    counted = enrollments.order_by().values(per).annotate(n=Count("pk", distinct=True)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def report_participation(*, workshop):
    """Participation in `workshop`, computed from the enrollments and the attendance, never typed.

    Per party: the seats it was allowed (its quota-ledger line, else the workshop's party quota),
    its delegates enrolled (confirmed enrollments) and present (enrollments with at least one
    attendance, whatever the day). For social-media actors: enrolled and present, likewise.
    Then the public breakdown by gender and by département, and the verified parties that sent
    no one. No names of people. Five queries, whatever the number of parties and people.
    """
    mine = Enrollment.objects.filter(workshop=workshop, party=OuterRef("pk"))
    confirmed = mine.filter(status=EnrollmentStatus.CONFIRMED)
    present = mine.filter(attendances__isnull=False)
    allocation = PartyAllocation.objects.filter(workshop=workshop, party=OuterRef("pk"))
    rows = (
        Party.objects.filter(Exists(allocation) | Exists(confirmed) | Exists(present))
        .annotate(
            allowed=Coalesce(
                Subquery(allocation.values("seats_allowed")[:1]),
                Value(workshop.party_seats_default),
                output_field=IntegerField(),
            ),
            enrolled=_count(confirmed, "party"),
            present=_count(present, "party"),
        )
        .order_by("name")
        .values_list("name", "acronym", "allowed", "enrolled", "present")
    )
    media = Enrollment.objects.filter(workshop=workshop).aggregate(
        enrolled=Count("pk", filter=Q(user__isnull=False, status=EnrollmentStatus.CONFIRMED), distinct=True),
        present=Count("pk", filter=Q(user__isnull=False, attendances__isnull=False), distinct=True),
        illustrative=Count("pk", filter=Q(is_illustrative=True), distinct=True),
    )
    breakdown = participation_breakdown(workshop=workshop).public()
    return Participation(
        parties=[PartyFigures(*row) for row in rows],
        media_enrolled=media["enrolled"],
        media_present=media["present"],
        illustrative=bool(media["illustrative"]),
        breakdown=breakdown,
        parties_absent=parties_without_delegates(workshop=workshop, present=True),
    )


def report_communications(*, workshop, user=None):
    """The workshop's communications (talks) from the library, for its report: the public ones and
    those `user` may read (workshops/library/access.py decides); the public ones only when `user`
    is None (the PDF, which is the same for everybody). Two queries (one more for a signed-in
    visitor: the workshops they took part in)."""
    visibilities = (Visibility.PUBLIC,) if user is None else Reader(user).visibilities_in(workshop.pk)
    return list(
        Communication.objects.filter(workshop=workshop, visibility__in=visibilities)
        .prefetch_related("speakers")
        .order_by("date", "title")
    )


def participation_totals():
    """Annotations for a Report queryset: the totals of report_participation (delegates and
    social-media actors, enrolled and present), by the same definitions, as four subqueries."""
    enrollments = Enrollment.objects.filter(workshop=OuterRef("workshop"))
    confirmed = enrollments.filter(status=EnrollmentStatus.CONFIRMED)
    present = enrollments.filter(attendances__isnull=False)
    return {
        "delegates_enrolled": _count(confirmed.filter(party__isnull=False), "workshop"),
        "delegates_present": _count(present.filter(party__isnull=False), "workshop"),
        "media_enrolled": _count(confirmed.filter(user__isnull=False), "workshop"),
        "media_present": _count(present.filter(user__isnull=False), "workshop"),
        "participation_illustrative": Exists(enrollments.filter(is_illustrative=True)),
    }


def recommendation_list_public():
    """Every recommendation of a published report, most recent workshop first, with `last_news`:
    the date of its last follow-up entry (staff's, or an addressee's note once published)."""
    last_update = (
        RecommendationUpdate.objects.filter(recommendation=OuterRef("pk"))
        .order_by("-date")
        .values("date")[:1]
    )
    return (
        Recommendation.objects.filter(report__status=ReportStatus.PUBLISHED)
        .select_related("report__workshop", "organisation")
        .annotate(last_news=Subquery(last_update))
        .order_by("-report__workshop__starts_at", "report_id", "position", "pk")
    )


def recommendation_follow_up(recommendation, *, today):
    """What the tracker says of a recommendation's pace on `today`: (overdue, days without news).
    Overdue: its due date is past and it is neither done nor abandoned. Days without news: since
    its last follow-up entry, or since it was created (`last_news` comes from
    recommendation_list_public)."""
    open_ = recommendation.status in (RecommendationStatus.PROPOSED, RecommendationStatus.IN_PROGRESS)
    overdue = bool(open_ and recommendation.due_date and recommendation.due_date < today)
    since = recommendation.last_news or timezone.localdate(recommendation.created_at)
    return overdue, max((today - since).days, 0)


def recommendation_progress(recommendations):
    """(status, label, count) for every status, in the order of the workflow, plus the total and
    the share done, for the given recommendations. One query."""
    counts = dict(recommendations.order_by().values_list("status").annotate(n=Count("pk")))
    rows = [(value, label, counts.get(value, 0)) for value, label in RecommendationStatus.choices]
    total = sum(counts.values())
    done = counts.get(RecommendationStatus.DONE, 0)
    return {"rows": rows, "total": total, "done_percent": round(100 * done / total) if total else 0}


def published_report_workshops():
    """(slug, title, year) of the workshops whose report is published, newest first: the tracker's
    filter choices. Kept with the cached public pages and recomputed when they change."""

    def compute():
        return list(
            Report.objects.published()
            .annotate(year=ExtractYear("workshop__starts_at"))
            .order_by("-workshop__starts_at")
            .values_list("workshop__slug", "workshop__title", "year")
        )

    return with_public_pages("reports:workshops", compute)


def workshop_report_is_published(workshop_id):
    """Whether the workshop's report is published: what every enrollment and check-in asks after
    commit, answered from the ids kept with the cached public pages (one cache round trip, no
    query). Exact: publishing or withdrawing a report changes the public pages, hence the ids."""

    def compute():
        return frozenset(Report.objects.published().values_list("workshop_id", flat=True))

    return workshop_id in with_public_pages("reports:published-workshop-ids", compute)
