"""The payment sheet read: computed from verified attendance while open, read from its stored rows
once validated. Four queries whatever the number of participants."""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from workshops.models import Attendance, Enrollment, EnrollmentStatus

from .models import PaymentSheet, PerDiemScale

# Enrollments of people erased at their request carry this instead of a phone (workshops'
# enrollment_anonymise): they are left out of any payment.
ANONYMISED_PHONE_PREFIX = "anonyme-"


@dataclass
class Row:
    reference: str
    name: str
    party: str
    commune: str
    phone: str
    days: list
    per_diem: int
    transport: int
    notes: list = field(default_factory=list)
    enrollment_id: int = None

    @property
    def days_present(self):
        return len(self.days)

    @property
    def total(self):
        return self.per_diem + self.transport

    @property
    def days_label(self):
        return ", ".join(day.strftime("%d/%m/%Y") for day in self.days) if self.days else ""


@dataclass
class Sheet:
    workshop: object
    scale: object
    record: object  # the PaymentSheet row, or None while nobody validated it
    rows: list
    validated: bool
    illustrative: bool
    attendance_changed: bool = False

    @property
    def totals(self):
        return {
            "people": len(self.rows),
            "days": sum(row.days_present for row in self.rows),
            "per_diem": sum(row.per_diem for row in self.rows),
            "transport": sum(row.transport for row in self.rows),
            "total": sum(row.total for row in self.rows),
        }

    @property
    def flagged(self):
        return [row for row in self.rows if row.notes]


def payment_reference(*, workshop, enrollment_id):
    """The payout reference of one person in one workshop (an active enrollment is one person's)."""
    return f"PD-{workshop.pk:04d}-{enrollment_id:06d}"


def real_days(*, workshop, today=None):
    """The days of the workshop that have come: a presence recorded for a later day is not real."""
    today = today or timezone.localdate()
    return [day for day in workshop.days() if day <= today]


def _phone_of(enrollment):
    person = enrollment.delegate if enrollment.delegate_id else enrollment.user
    return person.phone.as_e164 if person.phone else ""


def counted_enrollments(*, workshop, today=None):
    """Confirmed enrollments, not anonymised, with their verified presences (`counted`): days of
    the workshop already come. Whoever has none is not on the sheet."""
    days = real_days(workshop=workshop, today=today)
    enrollments = (
        Enrollment.objects.filter(
            workshop=workshop,
            status=EnrollmentStatus.CONFIRMED,
            attendances__day__in=days,
        )
        .exclude(person_phone__startswith=ANONYMISED_PHONE_PREFIX)
        .exclude(user__email__endswith="@anonyme.invalid")
        .distinct()
        .select_related("user__commune", "delegate__commune", "party")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(day__in=days).order_by("day"),
                to_attr="counted",
            )
        )
    )
    return list(enrollments)


def attendance_digest(enrollments):
    """A fingerprint of who counts for which days: what a validation is compared against."""
    text = ";".join(
        f"{enrollment.pk}:" + ",".join(a.day.isoformat() for a in enrollment.counted)
        for enrollment in sorted(enrollments, key=lambda e: e.pk)
    )
    return hashlib.sha256(text.encode()).hexdigest()


def computed_rows(*, workshop, scale, enrollments):
    daily = scale.daily_amount if scale else 0
    transport_by_commune = (
        {rate.commune_id: rate.amount for rate in scale.transport_rates.all()} if scale else {}
    )
    rows = []
    for enrollment in enrollments:
        person = enrollment.delegate if enrollment.delegate_id else enrollment.user
        notes = []
        commune = person.commune
        if commune is None:
            notes.append(_("commune d'origine inconnue : transport 0"))
            transport = 0
        elif commune.pk not in transport_by_commune:
            notes.append(
                _("pas de tarif de transport pour %(commune)s : transport 0") % {"commune": commune.name}
            )
            transport = 0
        else:
            transport = transport_by_commune[commune.pk]
        phone = _phone_of(enrollment)
        if not phone:
            notes.append(_("pas de téléphone : hors paiement mobile"))
        days = [attendance.day for attendance in enrollment.counted]
        rows.append(
            Row(
                reference=payment_reference(workshop=workshop, enrollment_id=enrollment.pk),
                name=enrollment.person_name,
                party=enrollment.party.acronym if enrollment.party_id else "",
                commune=commune.name if commune else "",
                phone=phone,
                days=days,
                per_diem=daily * len(days),
                transport=transport,
                notes=notes,
                enrollment_id=enrollment.pk,
            )
        )
    return sorted(rows, key=lambda row: (row.name.lower(), row.reference))


def _stored_rows(record):
    return [
        Row(
            reference=line.reference,
            name=line.name,
            party=line.party,
            commune=line.commune,
            phone=line.phone,
            days=[datetime.date.fromisoformat(day) for day in line.days.split(",") if day],
            per_diem=line.per_diem,
            transport=line.transport,
            notes=[note for note in line.notes.split(" ; ") if note],
            enrollment_id=line.enrollment_id,
        )
        for line in record.lines.all()
    ]


def paymentsheet_for(*, workshop, today=None):
    """The sheet as staff should read it: the stored rows of a validated sheet (with
    `attendance_changed` when attendance moved since), or the rows computed now."""
    scale = PerDiemScale.objects.filter(workshop=workshop).prefetch_related("transport_rates").first()
    record = PaymentSheet.objects.filter(workshop=workshop).select_related("validated_by").first()
    enrollments = counted_enrollments(workshop=workshop, today=today)
    if record is not None and record.is_validated:
        return Sheet(
            workshop=workshop,
            scale=scale,
            record=record,
            rows=sorted(_stored_rows(record), key=lambda row: (row.name.lower(), row.reference)),
            validated=True,
            illustrative=record.illustrative,
            attendance_changed=attendance_digest(enrollments) != record.attendance_digest,
        )
    return Sheet(
        workshop=workshop,
        scale=scale,
        record=record,
        rows=computed_rows(workshop=workshop, scale=scale, enrollments=enrollments),
        validated=False,
        illustrative=bool(scale and scale.illustrative),
    )


def paymentsheet_totals(*, workshop):
    """The dashboard's figures: the sheet's totals, whether it is validated, and flagged rows."""
    sheet = paymentsheet_for(workshop=workshop)
    return {
        "totals": sheet.totals,
        "validated": sheet.validated,
        "attendance_changed": sheet.attendance_changed,
        "has_scale": sheet.scale is not None,
        "illustrative": sheet.illustrative,
        "flagged": len(sheet.flagged),
    }
