"""Certificates of attendance, issued to whoever met the workshop's attendance rule."""

from ..messaging.certificates import certificate_links_send
from ..models import Certificate, Enrollment, EnrollmentStatus, Workshop, WorkshopStatus
from ..selectors import attendance_rule_problem


def certificates_issue(*, workshop, enrollments=None):
    """Issues the certificate of each confirmed participant of a held workshop (of `enrollments`
    only, when given) whose presence meets its attendance rule and who has none yet. Does
    nothing for a workshop not held. Safe to run twice or concurrently: the one-to-one on the
    enrollment keeps one certificate each (conflicts are skipped). Each delegate (who has no
    account) is sent their certificate's link by SMS after commit, once per certificate. Returns
    how many it wrote."""
    workshop = Workshop.objects.get(pk=workshop.pk)  # its state now, not a cached copy
    if workshop.status != WorkshopStatus.HELD:
        return 0
    candidates = Enrollment.objects.filter(
        workshop=workshop, status=EnrollmentStatus.CONFIRMED, certificate__isnull=True
    ).prefetch_related("attendances")
    if enrollments is not None:
        candidates = candidates.filter(pk__in=[e.pk for e in enrollments])
    earned = [
        Certificate(enrollment=enrollment)
        for enrollment in candidates
        if attendance_rule_problem(workshop=workshop, present={a.day for a in enrollment.attendances.all()})
        is None
    ]
    Certificate.objects.bulk_create(earned, ignore_conflicts=True)
    # ignore_conflicts leaves the ids unset: read back what exists now (the SMS key is per certificate).
    certificate_links_send(
        certificates=Certificate.objects.filter(enrollment__in=[c.enrollment_id for c in earned])
    )
    return len(earned)
