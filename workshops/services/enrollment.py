"""Enrollment: a media actor or a party's delegates take seats, withdraw, are replaced, cancelled,
moved or promoted from the waiting list. Every service here takes the locks of seats.py (the
workshop row, then the party's ledger line) and tells the people concerned after commit
(workshops/messaging/enrollment.py)."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..messaging.enrollment import enrollment_notify
from ..models import ACTIVE_ENROLLMENT, Enrollment, EnrollmentStatus, Workshop, WorkshopStatus
from ..selectors import registration_problem, seats_open, workshop_not_running_reason
from . import seats
from .refusals import EnrollmentRefused


def _refuse_unless_running(workshop):
    """Even staff enroll only into a published workshop (registration open or closed)."""
    problem = workshop_not_running_reason(workshop)
    if problem:
        raise EnrollmentRefused(problem)


def _refuse_unless_open(workshop, now=None):
    problem = registration_problem(workshop, now)
    if problem:
        raise EnrollmentRefused(problem)


def _refuse_if_after_deadline(workshop):
    _refuse_unless_running(workshop)
    if timezone.now() > workshop.registration_closes_at or workshop.status != WorkshopStatus.PUBLISHED:
        raise EnrollmentRefused(
            _(
                "La date limite est passée : seul le personnel du ministère peut encore modifier les inscriptions."
            )
        )


def _person_phone_of_user(user):
    # An account without a phone number still needs a key that no delegate can share.
    return str(user.phone) if user.phone else f"compte-{user.pk}"


def _refuse_if_enrolled(workshop, *, phones, users=(), delegates=()):
    clash = (
        Enrollment.objects.filter(ACTIVE_ENROLLMENT, workshop=workshop)
        .filter(Q(person_phone__in=phones) | Q(user__in=users) | Q(delegate__in=delegates))
        .select_related("user", "delegate")
        .first()
    )
    if clash is not None:
        if clash.status == EnrollmentStatus.WAITING:
            raise EnrollmentRefused(
                _("Déjà inscrit : %(name)s est sur la liste d'attente.") % {"name": clash.person_name}
            )
        raise EnrollmentRefused(
            _("Déjà inscrit : %(name)s a déjà une place dans cet atelier.") % {"name": clash.person_name}
        )


def enrollment_save(enrollment, *, by, why, update_fields=None):
    """Every write of an enrollment goes here, so that its history says who and why."""
    enrollment._history_user = by
    enrollment._change_reason = why
    if update_fields:
        enrollment.save(update_fields=[*update_fields, "updated_at"])
        return enrollment
    try:
        with transaction.atomic():  # a savepoint: the clash is reported, the outer work rolls back
            enrollment.save()
    except IntegrityError as exc:
        if "once_per" in str(exc):
            raise EnrollmentRefused(
                _("Déjà inscrit : cette personne est déjà inscrite à cet atelier.")
            ) from exc
        raise
    return enrollment


def _new_enrollment(workshop, *, user=None, delegate=None, status, by, why, reason=""):
    enrollment = Enrollment(
        workshop=workshop,
        user=user,
        delegate=delegate,
        party=delegate.party if delegate else None,
        person_phone=str(delegate.phone) if delegate else _person_phone_of_user(user),
        status=status,
        waiting_since=timezone.now() if status == EnrollmentStatus.WAITING else None,
        created_by=by,
        reason=reason,
    )
    return enrollment_save(enrollment, by=by, why=why)


def enrollment_create_for_media_actor(*, workshop, user, by, join_waiting_list=False):
    """Enrolls a social-media actor (their own account) in a workshop, or puts them on its waiting
    list when it is full and `join_waiting_list` is set. Returns the Enrollment.

    Locks the workshop row. Raises EnrollmentRefused (nothing changed) when the workshop is not
    open, not for media actors, full (without the waiting list) or the person already enrolled.
    Queues the confirmation (with the .ics) or the waiting-list message after commit.
    """
    if not hasattr(user, "media_profile"):
        raise EnrollmentRefused(
            _("Seuls les acteurs des médias sociaux inscrits sur le portail peuvent s'inscrire eux-mêmes.")
        )
    with transaction.atomic():
        locked = seats.workshop_lock(workshop)
        _refuse_unless_open(locked)
        if not locked.welcomes_media():
            raise EnrollmentRefused(_("Cet atelier est réservé aux partis politiques."))
        _refuse_if_enrolled(locked, phones=[_person_phone_of_user(user)], users=[user])
        if seats_open(locked) > 0:
            enrollment = _new_enrollment(
                locked,
                user=user,
                status=EnrollmentStatus.CONFIRMED,
                by=by,
                why="inscription par l'acteur des médias sociaux",
            )
            seats.seats_move(locked, None, 1)
            enrollment_notify(enrollment=enrollment, what="confirmed")
        elif join_waiting_list:
            enrollment = _new_enrollment(
                locked,
                user=user,
                status=EnrollmentStatus.WAITING,
                by=by,
                why="inscription sur la liste d'attente",
            )
            enrollment_notify(enrollment=enrollment, what="waiting")
        else:
            raise EnrollmentRefused(_("Atelier complet."))
    return enrollment


def enrollment_create_for_delegates(*, workshop, party, delegates, by, staff=False):
    """Enrolls delegates of one party, all or none. Returns the new Enrollments.

    Locks the workshop row, then the party's allocation row (created with the workshop's quota).
    Refuses (EnrollmentRefused, nothing changed) a party not verified, a workshop not open (unless
    `staff`) or not for parties, a delegate of another party or archived, a person already
    enrolled, a quota or a capacity that would be exceeded. Queues one confirmation per delegate
    (e-mail, or SMS when the delegate has no address) and a copy to the party's responsables.
    """
    if not party.is_verified:
        raise EnrollmentRefused(_("Ce parti n'est pas encore vérifié : il ne peut pas inscrire de délégués."))
    delegates = list({d.pk: d for d in delegates}.values())  # a box ticked twice is one person
    if not delegates:
        raise EnrollmentRefused(_("Choisissez au moins un délégué."))
    for delegate in delegates:
        if delegate.party_id != party.pk or delegate.archived_at is not None:
            raise EnrollmentRefused(
                _("Ce délégué n'appartient pas à votre parti : %(name)s.") % {"name": delegate.full_name}
            )
    with transaction.atomic():
        locked = seats.workshop_lock(workshop)
        if staff:
            _refuse_unless_running(locked)
        else:
            _refuse_unless_open(locked)
        if not locked.welcomes_parties():
            raise EnrollmentRefused(_("Cet atelier est réservé aux acteurs des médias sociaux."))
        allocation = seats.allocation_lock(locked, party)
        _refuse_if_enrolled(locked, phones=[str(d.phone) for d in delegates], delegates=delegates)
        used, allowed = allocation.seats_taken, allocation.seats_allowed
        if used >= allowed:
            raise EnrollmentRefused(
                _("Quota du parti atteint (%(used)d/%(allowed)d).") % {"used": used, "allowed": allowed}
            )
        if used + len(delegates) > allowed:
            raise EnrollmentRefused(
                _(
                    "Quota du parti dépassé : %(left)d place(s) restante(s) pour votre parti (%(used)d/%(allowed)d)."
                )
                % {"left": allowed - used, "used": used, "allowed": allowed}
            )
        left = seats_open(locked, party=party)
        if left <= 0:
            raise EnrollmentRefused(_("Atelier complet."))
        if len(delegates) > left:
            raise EnrollmentRefused(
                _("Atelier complet : il ne reste que %(left)d place(s).") % {"left": left}
            )
        why = "inscription par le personnel" if staff else "inscription par le parti"
        enrollments = [
            _new_enrollment(locked, delegate=d, status=EnrollmentStatus.CONFIRMED, by=by, why=why)
            for d in delegates
        ]
        seats.seats_move(locked, allocation, len(enrollments))
        for enrollment in enrollments:
            enrollment_notify(enrollment=enrollment, what="confirmed")
    return enrollments


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
            _refuse_if_after_deadline(locked_workshop)
        had_seat = locked.status == EnrollmentStatus.CONFIRMED
        locked.status = status
        locked.reason = reason
        enrollment_save(locked, by=by, why=why, update_fields=["status", "reason"])
        if had_seat:
            seats.seats_move(locked_workshop, allocation, -1)
            waiting_list_promote(workshop=locked_workshop)
        enrollment_notify(
            enrollment=locked, what="withdrawn" if status == EnrollmentStatus.WITHDRAWN else "cancelled"
        )
    enrollment.refresh_from_db()
    return enrollment


def enrollment_withdraw(*, enrollment, by, reason=""):
    """The person (or their party's responsable) gives up a seat or a place on the waiting list
    before the deadline. Locks the workshop, then the allocation; promotes the first waiting
    person into the freed seat. After the deadline, only staff (enrollment_cancel_by_staff) may."""
    return _end(
        enrollment,
        status=EnrollmentStatus.WITHDRAWN,
        by=by,
        reason=reason,
        why=f"retrait : {reason}" if reason else "retrait",
        staff=False,
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
            enrollment_notify(enrollment=waiting, what="promoted")
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
            _refuse_if_after_deadline(locked_workshop)
        if locked.status != EnrollmentStatus.CONFIRMED:
            raise EnrollmentRefused(_("Cette inscription n'est plus active."))
        if new_delegate.party_id != locked.party_id or new_delegate.archived_at is not None:
            raise EnrollmentRefused(
                _("Ce délégué n'appartient pas à votre parti : %(name)s.") % {"name": new_delegate.full_name}
            )
        _refuse_if_enrolled(locked_workshop, phones=[str(new_delegate.phone)], delegates=[new_delegate])
        locked.status = EnrollmentStatus.WITHDRAWN
        locked.reason = f"Remplacé(e) par {new_delegate.full_name}"
        enrollment_save(
            locked,
            by=by,
            why=f"remplacement par {new_delegate.full_name}",
            update_fields=["status", "reason"],
        )
        replacement = _new_enrollment(
            locked_workshop,
            delegate=new_delegate,
            status=EnrollmentStatus.CONFIRMED,
            by=by,
            why=f"remplace {locked.delegate.full_name}",
        )
        enrollment_notify(enrollment=locked, what="withdrawn")
        enrollment_notify(enrollment=replacement, what="confirmed")
    enrollment.refresh_from_db()
    return replacement


def enrollment_create_by_staff(*, workshop, by, reason, user=None, delegate=None):
    """Staff enroll a media actor (`user`) or a delegate at any time, saying why, into a published
    workshop (registration open or closed; never a draft, a cancelled or a held one). Capacity,
    quota and the one-seat-per-person rule still hold. Same locks as the self-service paths."""
    reason = (reason or "").strip()
    if not reason:
        raise EnrollmentRefused(_("Indiquez le motif de l'inscription."))
    if delegate is not None:
        [enrollment] = enrollment_create_for_delegates(
            workshop=workshop, party=delegate.party, delegates=[delegate], by=by, staff=True
        )
    else:
        with transaction.atomic():
            locked = seats.workshop_lock(workshop)
            _refuse_unless_running(locked)
            if not locked.welcomes_media():
                raise EnrollmentRefused(_("Cet atelier est réservé aux partis politiques."))
            _refuse_if_enrolled(locked, phones=[_person_phone_of_user(user)], users=[user])
            if seats_open(locked) <= 0:
                raise EnrollmentRefused(_("Atelier complet."))
            enrollment = _new_enrollment(
                locked,
                user=user,
                status=EnrollmentStatus.CONFIRMED,
                by=by,
                why=f"inscription par le personnel : {reason}",
                reason=reason,
            )
            seats.seats_move(locked, None, 1)
            enrollment_notify(enrollment=enrollment, what="confirmed")
    if enrollment.reason != reason:
        enrollment.reason = reason
        enrollment_save(enrollment, by=by, why=f"motif : {reason}", update_fields=["reason"])
    return enrollment


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
    enrollment.person_phone = f"anonyme-{enrollment.pk}"
    return enrollment_save(enrollment, by=by, why=why, update_fields=["person_phone"])
