"""Attendance: the check-in of a convocation's QR code or printed code, marks a phone took
offline and sends later, and presence ticked in bulk by staff."""

from collections import namedtuple

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..documents import enrollment_from_token, printed_code_normalise
from ..models import Attendance, CheckinMethod, Enrollment, EnrollmentStatus, Workshop, WorkshopStatus
from .certificates import certificates_issue
from .refusals import CheckinRefused

CheckinResult = namedtuple("CheckinResult", ["enrollment", "attendance", "created", "expected"])


def _date(day):
    return formats.date_format(day, "j F Y")


def attendance_day_problem(*, workshop, day, today=None):
    """Why no presence may be recorded on `day` for this workshop, in French, or None. Only the
    workshop's days, and never a day to come (today in Porto-Novo); the database's trigger holds
    the same rule for every other path."""
    today = today or timezone.localdate()
    days = workshop.days()
    if day not in days:
        return _("L'atelier n'a pas lieu le %(day)s : ses journées vont du %(first)s au %(last)s.") % {
            "day": _date(day),
            "first": _date(days[0]),
            "last": _date(days[-1]),
        }
    if day > today:
        return _(
            "Le %(day)s est un jour à venir : une présence ne s'enregistre que le jour même ou après."
        ) % {"day": _date(day)}
    return None


def _enrollment_named(*, workshop, value):
    """The enrollment a QR token or a printed code names, and how it was given; CheckinRefused
    for a forged token, an unknown code, or one of another workshop."""
    if not value:
        raise CheckinRefused(_("Scannez le QR code ou saisissez le code imprimé dessous."))
    if len(value) <= 10:
        enrollment = Enrollment.objects.filter(checkin_code=printed_code_normalise(value)).first()
        if enrollment is None or enrollment.workshop_id != workshop.pk:
            raise CheckinRefused(_("Code inconnu pour cet atelier."))
        return enrollment, CheckinMethod.CODE
    enrollment = enrollment_from_token(value)
    if enrollment is None:
        raise CheckinRefused(_("QR code invalide ou falsifié : il n'a pas été émis par le portail."))
    if enrollment.workshop_id != workshop.pk:
        raise CheckinRefused(_("Ce QR code est celui d'un autre atelier."))
    return enrollment, CheckinMethod.QR


def attendance_check_in(*, workshop, token_or_code, day, by, method=None, client_id=None):
    """Records the presence of the person a convocation's QR token (or its printed 8-character
    code) names, for one day of this workshop. Returns a CheckinResult: `created` is False when
    the person was already recorded that day (nothing changes); `expected` is False (and nothing
    is recorded) when the enrollment is not confirmed.

    Raises CheckinRefused for a forged token, one of another workshop, and for a day that is not
    one of the workshop's or is still to come. `client_id` is the id a phone gave its mark: the
    same mark sent twice, or the same person marked by two phones, is one attendance (the unique
    constraints on (enrollment, day) and on client_id settle two requests at once). In a workshop
    already held, a presence recorded late issues the certificate it now earns, as the admin's
    mark does."""
    enrollment, given_by = _enrollment_named(workshop=workshop, value=(token_or_code or "").strip())
    problem = attendance_day_problem(workshop=workshop, day=day)
    if problem:
        raise CheckinRefused(problem)
    if enrollment.status != EnrollmentStatus.CONFIRMED:
        return CheckinResult(enrollment, None, False, False)
    attendance, created = _attendance_get_or_create(
        enrollment=enrollment, day=day, by=by, method=method or given_by, client_id=client_id
    )
    if created and workshop.status == WorkshopStatus.HELD:
        certificates_issue(workshop=workshop, enrollments=[enrollment])
    return CheckinResult(enrollment, attendance, created, True)


def _attendance_get_or_create(*, enrollment, day, by, method, client_id):
    if client_id is not None:
        already = Attendance.objects.filter(client_id=client_id).first()
        if already is not None:
            if already.enrollment_id != enrollment.pk or already.day != day:
                raise CheckinRefused(
                    _("Ce pointage a déjà été envoyé pour une autre personne ou un autre jour.")
                )
            return already, False
    # get_or_create inserts in a savepoint: when another request committed the same person that
    # day in between, the unique constraint fails the insert and the row then read is the answer.
    return Attendance.objects.get_or_create(
        enrollment=enrollment,
        day=day,
        defaults={"checked_in_by": by, "method": method, "client_id": client_id},
    )


def attendance_mark(*, enrollments, day, by):
    """Staff tick presence in bulk for one day (admin). Returns how many were newly recorded;
    enrollments not confirmed are skipped; a day that is not one of the workshop's, or still to
    come, is refused (CheckinRefused). In a workshop already held, a presence recorded late
    issues the certificate it now earns."""
    recorded = 0
    enrollments = list(enrollments)
    # Each workshop as it is now, not as the caller's copy last saw it (its days, its status).
    workshops = Workshop.objects.in_bulk({e.workshop_id for e in enrollments})
    for enrollment in enrollments:
        result = attendance_check_in(
            workshop=workshops[enrollment.workshop_id],
            token_or_code=enrollment.checkin_code,
            day=day,
            by=by,
            method=CheckinMethod.ADMIN,
        )
        recorded += result.created
    return recorded
