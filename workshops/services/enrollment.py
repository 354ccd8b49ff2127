"""Everything that changes a workshop. Views, admin actions, tasks and tests call these."""

from collections import namedtuple

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.parties.selectors import party_responsables
from portal.ground.notifications.services import notification_queue
from portal.ground.pagecache import public_pages_changed

from .documents import enrollment_from_token
from .messaging.content import workshop_ics_attachment, workshop_message_context
from .models import (
    ACTIVE_ENROLLMENT,
    Attendance,
    Certificate,
    CheckinMethod,
    Enrollment,
    EnrollmentStatus,
    PartyAllocation,
    SeatRelease,
    SeatReleaseTarget,
    Workshop,
    WorkshopStatus,
)
from .selectors import (
    attendance_rule_problem,
    registration_problem,
    seats_open,
    workshop_not_running_reason,
)
from .selectors import (
    enrollment_locking_enabled as _locking_enabled,
)


class WorkshopRefused(Exception):
    """A rule refused a change of a workshop or of its enrollments; `message` is the French
    sentence shown to the person. Nothing was changed."""

    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


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
    """Cancels a workshop with the reason shown to the public. Locks the workshop row, then the
    allocations; cancels every active enrollment (seats and waiting list), telling each person.
    Raises WorkshopRefused without a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise WorkshopRefused(_("Indiquez le motif de l'annulation : il est affiché au public."))
    with transaction.atomic():
        locked = _locked(workshop)
        if locked.status == WorkshopStatus.CANCELLED:
            return False
        locked.status = WorkshopStatus.CANCELLED
        locked.cancellation_reason = reason
        locked._history_user = by
        locked.save(update_fields=["status", "cancellation_reason", "updated_at"])
        list(PartyAllocation.objects.select_for_update().filter(workshop=locked).order_by("pk"))
        active = Enrollment.objects.select_for_update().filter(ACTIVE_ENROLLMENT, workshop=locked).order_by("pk")
        for enrollment in active:
            enrollment.status = EnrollmentStatus.CANCELLED
            enrollment.reason = reason
            _save(enrollment, by=by, why=f"atelier annulé : {reason}", update_fields=["status", "reason"])
            _notify(enrollment, "cancelled")
        Workshop.objects.filter(pk=locked.pk).update(seats_taken=0)
        PartyAllocation.objects.filter(workshop=locked).update(seats_taken=0)
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
    """Records that a published workshop (registration open or closed) took place, and issues the
    certificate of every participant whose presence meets its attendance rule, in one
    transaction. Returns False, changing nothing, for a draft, a cancelled or an already held
    workshop, and for one that has not started yet. Locks the workshop row."""
    now = now or timezone.now()
    with transaction.atomic():
        held = _move_status(
            workshop=workshop, by=by, allowed_from=[WorkshopStatus.PUBLISHED, WorkshopStatus.REGISTRATION_CLOSED],
            to=WorkshopStatus.HELD, ready=lambda locked: locked.starts_at <= now,
        )
        if held:
            certificates_issue(workshop=workshop)
    return held
# --- Enrollment ---------------------------------------------------------------------------------
#
# Locking, everywhere below: one transaction; the Workshop row first (select_for_update), then the
# PartyAllocation row(s). Every writer of allocations holds the workshop lock first, so two writers
# of the same workshop are serialised there and can never wait on each other's allocation rows in
# a cycle. Seat counters move with F() under those locks; the database's check constraints forbid
# an overbooking even for code that would forget them.


class EnrollmentRefused(WorkshopRefused):
    """A rule refused the change; `message` is the French sentence shown next to the form. Nothing
    was changed."""


class CheckinRefused(EnrollmentRefused):
    pass


def _workshop_for_update(workshop_or_pk):
    pk = getattr(workshop_or_pk, "pk", workshop_or_pk)
    workshops = Workshop.objects.all()
    if _locking_enabled():
        workshops = workshops.select_for_update()
    return workshops.get(pk=pk)


def _allocation_for_update(workshop, party):
    """The party's ledger line, created on demand with the workshop's quota. Caller holds the
    workshop lock, so creating it here cannot race with another creator."""
    quota = workshop.party_quota if workshop.party_quota is not None else workshop.capacity
    PartyAllocation.objects.get_or_create(workshop=workshop, party=party, defaults={"seats_allowed": quota})
    allocations = PartyAllocation.objects.all()
    if _locking_enabled():
        allocations = allocations.select_for_update()
    return allocations.get(workshop=workshop, party=party)


def _quota_used(allocation):
    if _locking_enabled():
        return allocation.seats_taken
    return Enrollment.objects.filter(
        workshop_id=allocation.workshop_id, party_id=allocation.party_id, status=EnrollmentStatus.CONFIRMED
    ).count()


def _move_seats(workshop, allocation, delta):
    """Takes (delta > 0) or frees (delta < 0) seats in the counters of the locked rows."""
    if not _locking_enabled() or not delta:
        return
    Workshop.objects.filter(pk=workshop.pk).update(seats_taken=F("seats_taken") + delta)
    workshop.seats_taken += delta
    if allocation is not None:
        PartyAllocation.objects.filter(pk=allocation.pk).update(seats_taken=F("seats_taken") + delta)
        allocation.seats_taken += delta
    public_pages_changed()  # the workshop page shows the seats left


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
        raise EnrollmentRefused(_("La date limite est passée : seul le personnel du ministère peut encore modifier les inscriptions."))


def _person_phone_of_user(user):
    # An account without a phone number still needs a key that no delegate can share.
    return str(user.phone) if user.phone else f"compte-{user.pk}"


def _refuse_if_enrolled(workshop, *, phones, users=(), delegates=()):
    clash = (
        Enrollment.objects.filter(ACTIVE_ENROLLMENT, workshop=workshop)
        .filter(Q(person_phone__in=phones) | Q(user__in=users) | Q(delegate__in=delegates))
        .select_related("user", "delegate").first()
    )
    if clash is not None:
        if clash.status == EnrollmentStatus.WAITING:
            raise EnrollmentRefused(_("Déjà inscrit : %(name)s est sur la liste d'attente.") % {"name": clash.person_name})
        raise EnrollmentRefused(_("Déjà inscrit : %(name)s a déjà une place dans cet atelier.") % {"name": clash.person_name})


def _save(enrollment, *, by, why, update_fields=None):
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
            raise EnrollmentRefused(_("Déjà inscrit : cette personne est déjà inscrite à cet atelier.")) from exc
        raise
    return enrollment


def _new_enrollment(workshop, *, user=None, delegate=None, status, by, why, reason=""):
    enrollment = Enrollment(
        workshop=workshop, user=user, delegate=delegate, party=delegate.party if delegate else None,
        person_phone=str(delegate.phone) if delegate else _person_phone_of_user(user),
        status=status, waiting_since=timezone.now() if status == EnrollmentStatus.WAITING else None,
        created_by=by, reason=reason,
    )
    return _save(enrollment, by=by, why=why)


def enroll_media_actor(*, workshop, user, by, join_waiting_list=False):
    """Enrolls a social-media actor (their own account) in a workshop, or puts them on its waiting
    list when it is full and `join_waiting_list` is set. Returns the Enrollment.

    Locks the workshop row. Raises EnrollmentRefused (nothing changed) when the workshop is not
    open, not for media actors, full (without the waiting list) or the person already enrolled.
    Queues the confirmation (with the .ics) or the waiting-list message after commit.
    """
    if not hasattr(user, "media_profile"):
        raise EnrollmentRefused(_("Seuls les acteurs des médias sociaux inscrits sur le portail peuvent s'inscrire eux-mêmes."))
    with transaction.atomic():
        locked = _workshop_for_update(workshop)
        _refuse_unless_open(locked)
        if not locked.welcomes_media():
            raise EnrollmentRefused(_("Cet atelier est réservé aux partis politiques."))
        _refuse_if_enrolled(locked, phones=[_person_phone_of_user(user)], users=[user])
        if seats_open(locked) > 0:
            enrollment = _new_enrollment(locked, user=user, status=EnrollmentStatus.CONFIRMED, by=by,
                                         why="inscription par l'acteur des médias sociaux")
            _move_seats(locked, None, 1)
            _notify(enrollment, "confirmed")
        elif join_waiting_list:
            enrollment = _new_enrollment(locked, user=user, status=EnrollmentStatus.WAITING, by=by,
                                         why="inscription sur la liste d'attente")
            _notify(enrollment, "waiting")
        else:
            raise EnrollmentRefused(_("Atelier complet."))
    return enrollment


def enroll_delegates(*, workshop, party, delegates, by, staff=False):
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
            raise EnrollmentRefused(_("Ce délégué n'appartient pas à votre parti : %(name)s.") % {"name": delegate.full_name})
    with transaction.atomic():
        locked = _workshop_for_update(workshop)
        if staff:
            _refuse_unless_running(locked)
        else:
            _refuse_unless_open(locked)
        if not locked.welcomes_parties():
            raise EnrollmentRefused(_("Cet atelier est réservé aux acteurs des médias sociaux."))
        allocation = _allocation_for_update(locked, party)
        _refuse_if_enrolled(locked, phones=[str(d.phone) for d in delegates], delegates=delegates)
        used, allowed = _quota_used(allocation), allocation.seats_allowed
        if used >= allowed:
            raise EnrollmentRefused(_("Quota du parti atteint (%(used)d/%(allowed)d).") % {"used": used, "allowed": allowed})
        if used + len(delegates) > allowed:
            raise EnrollmentRefused(
                _("Quota du parti dépassé : %(left)d place(s) restante(s) pour votre parti (%(used)d/%(allowed)d).")
                % {"left": allowed - used, "used": used, "allowed": allowed}
            )
        left = seats_open(locked, party=party)
        if left <= 0:
            raise EnrollmentRefused(_("Atelier complet."))
        if len(delegates) > left:
            raise EnrollmentRefused(_("Atelier complet : il ne reste que %(left)d place(s).") % {"left": left})
        why = "inscription par le personnel" if staff else "inscription par le parti"
        enrollments = [
            _new_enrollment(locked, delegate=d, status=EnrollmentStatus.CONFIRMED, by=by, why=why) for d in delegates
        ]
        _move_seats(locked, allocation, len(enrollments))
        for enrollment in enrollments:
            _notify(enrollment, "confirmed")
    return enrollments


def _lock_enrollment(enrollment):
    return Enrollment.objects.select_for_update(of=("self",)).select_related("user", "delegate__party").get(pk=enrollment.pk)


def _end(enrollment, *, status, by, reason, why, staff):
    """Withdraws or cancels an active enrollment under the workshop lock; frees its seat and
    promotes the waiting list. Returns the updated enrollment."""
    with transaction.atomic():
        locked_workshop = _workshop_for_update(enrollment.workshop_id)
        allocation = None
        if enrollment.party_id:
            allocation = _allocation_for_update(locked_workshop, enrollment.party)
        locked = _lock_enrollment(enrollment)
        if locked.status not in (EnrollmentStatus.CONFIRMED, EnrollmentStatus.WAITING):
            raise EnrollmentRefused(_("Cette inscription n'est plus active."))
        if not staff:
            _refuse_if_after_deadline(locked_workshop)
        had_seat = locked.status == EnrollmentStatus.CONFIRMED
        locked.status = status
        locked.reason = reason
        _save(locked, by=by, why=why, update_fields=["status", "reason"])
        if had_seat:
            _move_seats(locked_workshop, allocation, -1)
            promote_waiting(workshop=locked_workshop)
        _notify(locked, "withdrawn" if status == EnrollmentStatus.WITHDRAWN else "cancelled")
    enrollment.refresh_from_db()
    return enrollment


def withdraw(*, enrollment, by, reason=""):
    """The person (or their party's responsable) gives up a seat or a place on the waiting list
    before the deadline. Locks the workshop, then the allocation; promotes the first waiting
    person into the freed seat. After the deadline, only staff (staff_cancel) may."""
    return _end(enrollment, status=EnrollmentStatus.WITHDRAWN, by=by, reason=reason,
                why=f"retrait : {reason}" if reason else "retrait", staff=False)


def staff_cancel(*, enrollment, by, reason):
    """Staff cancel an enrollment at any time, saying why (kept on the enrollment and in its
    history). Same locks and promotion as withdraw()."""
    reason = (reason or "").strip()
    if not reason:
        raise EnrollmentRefused(_("Indiquez le motif de l'annulation."))
    return _end(enrollment, status=EnrollmentStatus.CANCELLED, by=by, reason=reason,
                why=f"annulation par le personnel : {reason}", staff=True)


def promote_waiting(*, workshop):
    """Gives every free seat to the waiting list, first come first served, and tells each promoted
    person. Takes the workshop lock (a no-op when the caller already holds it, as withdraw()
    does). Returns the promoted enrollments."""
    promoted = []
    with transaction.atomic():
        locked = _workshop_for_update(workshop)
        while seats_open(locked) > 0:
            waiting = (
                Enrollment.objects.select_for_update().filter(workshop=locked, status=EnrollmentStatus.WAITING)
                .order_by("waiting_since", "pk").first()
            )
            if waiting is None:
                break
            waiting.status = EnrollmentStatus.CONFIRMED
            _save(waiting, by=None, why="promotion automatique depuis la liste d'attente", update_fields=["status"])
            _move_seats(locked, None, 1)
            _notify(waiting, "promoted")
            promoted.append(waiting)
    if isinstance(workshop, Workshop) and promoted:
        workshop.seats_taken = locked.seats_taken
    return promoted


def substitute(*, enrollment, new_delegate, by, staff=False):
    """Replaces a confirmed delegate by another of the same party, keeping the seat: the old
    enrollment is withdrawn and a new one confirmed in the same transaction, counters unchanged.
    Locks the workshop, then the allocation. Before the deadline only, unless `staff`.
    Returns the new enrollment; tells both delegates and the party's responsables."""
    with transaction.atomic():
        locked_workshop = _workshop_for_update(enrollment.workshop_id)
        if enrollment.party_id is None:
            raise EnrollmentRefused(_("Seul un délégué de parti peut être remplacé."))
        _allocation_for_update(locked_workshop, enrollment.party)
        locked = _lock_enrollment(enrollment)
        if not staff:
            _refuse_if_after_deadline(locked_workshop)
        if locked.status != EnrollmentStatus.CONFIRMED:
            raise EnrollmentRefused(_("Cette inscription n'est plus active."))
        if new_delegate.party_id != locked.party_id or new_delegate.archived_at is not None:
            raise EnrollmentRefused(_("Ce délégué n'appartient pas à votre parti : %(name)s.") % {"name": new_delegate.full_name})
        _refuse_if_enrolled(locked_workshop, phones=[str(new_delegate.phone)], delegates=[new_delegate])
        locked.status = EnrollmentStatus.WITHDRAWN
        locked.reason = f"Remplacé(e) par {new_delegate.full_name}"
        _save(locked, by=by, why=f"remplacement par {new_delegate.full_name}", update_fields=["status", "reason"])
        replacement = _new_enrollment(
            locked_workshop, delegate=new_delegate, status=EnrollmentStatus.CONFIRMED, by=by,
            why=f"remplace {locked.delegate.full_name}",
        )
        _notify(locked, "withdrawn")
        _notify(replacement, "confirmed")
    enrollment.refresh_from_db()
    return replacement


def staff_enroll(*, workshop, by, reason, user=None, delegate=None):
    """Staff enroll a media actor (`user`) or a delegate at any time, saying why, into a published
    workshop (registration open or closed; never a draft, a cancelled or a held one). Capacity,
    quota and the one-seat-per-person rule still hold. Same locks as the self-service paths."""
    reason = (reason or "").strip()
    if not reason:
        raise EnrollmentRefused(_("Indiquez le motif de l'inscription."))
    if delegate is not None:
        [enrollment] = enroll_delegates(workshop=workshop, party=delegate.party, delegates=[delegate], by=by, staff=True)
    else:
        with transaction.atomic():
            locked = _workshop_for_update(workshop)
            _refuse_unless_running(locked)
            if not locked.welcomes_media():
                raise EnrollmentRefused(_("Cet atelier est réservé aux partis politiques."))
            _refuse_if_enrolled(locked, phones=[_person_phone_of_user(user)], users=[user])
            if seats_open(locked) <= 0:
                raise EnrollmentRefused(_("Atelier complet."))
            enrollment = _new_enrollment(locked, user=user, status=EnrollmentStatus.CONFIRMED, by=by,
                                         why=f"inscription par le personnel : {reason}", reason=reason)
            _move_seats(locked, None, 1)
            _notify(enrollment, "confirmed")
    if enrollment.reason != reason:
        enrollment.reason = reason
        _save(enrollment, by=by, why=f"motif : {reason}", update_fields=["reason"])
    return enrollment


def staff_move(*, enrollment, to_workshop, by, reason):
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
            _workshop_for_update(pk)
        moved = _lock_enrollment(enrollment)
        if moved.status != EnrollmentStatus.CONFIRMED:
            raise EnrollmentRefused(_("Seule une inscription confirmée peut être déplacée."))
        if moved.delegate_id:
            new = staff_enroll(workshop=to_workshop, delegate=moved.delegate, by=by, reason=reason)
        else:
            new = staff_enroll(workshop=to_workshop, user=moved.user, by=by, reason=reason)
        _end(moved, status=EnrollmentStatus.CANCELLED, by=by, reason=f"Déplacé(e) vers « {to_workshop.title} » : {reason}",
             why=f"déplacement vers {to_workshop.title} : {reason}", staff=True)
    enrollment.refresh_from_db()
    return new


def release_unused_seats(*, workshop, party, to, by):
    """After the deadline, gives a party's unused seats (allowed minus taken) to the waiting list
    or to the other parties of the workshop, and records the rule applied (SeatRelease).

    `to="waiting_list"`: the party's allowance shrinks to what it uses and the waiting list is
    promoted into the free seats. `to="parties"`: the seats are added one by one, in turn, to the
    allowances of the other parties enrolled in the workshop, in alphabetical order.
    Locks the workshop row, then the allocation rows. Returns the SeatRelease.
    """
    if to not in SeatReleaseTarget.values:
        raise EnrollmentRefused(_("Destination inconnue."))
    with transaction.atomic():
        locked = _workshop_for_update(workshop)
        if timezone.now() <= locked.registration_closes_at and locked.status == WorkshopStatus.PUBLISHED:
            raise EnrollmentRefused(_("Les places non utilisées ne peuvent être libérées qu'après la clôture des inscriptions."))
        allocation = _allocation_for_update(locked, party)
        unused = allocation.seats_allowed - allocation.seats_taken
        if unused <= 0:
            raise EnrollmentRefused(_("Ce parti n'a aucune place non utilisée."))
        if to == SeatReleaseTarget.PARTIES:
            others = list(
                PartyAllocation.objects.select_for_update().filter(workshop=locked).exclude(pk=allocation.pk)
                .select_related("party").order_by("party__name")
            )
            if not others:
                raise EnrollmentRefused(_("Aucun autre parti n'est inscrit à cet atelier."))
            gains = {other.pk: 0 for other in others}
            for n in range(unused):
                gains[others[n % len(others)].pk] += 1
            for other in others:
                if gains[other.pk]:
                    PartyAllocation.objects.filter(pk=other.pk).update(seats_allowed=F("seats_allowed") + gains[other.pk])
            shares = ", ".join(f"{o.party.acronym} +{gains[o.pk]}" for o in others if gains[o.pk])
            rule = (f"{unused} place(s) non utilisée(s) par {party.acronym} réparties une à une entre les autres partis "
                    f"inscrits, par ordre alphabétique : {shares}.")
        PartyAllocation.objects.filter(pk=allocation.pk).update(seats_allowed=F("seats_taken"))
        if to == SeatReleaseTarget.WAITING_LIST:
            promoted = promote_waiting(workshop=locked)
            rule = (f"{unused} place(s) non utilisée(s) par {party.acronym} rendue(s) à la liste d'attente ; "
                    f"{len(promoted)} personne(s) promue(s) dans l'ordre d'arrivée sur la liste.")
        public_pages_changed()  # the workshop page shows the seats the parties hold
        return SeatRelease.objects.create(workshop=locked, party=party, seats=unused, target=to, rule=rule, released_by=by)


# --- Attendance and certificates ----------------------------------------------------------------

CheckinResult = namedtuple("CheckinResult", ["enrollment", "attendance", "created", "expected"])


def check_in(*, workshop, token_or_code, day, by, method=None):
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
        enrollment = Enrollment.objects.filter(checkin_code=value.upper().replace("-", "").replace(" ", "")).first()
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
        result = check_in(workshop=enrollment.workshop, token_or_code=enrollment.checkin_code, day=day, by=by,
                          method=CheckinMethod.ADMIN)
        recorded += result.created
        if result.created:
            by_workshop.setdefault(enrollment.workshop_id, []).append(enrollment)
    for marked in by_workshop.values():
        certificates_issue(workshop=marked[0].workshop, enrollments=marked)
    return recorded


def certificates_issue(*, workshop, enrollments=None):
    """Issues the certificate of each confirmed participant of a held workshop (of `enrollments`
    only, when given) whose presence meets its attendance rule and who has none yet. Does
    nothing for a workshop not held. Safe to run twice or concurrently: the one-to-one on the
    enrollment keeps one certificate each (conflicts are skipped). Returns how many it wrote."""
    workshop = Workshop.objects.get(pk=workshop.pk)  # its state now, not a cached copy
    if workshop.status != WorkshopStatus.HELD:
        return 0
    candidates = Enrollment.objects.filter(
        workshop=workshop, status=EnrollmentStatus.CONFIRMED, certificate__isnull=True
    ).prefetch_related("attendances")
    if enrollments is not None:
        candidates = candidates.filter(pk__in=[e.pk for e in enrollments])
    earned = [
        Certificate(enrollment=enrollment) for enrollment in candidates
        if attendance_rule_problem(workshop=workshop, present={a.day for a in enrollment.attendances.all()}) is None
    ]
    Certificate.objects.bulk_create(earned, ignore_conflicts=True)
    return len(earned)


# --- Messages -----------------------------------------------------------------------------------

_MESSAGES = {
    # what: (kind, template, attach the calendar)
    "confirmed": ("enrollment-confirmed", "enrollment_confirmed", True),
    "waiting": ("enrollment-waiting", "enrollment_waiting", False),
    "promoted": ("waiting-promoted", "enrollment_promoted", True),
    "withdrawn": ("enrollment-withdrawn", "enrollment_withdrawn", False),
    "cancelled": ("enrollment-cancelled", "enrollment_withdrawn", False),
}


def _notify(enrollment, what):
    """Queues the message about this enrollment to the person, and a copy to the responsables of
    their party, each in their language. The workshop's facts and .ics come from the notifications'
    content helpers, as for invitations and reminders; plain values only (the outbox stores them)."""
    kind, template, with_calendar = _MESSAGES[what]
    workshop = Workshop.objects.select_related("venue__commune").get(pk=enrollment.workshop_id)
    own = {
        "what": what,
        "person_name": enrollment.person_name,
        "party_name": enrollment.party.name if enrollment.party_id else "",
        "checkin_code": enrollment.checkin_code,
        "reason": enrollment.reason,
        "for_official": False,
        "has_account": True,  # a delegate has none: their party hands them the convocation
    }

    def context(language, **extra):
        return {**workshop_message_context(workshop, language=language), **own, **extra}

    attachments = [workshop_ics_attachment(workshop)] if with_calendar else []
    key = f"{kind}:{enrollment.pk}"
    if enrollment.user_id:
        notification_queue(kind=kind, key=key, template=template, context=context(enrollment.user.language),
                           user=enrollment.user, attachments=attachments)
        return
    delegate = enrollment.delegate
    notification_queue(kind=kind, key=key, template=template, context=context(settings.LANGUAGE_CODE, has_account=False),
                       email=delegate.email, phone="" if delegate.email else str(delegate.phone), attachments=attachments)
    for official in party_responsables(party_id=enrollment.party_id):
        notification_queue(kind=kind, key=f"{key}:responsable:{official.user_id}", template=template,
                           context=context(official.user.language, for_official=True), user=official.user)


# --- Anonymisation (accounts and delegates deleted at the person's request) ---------------------


def enrollment_anonymise(*, enrollment, by, why="anonymisation à la demande de la personne"):
    """Erases the phone number copied on an enrollment (the key of its one-seat-per-person rule is
    replaced by a value unique to it) and in its past history rows. The enrollment, its status and
    its attendance stay: the ministry keeps who came, not who they were. Writes a history row
    saying who (`by`, None for the person themselves once their account is gone) and why; no
    lock (the seat counters do not move). Returns the enrollment."""
    Enrollment.history.filter(id=enrollment.pk).update(person_phone="")
    enrollment.person_phone = f"anonyme-{enrollment.pk}"
    return _save(enrollment, by=by, why=why, update_fields=["person_phone"])


# --- Quota ledger: staff change the seats a party may fill -------------------------------------


def allocation_set_allowed(*, allocation, seats_allowed, by):
    """Sets the seats a party may fill in a workshop. Locks the workshop row, then the ledger
    line (the enrollment services' order); never below the seats the party already fills (the
    ledger's check constraint refuses it too). Raises WorkshopRefused. Returns the line."""
    with transaction.atomic():
        _locked(allocation.workshop)
        locked = PartyAllocation.objects.select_for_update().get(pk=allocation.pk)
        if seats_allowed < locked.seats_taken:
            raise WorkshopRefused(
                _("Le parti occupe déjà %(taken)d places : son quota ne peut pas descendre en dessous.")
                % {"taken": locked.seats_taken}
            )
        locked.seats_allowed = seats_allowed
        locked.save(update_fields=["seats_allowed"])
    public_pages_changed()
    allocation.refresh_from_db()
    return allocation
