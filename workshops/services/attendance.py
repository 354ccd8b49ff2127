"""Attendance: the check-in of a convocation's QR code or printed code, and presence ticked in
bulk by staff."""

from collections import namedtuple

from django.utils.translation import gettext as _

from ..documents import enrollment_from_token, printed_code_normalise
from ..models import Attendance, CheckinMethod, Enrollment, EnrollmentStatus
from .certificates import certificates_issue
from .refusals import CheckinRefused

CheckinResult = namedtuple("CheckinResult", ["enrollment", "attendance", "created", "expected"])


def attendance_check_in(*, workshop, token_or_code, day, by, method=None):
    """Records the presence of the person a convocation's QR token (or its printed 8-character
    code) names, for one day of this workshop. Returns a CheckinResult: `created` is False when
    the person was already recorded that day (nothing changes); `expected` is False (and nothing
    is recorded) when the enrollment is not confirmed or the workshop does not run that day.
    Raises CheckinRefused for a forged token or one of another workshop. Relies on the unique
    constraint (enrollment, day) for two scans at once."""
    value = (token_or_code or "").strip()
    if not value:
        raise CheckinRefused(_("Scannez le QR code ou saisissez le code imprimé dessous."))
    if len(value) <= 10:
        method = method or CheckinMethod.CODE
        enrollment = Enrollment.objects.filter(checkin_code=printed_code_normalise(value)).first()
        if enrollment is None or enrollment.workshop_id != workshop.pk:
            raise CheckinRefused(_("Code inconnu pour cet atelier."))
    else:
        method = method or CheckinMethod.QR
        enrollment = enrollment_from_token(value)
        if enrollment is None:
            raise CheckinRefused(_("QR code invalide ou falsifié : il n'a pas été émis par le portail."))
        if enrollment.workshop_id != workshop.pk:
            raise CheckinRefused(_("Ce QR code est celui d'un autre atelier."))
    if enrollment.status != EnrollmentStatus.CONFIRMED or day not in workshop.days():
        return CheckinResult(enrollment, None, False, False)
    attendance, created = Attendance.objects.get_or_create(
        enrollment=enrollment, day=day, defaults={"checked_in_by": by, "method": method}
    )
    return CheckinResult(enrollment, attendance, created, True)


def attendance_mark(*, enrollments, day, by):
    """Staff tick presence in bulk for one day (admin). Returns how many were newly recorded;
    enrollments not confirmed, and days outside the workshop, are skipped. In a workshop already
    held, a presence recorded late issues the certificate it now earns."""
    recorded = 0
    by_workshop = {}
    for enrollment in enrollments:
        result = attendance_check_in(
            workshop=enrollment.workshop,
            token_or_code=enrollment.checkin_code,
            day=day,
            by=by,
            method=CheckinMethod.ADMIN,
        )
        recorded += result.created
        if result.created:
            by_workshop.setdefault(enrollment.workshop_id, []).append(enrollment)
    for marked in by_workshop.values():
        certificates_issue(workshop=marked[0].workshop, enrollments=marked)
    return recorded
