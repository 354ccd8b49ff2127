"""The question asked a few days before a workshop (settings.PRESENCE_CHECK_DAYS): « Répondez 1
pour confirmer votre présence, 2 pour libérer votre place » by SMS, or a personal link by e-mail;
and the SMS that answer a reply. Planned by beat like the reminders; the answers themselves are
read by services/presence.py."""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from portal.ground.http import absolute_url
from portal.ground.notifications.models import OutboxChannel
from portal.ground.notifications.services import (
    SecretLink,
    channel_choose,
    notification_queue,
    phone_as_text,
    secret_placeholder,
)

from ..models import Enrollment, EnrollmentStatus, WorkshopStatus
from .content import workshop_message_context
from .selectors import workshops_starting_between

PRESENCE_SECRET = "workshops-presence"
_SALT = "workshops.presence"


def presence_token(enrollment_pk):
    """The token of an enrollment's presence link: signed, made again from the id at delivery
    (the journal keeps a placeholder). It stays valid until the workshop starts."""
    return signing.dumps(enrollment_pk, salt=_SALT)


def presence_token_enrollment(token):
    """The confirmed enrollment a presence link names, while its workshop has not started; or None."""
    try:
        pk = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return (
        Enrollment.objects.filter(
            pk=pk,
            status=EnrollmentStatus.CONFIRMED,
            workshop__status__in=[WorkshopStatus.PUBLISHED, WorkshopStatus.REGISTRATION_CLOSED],
            workshop__starts_at__gt=timezone.now(),
        )
        .select_related("workshop__venue__commune", "user", "delegate", "party")
        .first()
    )


def presence_secret_parts(ref):
    """The presence link of a message about to leave: None once it would not work (the seat given
    up, the workshop started), and the message is then not sent."""
    enrollment = presence_token_enrollment(presence_token(int(ref) if str(ref).isdigit() else 0))
    if enrollment is None:
        return None
    language = enrollment.user.language if enrollment.user_id else settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("workshops:presence", args=[presence_token(enrollment.pk)])
    return {"presence": absolute_url(path)}


def _recipient(enrollment):
    """(user, email, phone, language) of the person holding the seat, as the outbox wants them."""
    if enrollment.user_id:
        user = enrollment.user
        return user, user.email, phone_as_text(user.phone), user.language
    delegate = enrollment.delegate
    return None, delegate.email, phone_as_text(delegate.phone), settings.LANGUAGE_CODE


def _ask(enrollment, workshop):
    user, email, phone, language = _recipient(enrollment)
    context = {
        **workshop_message_context(workshop, language=language),
        "recipient_name": enrollment.person_name,
        "presence_url": secret_placeholder("presence"),
    }
    by_email = channel_choose(user=user, email=email, phone=phone) == OutboxChannel.EMAIL
    return notification_queue(
        kind="presence-check",
        key=f"presence-check:{enrollment.pk}",
        template="presence_check",
        context=context,
        user=user,
        email=email,
        phone=phone,
        language=language,
        secret=SecretLink(renderer=PRESENCE_SECRET, ref=enrollment.pk) if by_email else None,
    )


def presence_window(*, now):
    """The workshops asked now start in PRESENCE_CHECK_DAYS days, give or take the day before."""
    days = datetime.timedelta(days=settings.PRESENCE_CHECK_DAYS)
    return now + days - datetime.timedelta(days=1), now + days


def presence_checks_plan(*, now=None):
    """Asks every confirmed participant of the workshops starting in PRESENCE_CHECK_DAYS days who
    has not answered yet: by SMS (reply 1 or 2) or by e-mail (a personal link), as the person
    receives their messages. Keys ("presence-check:<enrollment>") make a second run queue nothing.
    One transaction per workshop. Returns the number of questions queued."""
    start, end = presence_window(now=now or timezone.now())
    queued = 0
    for workshop in workshops_starting_between(start=start, end=end):
        with transaction.atomic():
            enrollments = (
                Enrollment.objects.filter(
                    workshop=workshop, status=EnrollmentStatus.CONFIRMED, presence_confirmed_at__isnull=True
                )
                .select_related("user", "delegate")
                .order_by("pk")
            )
            for enrollment in enrollments:
                queued += _ask(enrollment, workshop)
    return queued


def presence_reply_send(*, enrollment, phone, answer, others=0, key_suffix=""):
    """The SMS that answers a reply from `phone` about `enrollment`: `answer` is "confirmed",
    "released" or "help"; `others` the number of the person's other upcoming workshops (the reply
    says which workshop it was about). Once per key. Returns True when queued."""
    workshop = enrollment.workshop
    language = enrollment.user.language if enrollment.user_id else settings.LANGUAGE_CODE
    context = {
        **workshop_message_context(workshop, language=language),
        "answer": answer,
        "others": others,
    }
    return notification_queue(
        kind=f"presence-{answer}",
        key=f"presence-{answer}:{enrollment.pk}{key_suffix}",
        template="presence_reply",
        context=context,
        phone=phone,
        language=language,
    )
