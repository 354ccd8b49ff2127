"""Who took part in a workshop, by gender and by département, and which verified parties sent
no one: the organisers' dashboard reads the exact counts; the report (page and PDF) and the open
data read them through `public`, where 1 to 4 becomes "< 5" (portal/ground/disclosure.py).

The definitions are report_participation's (workshops/reports/selectors.py): enrolled means a
confirmed enrollment, present means at least one attendance. A delegate's gender and commune are
on the party's roster; a social-media actor's gender on their profile and commune on their
account. Gender is self-declared and optional: who did not say counts as "Non renseigné".
"""

from dataclasses import dataclass, replace

from django.db.models import Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Gender
from accounts.parties.models import Party, PartyStatus
from portal.ground.disclosure import public_count
from portal.ground.geography import Department

from .models import Enrollment, EnrollmentStatus

NOT_GIVEN = ""
GENDER_LABELS = {**dict(Gender.choices), NOT_GIVEN: _("Non renseigné")}
DEPARTMENT_LABELS = {**dict(Department.choices), NOT_GIVEN: _("Non renseigné")}


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    enrolled: int
    present: int

    def public(self):
        return replace(self, enrolled=public_count(self.enrolled), present=public_count(self.present))


@dataclass(frozen=True)
class Breakdown:
    by_gender: list
    by_department: list

    def tables(self):
        """(caption, lines) for templates/reports/_breakdown.html."""
        return [
            (_("Par genre (déclaré, facultatif)"), self.by_gender),
            (_("Par département d'origine"), self.by_department),
        ]

    def public(self):
        """The same figures with the small counts hidden, for every page the public reads."""
        return Breakdown(
            by_gender=[line.public() for line in self.by_gender],
            by_department=[line.public() for line in self.by_department],
        )


def _lines(enrollments, expression, labels, order):
    rows = (
        enrollments.annotate(category=expression)
        .order_by()
        .values("category")
        .annotate(
            enrolled=Count("pk", filter=Q(status=EnrollmentStatus.CONFIRMED), distinct=True),
            present=Count("pk", filter=Q(attendances__isnull=False), distinct=True),
        )
    )
    lines = [
        Line(
            row["category"],
            str(labels.get(row["category"], row["category"])),
            row["enrolled"],
            row["present"],
        )
        for row in rows
        if row["enrolled"] or row["present"]
    ]
    return sorted(lines, key=order)


def participation_breakdown(*, workshop):
    """Enrolled and present people of `workshop` by gender and by département. Two queries."""
    enrollments = Enrollment.objects.filter(workshop=workshop)
    gender = Coalesce(
        NullIf("delegate__gender", Value("")),
        NullIf("user__media_profile__gender", Value("")),
        Value(NOT_GIVEN),
    )
    department = Coalesce("delegate__commune__department", "user__commune__department", Value(NOT_GIVEN))
    gender_order = [*Gender.values, NOT_GIVEN]
    return Breakdown(
        by_gender=_lines(enrollments, gender, GENDER_LABELS, lambda line: gender_order.index(line.code)),
        # Alphabetical, the people without a commune last.
        by_department=_lines(
            enrollments, department, DEPARTMENT_LABELS, lambda line: (line.code == NOT_GIVEN, line.label)
        ),
    )


def parties_without_delegates(*, workshop, present):
    """The verified parties with no delegate confirmed in `workshop` or, with `present`, none
    present: whom the ministry may call before the next workshop. Empty for a workshop that does
    not welcome parties. One query."""
    if not workshop.welcomes_parties:
        return []
    theirs = Enrollment.objects.filter(workshop=workshop, party=OuterRef("pk"))
    theirs = (
        theirs.filter(attendances__isnull=False)
        if present
        else theirs.filter(status=EnrollmentStatus.CONFIRMED)
    )
    parties = Party.objects.filter(status=PartyStatus.VERIFIED)
    if present:  # a party verified after the workshop could not have sent anyone
        parties = parties.filter(reviewed_at__lte=workshop.starts_at)
    return list(parties.exclude(Exists(theirs)).order_by("name").only("pk", "name", "acronym"))


def workshop_has_begun(workshop):
    return workshop.local_start_date <= timezone.localdate()
