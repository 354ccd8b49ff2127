"""A workshop's life: draft, published, registration closed, held, cancelled. Each change locks
the workshop row (seats.workshop_lock)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..messaging.enrollment import enrollment_notify
from ..models import (
    ACTIVE_ENROLLMENT,
    Enrollment,
    EnrollmentStatus,
    PartyAllocation,
    Workshop,
    WorkshopStatus,
)
from . import seats
from .certificates import certificates_issue
from .enrollment import enrollment_save
from .refusals import WorkshopRefused


def workshop_publish(*, workshop, by):
    """Makes a draft public. Returns False, changing nothing, if it is no longer a draft.

    Locks the workshop row so that two staff members publishing at once record one publication.
    """
    with transaction.atomic():
        locked = seats.workshop_lock(workshop)
        if locked.status != WorkshopStatus.DRAFT:
            return False
        locked.status = WorkshopStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked._history_user = by
        locked.save(update_fields=["status", "published_at", "updated_at"])
    workshop.refresh_from_db()
    return True


def workshop_cancel(*, workshop, reason, by):
    """Cancels a workshop with the reason shown to the public. Locks the workshop row, then the
    allocations; cancels every active enrollment (seats and waiting list), telling each person.
    Raises WorkshopRefused without a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise WorkshopRefused(_("Indiquez le motif de l'annulation : il est affiché au public."))
    with transaction.atomic():
        locked = seats.workshop_lock(workshop)
        if locked.status == WorkshopStatus.CANCELLED:
            return False
        locked.status = WorkshopStatus.CANCELLED
        locked.cancellation_reason = reason
        locked._history_user = by
        locked.save(update_fields=["status", "cancellation_reason", "updated_at"])
        list(PartyAllocation.objects.select_for_update().filter(workshop=locked).order_by("pk"))
        active = (
            Enrollment.objects.select_for_update().filter(ACTIVE_ENROLLMENT, workshop=locked).order_by("pk")
        )
        for enrollment in active:
            enrollment.status = EnrollmentStatus.CANCELLED
            enrollment.reason = reason
            enrollment_save(
                enrollment, by=by, why=f"atelier annulé : {reason}", update_fields=["status", "reason"]
            )
            enrollment_notify(enrollment=enrollment, what="cancelled", workshop=locked)
        Workshop.objects.filter(pk=locked.pk).update(seats_taken=0)
        PartyAllocation.objects.filter(workshop=locked).update(seats_taken=0)
    workshop.refresh_from_db()
    return True


def _move_status(*, workshop, by, allowed_from, to, ready=None):
    """Moves a workshop from one of `allowed_from` to `to` under its row lock; False (nothing
    changed) when it is in another status or `ready(locked_workshop)` says no."""
    with transaction.atomic():
        locked = seats.workshop_lock(workshop)
        if locked.status not in allowed_from or (ready and not ready(locked)):
            return False
        locked.status = to
        locked._history_user = by
        locked.save(update_fields=["status", "updated_at"])
    workshop.refresh_from_db()
    return True


def workshop_close_registration(*, workshop, by):
    """Closes the registration of a published workshop before (or at) its planned closing time.
    Returns False, changing nothing, unless it is published. Locks the workshop row."""
    return _move_status(
        workshop=workshop,
        by=by,
        allowed_from=[WorkshopStatus.PUBLISHED],
        to=WorkshopStatus.REGISTRATION_CLOSED,
    )


def workshop_mark_held(*, workshop, by, now=None):
    """Records that a published workshop (registration open or closed) took place, and issues the
    certificate of every participant whose presence meets its attendance rule, in one
    transaction. Returns False, changing nothing, for a draft, a cancelled or an already held
    workshop, and for one that has not started yet. Locks the workshop row."""
    now = now or timezone.now()
    with transaction.atomic():
        held = _move_status(
            workshop=workshop,
            by=by,
            allowed_from=[WorkshopStatus.PUBLISHED, WorkshopStatus.REGISTRATION_CLOSED],
            to=WorkshopStatus.HELD,
            ready=lambda locked: locked.starts_at <= now,
        )
        if held:
            certificates_issue(workshop=workshop)
    return held
