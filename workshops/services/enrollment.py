"""Enrollment, taking a seat: a media actor or a party's delegates take seats, staff enroll somebody
at any time. Every service here takes the locks of seats.py (the workshop row, then the party's
ledger line) and tells the people concerned after commit (workshops/messaging/enrollment.py).
What happens to a seat afterwards is in enrollment_changes.py, with the same locks and rules."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..messaging.enrollment import enrollment_notify
from ..models import ACTIVE_ENROLLMENT, Enrollment, EnrollmentStatus, WorkshopStatus
from ..selectors import registration_problem, seats_open, workshop_not_running_reason
from . import seats
from .refusals import AlreadyEnrolled, EnrollmentRefused, PhoneAlreadyEnrolled


def _refuse_unless_running(workshop):
    """Even staff enroll only into a published workshop (registration open or closed)."""
    problem = workshop_not_running_reason(workshop)
    if problem:
        raise EnrollmentRefused(problem)


def _refuse_unless_open(workshop, now=None):
    problem = registration_problem(workshop, now)
    if problem:
        raise EnrollmentRefused(problem)


def refuse_if_after_deadline(workshop):
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


def refuse_if_enrolled(workshop, *, phones, users=(), delegates=()):
    clash = (
        Enrollment.objects.filter(ACTIVE_ENROLLMENT, workshop=workshop)
        .filter(Q(person_phone__in=phones) | Q(user__in=users) | Q(delegate__in=delegates))
        .select_related("user", "delegate")
        .first()
    )
    if clash is not None:
        if clash.user not in users and clash.delegate not in delegates:
            # Someone else came with this number: say which number, not whose place it is.
            raise _phone_refused(clash.person_phone)
        if clash.status == EnrollmentStatus.WAITING:
            raise EnrollmentRefused(
                _("Déjà inscrit : %(name)s est sur la liste d'attente.") % {"name": clash.person_name}
            )
        raise EnrollmentRefused(
            _("Déjà inscrit : %(name)s a déjà une place dans cet atelier.") % {"name": clash.person_name}
        )


def _phone_refused(phone):
    return PhoneAlreadyEnrolled(
        _("Déjà inscrit : le numéro %(phone)s a déjà une place dans cet atelier (une place par personne).")
        % {"phone": phone},
        phone=phone,
    )


def enrollment_save(enrollment, *, by, why, update_fields=None):
    """Every write of an enrollment goes here, so that its history says who and why.

    A new enrollment of a person already enrolled (the database's once-per-person constraints)
    raises AlreadyEnrolled. No savepoint: the caller's transaction (every service opens one) is
    then aborted and rolls back as the refusal leaves it."""
    enrollment._history_user = by
    enrollment._change_reason = why
    if update_fields:
        enrollment.save(update_fields=[*update_fields, "updated_at"])
        return enrollment
    try:
        enrollment.save()
    except IntegrityError as exc:
        if "once_per_person" in str(exc):
            raise _phone_refused(enrollment.person_phone) from exc
        if "once_per" in str(exc):
            raise AlreadyEnrolled(
                _("Déjà inscrit : cette personne est déjà inscrite à cet atelier.")
            ) from exc
        raise
    return enrollment


def enrollment_new(workshop, *, user=None, delegate=None, status, by, why, reason=""):
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
    phones = [_person_phone_of_user(user)]
    try:
        with transaction.atomic():
            locked = seats.workshop_lock(workshop)
            _refuse_unless_open(locked)
            if not locked.welcomes_media():
                raise EnrollmentRefused(_("Cet atelier est réservé aux partis politiques."))
            # Whether the person is enrolled already, the database's once-per-person constraints
            # answer when the enrollment is inserted (AlreadyEnrolled): not asked twice under the lock.
            if seats_open(locked) > 0:
                enrollment = enrollment_new(
                    locked,
                    user=user,
                    status=EnrollmentStatus.CONFIRMED,
                    by=by,
                    why="inscription par l'acteur des médias sociaux",
                )
                seats.seats_move(locked, None, 1)
                enrollment_notify(enrollment=enrollment, what="confirmed", workshop=locked)
            elif join_waiting_list:
                enrollment = enrollment_new(
                    locked,
                    user=user,
                    status=EnrollmentStatus.WAITING,
                    by=by,
                    why="inscription sur la liste d'attente",
                )
                enrollment_notify(enrollment=enrollment, what="waiting", workshop=locked)
            else:
                refuse_if_enrolled(locked, phones=phones, users=[user])  # "Déjà inscrit" says more
                raise EnrollmentRefused(_("Atelier complet."))
    except AlreadyEnrolled:
        # Rolled back and the lock released: which seat or place the person holds, as the
        # refusal tells it.
        refuse_if_enrolled(workshop, phones=phones, users=[user])
        raise
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
        refuse_if_enrolled(locked, phones=[str(d.phone) for d in delegates], delegates=delegates)
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
            enrollment_new(locked, delegate=d, status=EnrollmentStatus.CONFIRMED, by=by, why=why)
            for d in delegates
        ]
        seats.seats_move(locked, allocation, len(enrollments))
        for enrollment in enrollments:
            enrollment_notify(enrollment=enrollment, what="confirmed", workshop=locked)
    return enrollments


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
            refuse_if_enrolled(locked, phones=[_person_phone_of_user(user)], users=[user])
            if seats_open(locked) <= 0:
                raise EnrollmentRefused(_("Atelier complet."))
            enrollment = enrollment_new(
                locked,
                user=user,
                status=EnrollmentStatus.CONFIRMED,
                by=by,
                why=f"inscription par le personnel : {reason}",
                reason=reason,
            )
            seats.seats_move(locked, None, 1)
            enrollment_notify(enrollment=enrollment, what="confirmed", workshop=locked)
    if enrollment.reason != reason:
        enrollment.reason = reason
        enrollment_save(enrollment, by=by, why=f"motif : {reason}", update_fields=["reason"])
    return enrollment
