"""Everything that changes a workshop. Views, admin actions, tasks and tests call these."""

from django.db import transaction
from django.utils import timezone

from .models import Workshop, WorkshopStatus


def _locked(workshop):
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


def workshop_publish(*, workshop, by):
    """Makes a draft public. Returns False, changing nothing, if it is no longer a draft.

    Locks the workshop row so that two staff members publishing at once record one publication.
    """
    with transaction.atomic():
        locked = _locked(workshop)
        if locked.status != WorkshopStatus.DRAFT:
            return False
        locked.status = WorkshopStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked._history_user = by
        locked.save(update_fields=["status", "published_at", "updated_at"])
    workshop.refresh_from_db()
    return True


def workshop_cancel(*, workshop, reason, by):
    """Cancels a workshop with the reason shown to the public. Locks the workshop row."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("A cancelled workshop must say why.")
    with transaction.atomic():
        locked = _locked(workshop)
        if locked.status == WorkshopStatus.CANCELLED:
            return False
        locked.status = WorkshopStatus.CANCELLED
        locked.cancellation_reason = reason
        locked._history_user = by
        locked.save(update_fields=["status", "cancellation_reason", "updated_at"])
    workshop.refresh_from_db()
    return True


# --- Back office: bulk status changes (admin actions) -------------------------------------------


def _move_status(*, workshop, by, allowed_from, to, ready=None):
    """Moves a workshop from one of `allowed_from` to `to` under its row lock; False (nothing
    changed) when it is in another status or `ready(locked_workshop)` says no."""
    with transaction.atomic():
        locked = _locked(workshop)
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
        workshop=workshop, by=by, allowed_from=[WorkshopStatus.PUBLISHED], to=WorkshopStatus.REGISTRATION_CLOSED
    )


def workshop_mark_held(*, workshop, by, now=None):
    """Records that a published workshop (registration open or closed) took place. Returns False,
    changing nothing, for a draft, a cancelled or an already held workshop, and for one that has
    not started yet. Locks the workshop row."""
    now = now or timezone.now()
    return _move_status(
        workshop=workshop, by=by, allowed_from=[WorkshopStatus.PUBLISHED, WorkshopStatus.REGISTRATION_CLOSED],
        to=WorkshopStatus.HELD, ready=lambda locked: locked.starts_at <= now,
    )
