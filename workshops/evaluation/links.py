"""The links that open a questionnaire without signing in.

A participant's link carries a token signed under SECRET_KEY (django.core.signing) naming their
enrollment and the phase, and the time it was made: nothing is stored, the server checks the
signature, and a link older than ANSWER_LINK_VALIDITY is refused. Messages hold a placeholder;
the token is made when the message leaves (answer_secret_parts), so the message journal never
holds it, and no staff page shows it.

The room's QR code names a workshop and a phase (signed too, so that nobody walks through the
workshops by number); whoever scans it types their check-in code to reach their own link.
"""

import datetime

from django.core import signing
from django.urls import reverse

from workshops.models import Enrollment, EnrollmentStatus

from .models import Phase

ANSWER_SECRET = "evaluation.answer"
ANSWER_LINK_VALIDITY = datetime.timedelta(days=60)
_PHASE_CODES = {Phase.BEFORE: "a", Phase.AFTER: "p"}
_PHASES_BY_CODE = {code: phase for phase, code in _PHASE_CODES.items()}
# "." separates the parts: every character of a token is safe in a path and in an SMS.
_answer_signer = signing.TimestampSigner(salt="evaluation.answer-link", sep=".")
_room_signer = signing.Signer(salt="evaluation.room-link", sep=".")


class LinkRefused(Exception):
    """A link that does not open a questionnaire; `expired` tells an old link from a wrong one."""

    def __init__(self, *, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _value(pk, phase):
    return f"{pk}{_PHASE_CODES[Phase(phase)]}"


def _parse(value):
    pk, code = value[:-1], value[-1:]
    if not pk.isdigit() or code not in _PHASES_BY_CODE:
        raise LinkRefused
    return int(pk), _PHASES_BY_CODE[code]


def answer_token(*, enrollment_pk, phase):
    return _answer_signer.sign(_value(enrollment_pk, phase))


def answer_token_read(token):
    """(enrollment id, phase) of a participant's token; raises LinkRefused."""
    try:
        value = _answer_signer.unsign(token or "", max_age=ANSWER_LINK_VALIDITY)
    except signing.SignatureExpired:
        raise LinkRefused(expired=True) from None
    except signing.BadSignature:
        raise LinkRefused from None
    return _parse(value)


def answer_path(*, enrollment_pk, phase):
    return reverse(
        "evaluation:answer", kwargs={"token": answer_token(enrollment_pk=enrollment_pk, phase=phase)}
    )


def room_token(*, workshop_pk, phase):
    return _room_signer.sign(_value(workshop_pk, phase))


def room_token_read(token):
    """(workshop id, phase) of a room's token; raises LinkRefused."""
    try:
        return _parse(_room_signer.unsign(token or ""))
    except signing.BadSignature:
        raise LinkRefused from None


def answer_secret_parts(ref):
    """The token of a questionnaire message, made at delivery (ref "<enrollment id>:<phase>"); None
    once the enrollment is no longer confirmed or the person has already answered."""
    enrollment_pk, _sep, phase = str(ref).partition(":")
    if not enrollment_pk.isdigit() or phase not in Phase.values:
        return None
    enrollment = (
        Enrollment.objects.filter(pk=int(enrollment_pk), status=EnrollmentStatus.CONFIRMED)
        .exclude(evaluation_responses__phase=phase)
        .first()
    )
    if enrollment is None:
        return None
    return {"token": answer_token(enrollment_pk=enrollment.pk, phase=phase)}
