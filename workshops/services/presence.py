"""The answer to the question asked a few days before a workshop (messaging/presence.py): by SMS
("1" confirms, "2" gives the seat up, anything else gets the question again, once a day) or from
the personal link of the e-mail. Giving up goes through enrollment_withdraw(): the seat goes to
the first waiting person, or back to the party's quota, each told by the usual messages."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.ground.notifications.models import OutboxChannel
from portal.ground.notifications.services import InboundHandled, channel_choose, phone_as_text

from ..messaging.presence import presence_reply_send
from ..models import Enrollment, EnrollmentStatus, WorkshopStatus
from . import seats
from .enrollment import enrollment_save
from .enrollment_changes import enrollment_withdraw
from .refusals import EnrollmentRefused

# What a reply may say, once lower-cased and stripped of spaces and final punctuation: the digit,
# or the word written out. Nothing else is guessed ("non" could mean "not yet").
CONFIRM_WORDS = {"1", "un"}
RELEASE_WORDS = {"2", "deux"}


def presence_choice(text):
    """ "confirm", "release" or None for the text of a reply (" 2 ", "2.", "Deux" give up the seat)."""
    word = (text or "").strip().strip(".,;:!?").strip().casefold()
    if word in CONFIRM_WORDS:
        return "confirm"
    if word in RELEASE_WORDS:
        return "release"
    return None


def _refuse_if_started(enrollment):
    if enrollment.workshop.starts_at <= timezone.now():
        raise EnrollmentRefused(_("L'atelier a commencé : votre réponse ne peut plus être prise en compte."))


def presence_confirm(*, enrollment, by=None, how="SMS"):
    """The person says they will come. Locks the enrollment; a second answer changes nothing.
    Returns the enrollment."""
    _refuse_if_started(enrollment)
    with transaction.atomic():
        locked = seats.enrollment_lock(enrollment)
        if locked.status != EnrollmentStatus.CONFIRMED:
            raise EnrollmentRefused(_("Cette inscription n'est plus active."))
        if locked.presence_confirmed_at is None:
            locked.presence_confirmed_at = timezone.now()
            enrollment_save(
                locked, by=by, why=f"présence confirmée ({how})", update_fields=["presence_confirmed_at"]
            )
    enrollment.refresh_from_db()
    return enrollment


def presence_release(*, enrollment, by=None, how="SMS"):
    """The person gives their seat up in answer to the question, even after the registration
    deadline, until the workshop starts: enrollment_withdraw() (its locks, the promotion of the
    waiting list, its messages), and the answer is noted. Returns the enrollment."""
    _refuse_if_started(enrollment)
    with transaction.atomic():
        enrollment_withdraw(
            enrollment=enrollment,
            by=by,
            reason=f"Place libérée en réponse à la demande de confirmation ({how})",
            answering_presence_check=True,
        )
        Enrollment.objects.filter(pk=enrollment.pk).update(presence_released_at=timezone.now())
    enrollment.refresh_from_db()
    return enrollment


def upcoming_enrollments_of_phone(*, phone):
    """The confirmed enrollments of whoever holds `phone` (E.164) in workshops not started yet,
    the nearest first."""
    return (
        Enrollment.objects.filter(
            Q(person_phone=phone) | Q(delegate__phone=phone) | Q(user__phone=phone),
            status=EnrollmentStatus.CONFIRMED,
            workshop__status__in=[WorkshopStatus.PUBLISHED, WorkshopStatus.REGISTRATION_CLOSED],
            workshop__starts_at__gt=timezone.now(),
        )
        .select_related("workshop__venue__commune", "user", "delegate", "party")
        .order_by("workshop__starts_at", "pk")
        .distinct()
    )


def _withdrawal_notice_by_sms_to(enrollment, phone):
    """Whether the usual "inscription retirée" message already goes by SMS to `phone` (then a
    second SMS saying the same would be one too many)."""
    if enrollment.user_id:
        user = enrollment.user
        channel = channel_choose(user=user, email=user.email, phone=phone_as_text(user.phone))
        return channel == OutboxChannel.SMS and phone_as_text(user.phone) == phone
    delegate = enrollment.delegate
    return not delegate.email and phone_as_text(delegate.phone) == phone


def presence_sms_reply(*, phone, text):
    """Reads a reply sent from `phone` (the outbox's inbound handler, registered in apps.py) and acts
    on the nearest upcoming workshop of that number, saying so when there are others. A number with
    no upcoming seat is ignored (its text is not kept). Returns an InboundHandled."""
    enrollments = list(upcoming_enrollments_of_phone(phone=phone)[:20])
    if not enrollments:
        return InboundHandled("unknown", known=False)
    nearest, others = enrollments[0], len(enrollments) - 1
    choice = presence_choice(text)
    try:
        if choice == "confirm":
            presence_confirm(enrollment=nearest)
            presence_reply_send(enrollment=nearest, phone=phone, answer="confirmed", others=others)
            return InboundHandled("confirmed")
        if choice == "release":
            presence_release(enrollment=nearest)
            if others or not _withdrawal_notice_by_sms_to(nearest, phone):
                presence_reply_send(enrollment=nearest, phone=phone, answer="released", others=others)
            return InboundHandled("released")
    except EnrollmentRefused:
        return InboundHandled("refused")
    # One help message per enrollment and day, however many words arrive: no storm of SMS.
    today = timezone.localdate().isoformat()
    sent = presence_reply_send(
        enrollment=nearest, phone=phone, answer="help", others=others, key_suffix=f":{today}"
    )
    return InboundHandled("help" if sent else "help-already-sent")
