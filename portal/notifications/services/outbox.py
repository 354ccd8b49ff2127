"""The one door through which the portal sends a message to a person (e-mail or SMS), and the
delivery of what it queued.

`notification_queue` writes an Outbox row in the caller's transaction (nothing is sent if that
transaction rolls back) and enqueues its delivery after commit. `key` names the message meant
("enrollment-confirmed:42"): a key already used is never queued again. `outbox_deliver` claims
due rows, sends them (SMTP through Django's mail backends, SMS through
portal.notifications.sms) and records each outcome as soon as it is known; `outbox_sweep` re-enqueues
what a crash, a lost broker message or a back-off left behind.

Templates live in templates/notifications/<template>/: subject.txt, body.txt, optional body.html
and sms.txt (one SMS segment, 160 GSM characters, where possible).

A message with a secret link (a password reset, an invitation) is queued with `secret=SecretLink(…)`
and `secret_placeholder(name)` where the secret goes: the row keeps the placeholder, and the
renderer the domain registered makes the secret again at delivery. The outbox knows no domain:
it only asks a renderer, by name, for the values of the placeholders.
"""

import base64
import datetime
import logging
import re
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpEmailBackend
from django.core.mail.message import sanitize_address
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.html import escape

from ..models import Outbox, OutboxAttachment, OutboxChannel, OutboxStatus, ReminderOptOut
from ..sms import SmsMessage, get_sms_backend
from ..sms.segments import gsm7_fold

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.reminders-stop"


# --- Rendering ----------------------------------------------------------------------------------


def _render(template, name, context):
    """One part of a message. Only body.html is HTML: the subject, the plain-text body and the SMS
    are rendered without escaping, or a title like « L'éducation » would read "L&#x27;éducation"."""
    try:
        found = get_template(f"notifications/{template}/{name}")
    except TemplateDoesNotExist:
        return ""
    if name.endswith(".html"):
        return found.render(context).strip()
    return found.template.render(Context(context, autoescape=False)).strip()


def _absolute(path):
    return f"{settings.SITE_URL}{path}"


def space_url(language):
    """The address of the person's "Mon espace", in their language."""
    with translation.override(language):
        try:
            return _absolute(reverse("accounts:dashboard"))
        except NoReverseMatch:
            return _absolute("/espace/" if language == settings.LANGUAGE_CODE else f"/{language}/espace/")


def reminders_stop_url(*, user=None, address="", language=settings.LANGUAGE_CODE):
    """A signed link that stops reminders for an account, or for an address without account."""
    value = f"u{user.pk}" if user else f"a{address}"
    token = f"{value}:{_token_signature(value)}"
    with translation.override(language):
        return _absolute(reverse("notifications:reminders_stop", kwargs={"token": token}))


@dataclass
class Rendered:
    subject: str = ""
    text: str = ""
    html: str = ""
    sms_text: str = ""


def _render_parts(template, context, language, channel):
    with translation.override(language):
        if channel == OutboxChannel.SMS:
            sms = _render(template, "sms.txt", context) or " ".join(_render(template, "subject.txt", context).split())
            return Rendered(sms_text=gsm7_fold(" ".join(sms.split())))
        subject = " ".join(_render(template, "subject.txt", context).split())
        text = _render(template, "body.txt", context)
        # A message without an HTML template of its own is still sent as HTML and plain text:
        # its text, escaped once, with its links made clickable, in the portal's mail layout.
        html = _render(template, "body.html", context) or render_to_string(
            "notifications/includes/text_body.html", {"subject": subject, "text": text, "LANGUAGE_CODE": language}
        ).strip()
        return Rendered(subject=subject, text=text, html=html)


def _phone_text(phone):
    if not phone:
        return ""
    return getattr(phone, "as_e164", None) or str(phone)


def _channel_for(*, user, email, phone):
    """Who has only a phone gets SMS; who has both gets what they chose in their profile."""
    if email and phone:
        return user.preferred_channel if user else OutboxChannel.EMAIL
    if email:
        return OutboxChannel.EMAIL
    if phone:
        return OutboxChannel.SMS
    return None


def _message_context(context, *, user, email, phone, language):
    address = email or phone
    return {
        **context,
        "site_url": settings.SITE_URL,
        "recipient": user,
        "recipient_name": context.get("recipient_name") or (user.get_full_name() if user else ""),
        "space_url": space_url(language),
        "unsubscribe_url": reminders_stop_url(user=user, address=address, language=language),
    }


# --- Secret links -------------------------------------------------------------------------------

# Lower-case letters and underscores only: a placeholder goes through URL reversing, HTML escaping
# and urlize unchanged, so it is found again at delivery wherever the template put it.
_PLACEHOLDER = re.compile(r"__secret_([a-z]+)__")
_SECRET_RENDERERS = {}


@dataclass(frozen=True)
class SecretLink:
    """A message's secret, as the row stores it: the name of a registered renderer and what it
    needs to make the secret again (an id, never the secret itself)."""

    renderer: str
    ref: str | int


def secret_placeholder(name):
    """What a message holds where its secret `name` (lower-case letters) goes until delivery."""
    if not (name.isascii() and name.isalpha() and name.islower()):
        raise ValueError(f"secret name {name!r}: lower-case letters only")
    return f"__secret_{name}__"


def outbox_secret_renderer_register(*, name, renderer):
    """Registers `renderer(ref)` for the messages queued with SecretLink(renderer=name, ref=…). It
    returns {placeholder name: value} for the message about to leave, or None when the secret no
    longer exists (a link used, revoked or expired): that message is then not sent. Domains
    register theirs in their AppConfig.ready, so every worker knows them."""
    _SECRET_RENDERERS[name] = renderer


def _secret_fields(secret, rendered):
    """The row's fields for `secret`. A secret without a placeholder in the message means the domain
    rendered the link itself: refused, or the journal would show it."""
    if secret is None:
        return {}
    if secret.renderer not in _SECRET_RENDERERS:
        raise ValueError(f"no secret renderer registered as {secret.renderer!r}")
    if not any(_PLACEHOLDER.search(part) for part in (rendered.subject, rendered.text, rendered.html, rendered.sms_text)):
        raise ValueError(f"a message carrying a secret ({secret.renderer}) shows no secret_placeholder()")
    return {"carries_secret": True, "secret_renderer": secret.renderer, "secret_ref": str(secret.ref)}


def _delivered_parts(row):
    """What is sent for `row`: its stored parts, with its secrets made now, in memory only (the row
    is never saved with them: outcomes are written with update() on named fields). None when the
    renderer says the secret no longer exists."""
    parts = Rendered(subject=row.subject, text=row.text, html=row.html, sms_text=row.sms_text)
    if not row.carries_secret:
        return parts
    renderer = _SECRET_RENDERERS.get(row.secret_renderer)
    values = renderer(row.secret_ref) if renderer else None
    wanted = {name for part in vars(parts).values() for name in _PLACEHOLDER.findall(part)}
    if values is None or not wanted <= values.keys():
        return None

    def fill(content, html=False):
        return _PLACEHOLDER.sub(lambda match: escape(values[match[1]]) if html else values[match[1]], content)

    return Rendered(subject=fill(parts.subject), text=fill(parts.text), html=fill(parts.html, html=True),
                    sms_text=fill(parts.sms_text))


# --- Queueing -----------------------------------------------------------------------------------


def _enqueue(outbox_ids, *, countdown=None):
    """Puts delivery tasks on the broker, in batches. A broker that cannot be reached is logged,
    not raised: the rows stay pending and the sweep enqueues them again."""
    from ..tasks import deliver, deliver_batch

    size = settings.NOTIFICATIONS_BATCH_SIZE
    ids = list(outbox_ids)
    try:
        for start in range(0, len(ids), size):
            chunk = ids[start:start + size]
            options = {"countdown": countdown} if countdown else {}
            retry_policy = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
            if len(chunk) == 1:
                deliver.apply_async((chunk[0],), retry_policy=retry_policy, **options)
            else:
                deliver_batch.apply_async((chunk,), retry_policy=retry_policy, **options)
    except Exception:  # noqa: BLE001 -- whatever the broker raised, the sweep recovers the rows
        logger.warning("could not enqueue %d outbox rows; the sweep will", len(ids), exc_info=True)


def _deliver_in_process():
    """Tests only: True delivers right after commit in this process (the smtp_server fixture),
    False always hands over to a worker; None (the default) delivers here only with Django's
    in-memory mail backend, whose mailbox no worker process can reach."""
    choice = settings.NOTIFICATIONS_DELIVER_IN_PROCESS
    if choice is None:
        return settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    return choice


def _enqueue_on_commit(outbox_ids, *, countdown=None):
    ids = list(outbox_ids)
    if not ids:
        return
    if _deliver_in_process():
        transaction.on_commit(lambda: outbox_deliver(outbox_ids=ids))
        return
    transaction.on_commit(lambda: _enqueue(ids, countdown=countdown), robust=True)


def _as_bytes(content):
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


def _outbox_insert(row, attachments):
    """Inserts `row` unless its key exists (inside a savepoint, so the caller's transaction goes
    on). Returns True when this call created it."""
    try:
        with transaction.atomic():
            row.save(force_insert=True)
            OutboxAttachment.objects.bulk_create(
                [OutboxAttachment(outbox=row, filename=name, content=_as_bytes(content), mimetype=mimetype)
                 for name, content, mimetype in attachments]
            )
    except IntegrityError:
        if Outbox.objects.filter(key=row.key).exists():
            return False
        raise
    return True


def notification_queue(*, kind, key, template, context, user=None, email="", phone="", language=None,
                       attachments=(), secret=None):
    """Queues one message to a person, sent once after commit.

    `user` (an account) or `email`/`phone` (a delegate without account) say who receives it;
    `attachments` is a sequence of (filename, bytes, mimetype), sent with e-mails only; `secret`
    (a SecretLink) when the context holds a secret_placeholder() instead of a secret link. Side
    effects: one Outbox row (none if `key` was already used) in the caller's transaction, and a
    delivery task enqueued when that transaction commits. Returns True when this call queued the
    message, False when the key was already used or the person has neither e-mail nor phone.
    """
    email = email or (user.email if user else "")
    phone = _phone_text(phone or (user.phone if user else ""))
    language = language or (user.language if user else settings.LANGUAGE_CODE)
    channel = _channel_for(user=user, email=email, phone=phone)
    if channel is None:
        logger.warning("notification %s (%s) has neither e-mail nor phone; nothing queued", key, kind)
        return False
    context = _message_context(context, user=user, email=email, phone=phone, language=language)
    rendered = _render_parts(template, context, language, channel)
    row = Outbox(
        key=key, kind=kind, template=template, channel=channel, user=user, language=language,
        email=email if channel == OutboxChannel.EMAIL else "",
        phone=phone if channel == OutboxChannel.SMS else "",
        subject=rendered.subject, text=rendered.text, html=rendered.html, sms_text=rendered.sms_text,
        enqueued_at=timezone.now(), **_secret_fields(secret, rendered),
    )
    if _outbox_insert(row, attachments if channel == OutboxChannel.EMAIL else ()):
        _enqueue_on_commit([row.pk])
        return True
    return False


def outbox_queue_rendered(*, kind, key, subject, text, html="", email, user=None, language=None, secret=None):
    """Queues an e-mail whose content is already rendered (the account mails of allauth).
    Same side effects as notification_queue, `secret` too; always by e-mail."""
    subject = " ".join(subject.split())
    row = Outbox(
        key=key, kind=kind, template=kind, channel=OutboxChannel.EMAIL, user=user, email=email,
        language=language or (user.language if user else settings.LANGUAGE_CODE),
        subject=subject, text=text, html=html, enqueued_at=timezone.now(),
        **_secret_fields(secret, Rendered(subject=subject, text=text, html=html)),
    )
    if _outbox_insert(row, ()):
        _enqueue_on_commit([row.pk])


def outbox_bulk_queue(rows, *, attachments=()):
    """Inserts many prepared rows (campaigns), skipping keys already used, and enqueues the new
    ones in batches after commit. Returns the ids of the rows created by this call."""
    now = timezone.now()
    for row in rows:
        row.enqueued_at = now
    keys = [row.key for row in rows]
    existing = set()
    for start in range(0, len(keys), 5000):
        existing.update(Outbox.objects.filter(key__in=keys[start:start + 5000]).values_list("key", flat=True))
    fresh = [row for row in rows if row.key not in existing]
    # ON CONFLICT DO NOTHING: a concurrent launch of the same campaign never duplicates a key.
    Outbox.objects.bulk_create(fresh, batch_size=1000, ignore_conflicts=True)
    created = []
    fresh_keys = [row.key for row in fresh]
    for start in range(0, len(fresh_keys), 5000):
        created.extend(
            Outbox.objects.filter(key__in=fresh_keys[start:start + 5000], enqueued_at=now)
            .values_list("pk", "channel")
        )
    if attachments:
        OutboxAttachment.objects.bulk_create(
            [OutboxAttachment(outbox_id=pk, filename=name, content=_as_bytes(content), mimetype=mimetype)
             for pk, channel in created if channel == OutboxChannel.EMAIL
             for name, content, mimetype in attachments],
            batch_size=1000,
        )
    ids = sorted(pk for pk, _ in created)
    _enqueue_on_commit(ids)
    return ids


# --- Delivery -----------------------------------------------------------------------------------


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
    return list(Outbox.objects.filter(pk__in=ids).order_by("pk").prefetch_related("attachments"))


def _outbox_record(row, outcome, retries):
    """Writes the outcome of one send at once (autocommit), so that a crash after an accepted
    send loses at most this one record. A sent message with a secret link loses its bodies: only
    placeholders were stored, but what it said is nobody's business once it is delivered."""
    now = timezone.now()
    mine = Outbox.objects.filter(pk=row.pk, status=OutboxStatus.SENDING)
    if outcome.ok:
        erased = {"text": "", "html": "", "sms_text": ""} if row.carries_secret else {}
        mine.update(status=OutboxStatus.SENT, sent_at=now, last_error="", provider_id=outcome.provider_id[:120], **erased)
    elif outcome.temporary and row.attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS:
        delay = _retry_delay(row.attempts)
        by_celery = delay <= settings.NOTIFICATIONS_RETRY_COUNTDOWN_MAX
        mine.update(
            status=OutboxStatus.PENDING, last_error=outcome.error[:2000],
            next_attempt_at=now + datetime.timedelta(seconds=delay),
            # A short back-off rides on a Celery countdown; a long one waits for the sweep, so no
            # ETA hours ahead sits in the broker past its visibility timeout.
            enqueued_at=now + datetime.timedelta(seconds=delay) if by_celery else None,
        )
        if by_celery:
            retries.setdefault(delay, []).append(row.pk)
    else:
        mine.update(status=OutboxStatus.FAILED, last_error=outcome.error[:2000], failure_temporary=outcome.temporary)


def _email_message(row, connection):
    parts = row.parts
    message = EmailMultiAlternatives(subject=parts.subject, body=parts.text, to=[row.email], connection=connection)
    if parts.html:
        message.attach_alternative(parts.html, "text/html")
    for attachment in row.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    if row.kind.startswith("reminder"):
        message.extra_headers["List-Unsubscribe"] = f"<{reminders_stop_url(user=row.user, address=row.email, language=row.language)}>"
    return message


def _smtp_outcome_of(exc):
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, answer = next(iter(exc.recipients.values()))
        text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)
        return Outcome(ok=False, temporary=400 <= code < 500, error=f"{code} {text}")
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return Outcome(ok=False, temporary=400 <= exc.smtp_code < 500, error=f"{exc.smtp_code} {text}")
    return Outcome(ok=False, temporary=True, error=f"{type(exc).__name__}: {exc}")


def _send_emails(rows, record):
    """Sends each row over one connection. With SMTP it talks to the connection itself, because
    Django's send_messages ignores the recipients a server refused inside an accepted send."""
    connection = get_connection()
    if not isinstance(connection, SmtpEmailBackend):
        for row in rows:
            try:
                sent = connection.send_messages([_email_message(row, connection)])
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
            message = _email_message(row, connection)
            sender = sanitize_address(message.from_email, message.encoding or settings.DEFAULT_CHARSET)
            recipient = sanitize_address(row.email, message.encoding or settings.DEFAULT_CHARSET)
            try:
                refused = connection.connection.sendmail(sender, [recipient], message.message().as_bytes(linesep="\r\n"))
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
            record(row, Outcome(ok=result.ok, temporary=result.temporary, error=result.error,
                                provider_id=result.provider_id))
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
            row.parts = _delivered_parts(row)
        except Exception as exc:  # noqa: BLE001 -- a renderer's failure (the database away) is worth a retry
            # The exception's name only: its text could quote what the renderer was making.
            record(row, Outcome(ok=False, temporary=True, error=f"{type(exc).__name__} (lien secret)"))
            continue
        if row.parts is None:
            record(row, Outcome(ok=False, error="Lien secret plus valable (utilisé, annulé ou expiré) : message non envoyé."))
            continue
        ready.append(row)
    _send_emails([r for r in ready if r.channel == OutboxChannel.EMAIL], record)
    _send_sms([r for r in ready if r.channel == OutboxChannel.SMS], record)
    for delay, ids in retries.items():
        _enqueue(ids, countdown=delay)
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
        .order_by("next_attempt_at").values_list("pk", flat=True)[: settings.NOTIFICATIONS_SWEEP_LIMIT]
    )
    Outbox.objects.filter(pk__in=due).update(enqueued_at=now)
    _enqueue(due)
    return released, len(due)


def outbox_retry(*, outbox_ids):
    """Puts failed rows (and pending ones) back in the queue now, attempts counted from zero.
    Sent rows are never touched, nor rows whose bodies were erased (a person forgotten, a secret
    link withdrawn from the journal): retrying them would send an empty message. Returns the
    number of rows re-enqueued."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Outbox.objects.select_for_update()
            .filter(pk__in=outbox_ids, status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED])
            .exclude(text="", html="", sms_text="")
            .values_list("pk", flat=True)
        )
        Outbox.objects.filter(pk__in=ids, status=OutboxStatus.FAILED).update(attempts=0, failure_temporary=False)
        Outbox.objects.filter(pk__in=ids).update(status=OutboxStatus.PENDING, next_attempt_at=now, enqueued_at=now)
        _enqueue_on_commit(ids)
    return len(ids)


# --- Erasure ----------------------------------------------------------------------------------


def outbox_forget_person(*, user):
    """Erases what the journal holds about a person whose account is deleted: addresses, numbers,
    subjects, bodies and attachments. The rows stay as a count of what was sent (kind, dates,
    state); those not sent yet are marked failed and will never be. Run it in the deletion's
    transaction, before the account's own fields change. Returns the number of rows erased."""
    from ..selectors import outbox_rows_of

    ids = list(outbox_rows_of(user=user).values_list("pk", flat=True))
    OutboxAttachment.objects.filter(outbox_id__in=ids).delete()
    Outbox.objects.filter(pk__in=ids).exclude(status=OutboxStatus.SENT).update(
        status=OutboxStatus.FAILED, last_error="Compte supprimé : message non envoyé.", failure_temporary=False,
    )
    # The check constraints want an address on every e-mail row and a number on every SMS row.
    Outbox.objects.filter(pk__in=ids, channel=OutboxChannel.EMAIL).update(email=f"efface-{user.pk}@anonyme.invalid")
    Outbox.objects.filter(pk__in=ids, channel=OutboxChannel.SMS).update(phone="efface")
    return Outbox.objects.filter(pk__in=ids).update(subject="", text="", html="", sms_text="", provider_id="", user=None)


# --- Reminder preferences -----------------------------------------------------------------------


def reminders_wanted(*, user=None, addresses=()):
    if user is not None:
        return user.reminders_enabled
    wanted = [str(a).strip().lower() for a in addresses if a]
    return not ReminderOptOut.objects.filter(address__in=wanted).exists()


def reminders_stop_token_valid(*, token):
    return _token_value(token) is not None


def _token_signature(value):
    # 96 bits of HMAC, not Django's 256-bit signature: the link must fit in one SMS with its text,
    # and guessing 2**96 values to stop someone's reminders is out of reach.
    digest = salted_hmac(UNSUBSCRIBE_SALT, value, algorithm="sha256").digest()[:12]
    return base64.urlsafe_b64encode(digest).decode()


def _token_value(token):
    value, _, signature = token.rpartition(":")
    if not constant_time_compare(signature, _token_signature(value)):
        return None
    return value if len(value) > 1 and value[0] in "ua" else None


def reminders_stop(*, token):
    """Stops reminders for the account or address a signed link names. Invitations and other
    messages still reach them. Returns what was stopped (a user or an address), or None for a bad
    token."""
    from accounts.models import User

    value = _token_value(token)
    if value is None:
        return None
    if value[0] == "u":
        user = User.objects.filter(pk=int(value[1:]) if value[1:].isdigit() else 0).first()
        if user is None:
            return None
        User.objects.filter(pk=user.pk).update(reminders_enabled=False)
        return user
    address = value[1:].strip().lower()
    ReminderOptOut.objects.get_or_create(address=address)
    return address
