"""Validating a workshop's payment sheet (its rows stored, locked against later attendance
changes) and reopening it, with a reason. Both keep their history (simple-history)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .models import PaymentLine, PaymentSheet, PerDiemScale, SheetStatus
from .selectors import attendance_digest, computed_rows, counted_enrollments


def _sheet_locked(workshop):
    """The workshop's sheet row, created if missing, locked until the end of the transaction."""
    PaymentSheet.objects.get_or_create(workshop=workshop)
    return PaymentSheet.objects.select_for_update().get(workshop=workshop)


@transaction.atomic
def paymentsheet_validate(*, workshop, by, today=None):
    """Stores the sheet computed now from verified attendance as the validated one: later changes
    of attendance no longer alter it (they are reported). Refused (ValidationError, nothing
    written) without rates, without anybody to pay, or when already validated. Locks the sheet."""
    sheet = _sheet_locked(workshop)
    if sheet.is_validated:
        raise ValidationError(_("Cet état de paiement est déjà validé."))
    scale = PerDiemScale.objects.filter(workshop=workshop).prefetch_related("transport_rates").first()
    if scale is None:
        raise ValidationError(_("Définissez d'abord le barème de per diem et de transport de l'atelier."))
    enrollments = counted_enrollments(workshop=workshop, today=today)
    rows = computed_rows(workshop=workshop, scale=scale, enrollments=enrollments)
    if not rows:
        raise ValidationError(_("Aucune présence vérifiée : il n'y a personne à payer."))
    sheet.lines.all().delete()
    bulk_create_with_history(
        [
            PaymentLine(
                sheet=sheet,
                enrollment_id=row.enrollment_id,
                reference=row.reference,
                name=row.name[:250],
                party=row.party,
                commune=row.commune,
                phone=row.phone,
                days=",".join(day.isoformat() for day in row.days),
                days_present=row.days_present,
                per_diem=row.per_diem,
                transport=row.transport,
                total=row.total,
                notes=" ; ".join(row.notes)[:250],
            )
            for row in rows
        ],
        PaymentLine,
        default_user=by,
        default_change_reason="validation",
    )
    sheet.status = SheetStatus.VALIDATED
    sheet.validated_at = timezone.now()
    sheet.validated_by = by
    sheet.attendance_digest = attendance_digest(enrollments)
    sheet.illustrative = scale.illustrative
    sheet.reopen_reason = ""
    sheet._history_user = by
    sheet._change_reason = "validation"
    sheet.save()
    return sheet


@transaction.atomic
def paymentsheet_reopen(*, workshop, by, reason):
    """Reopens a validated sheet: it is computed from attendance again until validated anew. The
    reason is required and kept in the history, with the rows as they were. Locks the sheet."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif de la réouverture.")})
    sheet = _sheet_locked(workshop)
    if not sheet.is_validated:
        raise ValidationError(_("Cet état de paiement n'est pas validé : il n'y a rien à rouvrir."))
    for line in sheet.lines.all():  # one by one: the history keeps each row as it was validated
        line._history_user = by
        line._change_reason = reason[:100]
        line.delete()
    sheet.status = SheetStatus.OPEN
    sheet.validated_at = None
    sheet.validated_by = None
    sheet.attendance_digest = ""
    sheet.reopen_reason = reason
    sheet._history_user = by
    sheet._change_reason = reason[:100]
    sheet.save()
    return sheet
