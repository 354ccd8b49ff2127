"""Enrollment, after the seat is taken: withdrawn, cancelled, replaced, moved, promoted from the
waiting list, anonymised. The same locks as enrollment.py (seats.py: the workshop row, then the
party's ledger line) and the same messages after commit (workshops/messaging/enrollment.py)."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..messaging.enrollment import enrollment_notify
from ..models import Enrollment, EnrollmentStatus, Workshop
from ..questions.models import RegistrationAnswer
from ..selectors import seats_open
from . import seats
from .enrollment import (
    enrollment_create_by_staff,
    enrollment_new,
    enrollment_save,
    refuse_if_after_deadline,
    refuse_if_enrolled,
)
from .refusals import EnrollmentRefused


def _end(enrollment, *, status, by, reason, why, staff):
    """Withdraws or cancels an active enrollment under the workshop lock; frees its seat and
    promotes the waiting list. Returns the updated enrollment."""
    with transaction.atomic():
        locked_workshop = seats.workshop_lock(enrollment.workshop_id)
        allocation = None
        if enrollment.party_id:
            allocation = seats.allocation_lock(locked_workshop, enrollment.party)
        locked = seats.enrollment_lock(enrollment)
        if locked.status not in (EnrollmentStatus.CONFIRMED, EnrollmentStatus.WAITING):
            raise EnrollmentRefused(_("Cette inscription n'est plus active."))
        if not staff:
            refuse_if_after_deadline(locked_workshop)
        had_seat = locked.status == EnrollmentStatus.CONFIRMED
        locked.status = status
        locked.reason = reason
        enrollment_save(locked, by=by, why=why, update_fields=["status", "reason"])
        if had_seat:
            seats.seats_move(locked_workshop, allocation, -1)
            waiting_list_promote(workshop=locked_workshop)
        enrollment_notify(
            enrollment=locked,
            what="withdrawn" if status == EnrollmentStatus.WITHDRAWN else "cancelled",
            workshop=locked_workshop,
        )
    enrollment.refresh_from_db()
    return enrollment


def enrollment_withdraw(*, enrollment, by, reason="", answering_presence_check=False):
    """The person (or their party's responsable) gives up a seat or a place on the waiting list
    before the deadline. Locks the workshop, then the allocation; promotes the first waiting
    person into the freed seat. After the deadline, only staff (enrollment_cancel_by_staff) may,
    or the person answering the ministry's own question a few days before the workshop
    (`answering_presence_check`, services/presence.py), which checks that it has not started."""
    return _end(
        enrollment,
        status=EnrollmentStatus.WITHDRAWN,
        by=by,
        reason=reason,
        why=f"retrait : {reason}" if reason else "retrait",
        staff=answering_presence_check,
    )


def enrollment_cancel_by_staff(*, enrollment, by, reason):
    """Staff cancel an enrollment at any time, saying why (kept on the enrollment and in its
    history). Same locks and promotion as enrollment_withdraw()."""
    reason = (reason or "").strip()
    if not reason:
        raise EnrollmentRefused(_("Indiquez le motif de l'annulation."))
    return _end(
        enrollment,
        status=EnrollmentStatus.CANCELLED,
        by=by,
        reason=reason,
        why=f"annulation par le personnel : {reason}",
        staff=True,
    )


def waiting_list_promote(*, workshop):
    """Gives every free seat to the waiting list, first come first served, and tells each promoted
    person. Takes the workshop lock (a no-op when the caller already holds it, as enrollment_withdraw()
    does). Returns the promoted enrollments."""
    promoted = []
    with transaction.atomic():
        locked = seats.workshop_lock(workshop)
        while seats_open(locked) > 0:
            waiting = (
                Enrollment.objects.select_for_update()
                .filter(workshop=locked, status=EnrollmentStatus.WAITING)
                .order_by("waiting_since", "pk")
                .first()
            )
            if waiting is None:
                break
            waiting.status = EnrollmentStatus.CONFIRMED
            enrollment_save(
                waiting,
                by=None,
                why="promotion automatique depuis la liste d'attente",
                update_fields=["status"],
            )
            seats.seats_move(locked, None, 1)
            enrollment_notify(enrollment=waiting, what="promoted", workshop=locked)
            promoted.append(waiting)
    if isinstance(workshop, Workshop) and promoted:
        workshop.seats_taken = locked.seats_taken
    return promoted


def enrollment_substitute(*, enrollment, new_delegate, by, staff=False):
    """Replaces a confirmed delegate by another of the same party, keeping the seat: the old
    enrollment is withdrawn and a new one confirmed in the same transaction, counters unchanged.
    Locks the workshop, then the allocation. Before the deadline only, unless `staff`.
    Returns the new enrollment; tells both delegates and the party's responsables."""
    with transaction.atomic():
        locked_workshop = seats.workshop_lock(enrollment.workshop_id)
        if enrollment.party_id is None:
            raise EnrollmentRefused(_("Seul un délégué de parti peut être remplacé."))
        seats.allocation_lock(locked_workshop, enrollment.party)
        locked = seats.enrollment_lock(enrollment)
        if not staff:
            refuse_if_after_deadline(locked_workshop)
        if locked.status != EnrollmentStatus.CONFIRMED:
            raise EnrollmentRefused(_("Cette inscription n'est plus active."))
        if new_delegate.party_id != locked.party_id or new_delegate.archived_at is not None:
            raise EnrollmentRefused(
                _("Ce délégué n'appartient pas à votre parti : %(name)s.") % {"name": new_delegate.full_name}
            )
        refuse_if_enrolled(locked_workshop, phones=[str(new_delegate.phone)], delegates=[new_delegate])
        locked.status = EnrollmentStatus.WITHDRAWN
        locked.reason = f"Remplacé(e) par {new_delegate.full_name}"
        enrollment_save(
            locked,
            by=by,
            why=f"remplacement par {new_delegate.full_name}",
            update_fields=["status", "reason"],
        )
        replacement = enrollment_new(
            locked_workshop,
            delegate=new_delegate,
            status=EnrollmentStatus.CONFIRMED,
            by=by,
            why=f"remplace {locked.delegate.full_name}",
        )
        enrollment_notify(enrollment=locked, what="withdrawn", workshop=locked_workshop)
        enrollment_notify(enrollment=replacement, what="confirmed", workshop=locked_workshop)
    enrollment.refresh_from_db()
    return replacement


def enrollment_move_by_staff(*, enrollment, to_workshop, by, reason):
    """Staff move a person to another workshop: the enrollment is cancelled (reason kept) and a
    confirmed one created in the other workshop, in one transaction. Locks both workshop rows in
    the order of their ids, then the allocations, so that two opposite moves cannot deadlock.
    Returns the new enrollment."""
    reason = (reason or "").strip()
    if not reason:
        raise EnrollmentRefused(_("Indiquez le motif du déplacement."))
    if to_workshop.pk == enrollment.workshop_id:
        raise EnrollmentRefused(_("Choisissez un autre atelier."))
    with transaction.atomic():
        for pk in sorted([enrollment.workshop_id, to_workshop.pk]):
            seats.workshop_lock(pk)
        moved = seats.enrollment_lock(enrollment)
        if moved.status != EnrollmentStatus.CONFIRMED:
            raise EnrollmentRefused(_("Seule une inscription confirmée peut être déplacée."))
        if moved.delegate_id:
            new = enrollment_create_by_staff(
                workshop=to_workshop, delegate=moved.delegate, by=by, reason=reason
            )
        else:
            new = enrollment_create_by_staff(workshop=to_workshop, user=moved.user, by=by, reason=reason)
        _end(
            moved,
            status=EnrollmentStatus.CANCELLED,
            by=by,
            reason=f"Déplacé(e) vers « {to_workshop.title} » : {reason}",
            why=f"déplacement vers {to_workshop.title} : {reason}",
            staff=True,
        )
    enrollment.refresh_from_db()
    return new


def enrollment_anonymise(*, enrollment, by, why="anonymisation à la demande de la personne"):
    """Erases the phone number copied on an enrollment (the key of its one-seat-per-person rule is
    replaced by a value unique to it) and in its past history rows. The enrollment, its status and
    its attendance stay: the ministry keeps who came, not who they were. Writes a history row
    saying who (`by`, None for the person themselves once their account is gone) and why; no
    lock (the seat counters do not move). Returns the enrollment."""
    Enrollment.history.filter(id=enrollment.pk).update(person_phone="")
    # Answers to the workshop's questions may name or describe the person (special needs): gone.
    RegistrationAnswer.objects.filter(enrollment=enrollment).delete()
    enrollment.person_phone = f"anonyme-{enrollment.pk}"
    return enrollment_save(enrollment, by=by, why=why, update_fields=["person_phone"])
