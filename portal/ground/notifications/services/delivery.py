"""Delivery of what the outbox queued: due rows are claimed, sent (SMTP through Django's mail
backends, SMS through portal.ground.notifications.sms) and each outcome is recorded as soon as it
is known; the sweep re-enqueues what a crash, a lost broker message or a back-off left behind."""

import datetime
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpEmailBackend
from django.core.mail.message import sanitize_address
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import Outbox, OutboxChannel, OutboxStatus
from ..sms import SmsMessage, get_sms_backend
from .preferences import reminders_stop_url
from .queueing import broker_enqueue
from .rendering import message_context, message_render
from .secrets import delivered_parts


@dataclass
class Outcome:
    ok: bool
    temporary: bool = False
    error: str = ""
    provider_id: str = ""


def _retry_delay(attempts):
    """Exponential back-off: base, 2×base, 4×base… capped."""
    base = settings.NOTIFICATIONS_RETRY_BASE
    return min(base * (2 ** max(attempts - 1, 0)), settings.NOTIFICATIONS_RETRY_MAX_DELAY)


def _outbox_claim(outbox_ids, *, now):
    """Moves the due rows among `outbox_ids` from pending to sending, under row locks that skip
    rows another worker holds. Returns the claimed rows."""
    tolerance = datetime.timedelta(seconds=1)
    with transaction.atomic():
        ids = list(
            Outbox.objects.select_for_update(skip_locked=True)
            .filter(pk__in=outbox_ids, status=OutboxStatus.PENDING, next_attempt_at__lte=now + tolerance)
            .values_list("pk", flat=True)
        )
        Outbox.objects.filter(pk__in=ids).update(
            status=OutboxStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now
        )
    return list(
        Outbox.objects.filter(pk__in=ids)
        .order_by("pk")
        .select_related("user")
        .prefetch_related("attachments")
    )


def outbox_render(*, row):
    """Renders a row queued with its context (notification_queue(rendered_at_delivery=True)) and
    writes its bodies, so that the journal shows what was sent: the same parts, in the same
    language, with the same message_context() as a message rendered when queued. A no-op for a row
    rendered already. Returns the row."""
    if row.context is None:
        return row
    context = message_context(
        row.context, user=row.user, email=row.email, phone=row.phone, language=row.language
    )
    rendered = message_render(
        template=row.template, context=context, language=row.language, channel=row.channel
    )
    bodies = {
        "subject": rendered.subject,
        "text": rendered.text,
        "html": rendered.html,
        "sms_text": rendered.sms_text,
    }
    Outbox.objects.filter(pk=row.pk, context__isnull=False).update(context=None, **bodies)
    for name, value in bodies.items():
        setattr(row, name, value)
    row.context = None
    return row


def _outbox_record(row, outcome, retries):
    """Writes the outcome of one send at once (autocommit), so that a crash after an accepted
    send loses at most this one record. A sent message with a secret link loses its bodies: only
    placeholders were stored, but what it said is nobody's business once it is delivered."""
    now = timezone.now()
    mine = Outbox.objects.filter(pk=row.pk, status=OutboxStatus.SENDING)
    if outcome.ok:
        erased = {"text": "", "html": "", "sms_text": ""} if row.carries_secret else {}
        mine.update(
            status=OutboxStatus.SENT,
            sent_at=now,
            last_error="",
            provider_id=outcome.provider_id[:120],
            **erased,
        )
    elif outcome.temporary and row.attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS:
        delay = _retry_delay(row.attempts)
        by_celery = delay <= settings.NOTIFICATIONS_RETRY_COUNTDOWN_MAX
        mine.update(
            status=OutboxStatus.PENDING,
            last_error=outcome.error[:2000],
            next_attempt_at=now + datetime.timedelta(seconds=delay),
            # A short back-off rides on a Celery countdown; a long one waits for the sweep, so no
            # ETA hours ahead sits in the broker past its visibility timeout.
            enqueued_at=now + datetime.timedelta(seconds=delay) if by_celery else None,
        )
        if by_celery:
            retries.setdefault(delay, []).append(row.pk)
    else:
        mine.update(
            status=OutboxStatus.FAILED, last_error=outcome.error[:2000], failure_temporary=outcome.temporary
        )


def email_message_build(row, connection):
    """The e-mail of an outbox row (rendered and its secrets made now, when not done already), with
    its HTML part, attachments and unsubscribe header."""
    parts = getattr(row, "parts", None) or delivered_parts(outbox_render(row=row))
    message = EmailMultiAlternatives(
        subject=parts.subject, body=parts.text, to=[row.email], connection=connection
    )
    if parts.html:
        message.attach_alternative(parts.html, "text/html")
    for attachment in row.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    if row.offers_unsubscribe:
        message.extra_headers["List-Unsubscribe"] = (
            f"<{reminders_stop_url(user=row.user, address=row.email, language=row.language)}>"
        )
    return message


def _smtp_outcome_of(exc):
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, answer = next(iter(exc.recipients.values()))
        text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)
        return Outcome(ok=False, temporary=400 <= code < 500, error=f"{code} {text}")
    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return Outcome(ok=False, temporary=400 <= exc.smtp_code < 500, error=f"{exc.smtp_code} {text}")
    return Outcome(ok=False, temporary=True, error=f"{type(exc).__name__}: {exc}")


def _send_emails(rows, record):
    """Sends each row over one connection. With SMTP it talks to the connection itself, because
    Django's send_messages ignores the recipients a server refused inside an accepted send."""
    connection = get_connection()
    if not isinstance(connection, SmtpEmailBackend):
        for row in rows:
            try:
                sent = connection.send_messages([email_message_build(row, connection)])
                record(row, Outcome(ok=bool(sent), temporary=not sent, error="" if sent else "non envoyé"))
            except Exception as exc:  # noqa: BLE001 -- any backend failure is worth a retry
                record(row, Outcome(ok=False, temporary=True, error=f"{type(exc).__name__}: {exc}"))
        return
    opened = False
    try:
        for index, row in enumerate(rows):
            if not opened:
                try:
                    connection.open()
                    opened = True
                except (smtplib.SMTPException, OSError) as exc:
                    # The relay is unreachable: the rest of the batch would only wait for the
                    # same time-out, one by one, past the task's time limit.
                    outcome = _smtp_outcome_of(exc)
                    for waiting in rows[index:]:
                        record(waiting, outcome)
                    return
            message = email_message_build(row, connection)
            sender = sanitize_address(message.from_email, message.encoding or settings.DEFAULT_CHARSET)
            recipient = sanitize_address(row.email, message.encoding or settings.DEFAULT_CHARSET)
            try:
                refused = connection.connection.sendmail(
                    sender, [recipient], message.message().as_bytes(linesep="\r\n")
                )
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                record(row, _smtp_outcome_of(exc))
                connection.close()
                opened = False
                continue
            except smtplib.SMTPException as exc:
                record(row, _smtp_outcome_of(exc))
                continue
            if refused:
                record(row, _smtp_outcome_of(smtplib.SMTPRecipientsRefused(refused)))
            else:
                record(row, Outcome(ok=True))
    finally:
        if opened:
            connection.close()


def _send_sms(rows, record):
    backend = get_sms_backend()
    for row in rows:
        try:
            result = backend.send_messages([SmsMessage(to=row.phone, body=row.parts.sms_text)])[0]
            record(
                row,
                Outcome(
                    ok=result.ok,
                    temporary=result.temporary,
                    error=result.error,
                    provider_id=result.provider_id,
                ),
            )
        except Exception as exc:  # noqa: BLE001 -- a backend bug must not leave the row sending
            record(row, Outcome(ok=False, temporary=True, error=f"{type(exc).__name__}: {exc}"))


def outbox_deliver(*, outbox_ids):
    """Sends the due pending rows among `outbox_ids`; safe to run twice, or concurrently.

    Locks: claims rows with SELECT … FOR UPDATE SKIP LOCKED (pending → sending, attempts + 1), in
    its own short transaction; each outcome is then written on its own. Temporary failures go
    back to pending with an exponential back-off (re-enqueued with a countdown when short, by the
    sweep otherwise); permanent ones become failed with the server's answer. Returns the number
    of rows sent.
    """
    rows = _outbox_claim(outbox_ids, now=timezone.now())
    retries = {}
    sent = []

    def record(row, outcome):
        _outbox_record(row, outcome, retries)
        if outcome.ok:
            sent.append(row.pk)

    ready = []
    for row in rows:
        try:
            outbox_render(row=row)
        except Exception as exc:  # noqa: BLE001 -- a template or the database away: worth a retry
            record(
                row, Outcome(ok=False, temporary=True, error=f"{type(exc).__name__} (rédaction du message)")
            )
            continue
        try:
            row.parts = delivered_parts(row)
        except Exception as exc:  # noqa: BLE001 -- a renderer's failure (the database away) is worth a retry
            # The exception's name only: its text could quote what the renderer was making.
            record(row, Outcome(ok=False, temporary=True, error=f"{type(exc).__name__} (lien secret)"))
            continue
        if row.parts is None:
            record(
                row,
                Outcome(
                    ok=False,
                    error="Lien secret plus valable (utilisé, annulé ou expiré) : message non envoyé.",
                ),
            )
            continue
        ready.append(row)
    _send_emails([r for r in ready if r.channel == OutboxChannel.EMAIL], record)
    _send_sms([r for r in ready if r.channel == OutboxChannel.SMS], record)
    for delay, ids in retries.items():
        broker_enqueue(ids, countdown=delay)
    return len(sent)


def outbox_sweep(*, now=None):
    """Recovers what nobody is delivering: rows left sending longer than the lease (their worker
    died) go back to pending, and due pending rows whose task had time to run are enqueued again.
    Returns (released, enqueued)."""
    now = now or timezone.now()
    lease = datetime.timedelta(seconds=settings.NOTIFICATIONS_SENDING_LEASE)
    grace = datetime.timedelta(seconds=settings.NOTIFICATIONS_SWEEP_GRACE)
    released = Outbox.objects.filter(status=OutboxStatus.SENDING, claimed_at__lt=now - lease).update(
        status=OutboxStatus.PENDING, next_attempt_at=now, enqueued_at=None
    )
    due = list(
        Outbox.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - grace))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[: settings.NOTIFICATIONS_SWEEP_LIMIT]
    )
    Outbox.objects.filter(pk__in=due).update(enqueued_at=now)
    broker_enqueue(due)
    return released, len(due)
