"""The one door through which the portal sends a message to a person (e-mail or SMS).

`notification_queue` writes an Outbox row in the caller's transaction (nothing is sent if that
transaction rolls back) and hands it to the workers after commit (`delivery_schedule`). `key`
names the message meant ("enrollment-confirmed:42"): a key already used is never queued again.
A caller holding a lock queues with `rendered_at_delivery=True`: the row keeps the template's
plain context and delivery renders it (outbox_render), so no template is rendered under the lock.
Delivery itself: delivery.py; what a message says: rendering.py; secret links: secrets.py.
"""

import json
import logging

from django.conf import settings
from django.db import transaction
from django.db.models.constants import OnConflict
from django.utils import timezone

from ..models import Outbox, OutboxAttachment, OutboxChannel, OutboxStatus
from ..selectors import outbox_rows_of
from .rendering import Rendered, channel_choose, message_context, message_render, phone_as_text
from .secrets import secret_fields

logger = logging.getLogger(__name__)


def broker_enqueue(outbox_ids, *, countdown=None):
    """Puts delivery tasks on the broker, in batches. A broker that cannot be reached is logged,
    not raised: the rows stay pending and the sweep enqueues them again."""
    from ..tasks import deliver, deliver_batch  # noqa: PLC0415 -- tasks.py imports these services: circular at load

    size = settings.NOTIFICATIONS_BATCH_SIZE
    ids = list(outbox_ids)
    try:
        for start in range(0, len(ids), size):
            chunk = ids[start : start + size]
            options = {"countdown": countdown} if countdown else {}
            retry_policy = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
            if len(chunk) == 1:
                deliver.apply_async((chunk[0],), retry_policy=retry_policy, **options)
            else:
                deliver_batch.apply_async((chunk,), retry_policy=retry_policy, **options)
    except Exception:  # noqa: BLE001 -- whatever the broker raised, the sweep recovers the rows
        logger.warning("could not enqueue %d outbox rows; the sweep will", len(ids), exc_info=True)


def delivery_schedule(outbox_ids, *, countdown=None):
    """Hands the rows over to the workers once the caller's transaction commits: the one step
    between queueing and delivery (tests that read Django's in-memory mailbox replace it with a
    delivery in their own process, tests/plugins/outbox.py)."""
    ids = list(outbox_ids)
    if not ids:
        return
    transaction.on_commit(lambda: broker_enqueue(ids, countdown=countdown), robust=True)


def _as_bytes(content):
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


def _outbox_insert(row, attachments):
    """Inserts `row` unless its key exists (INSERT … ON CONFLICT DO NOTHING: no savepoint, and the
    caller's transaction goes on; a concurrent insert of the same key waits for the other's commit,
    then yields). Returns True when this call created it."""
    fields = [f for f in Outbox._meta.local_concrete_fields if not f.primary_key]
    # The insert of Model.save() and bulk_create(), with the conflict clause and the id returned
    # (bulk_create returns no id when it ignores conflicts): nothing comes back for a key in use.
    [returned] = Outbox._base_manager._insert(
        [row], fields=fields, returning_fields=[Outbox._meta.pk], on_conflict=OnConflict.IGNORE
    )
    if returned is None:
        return False
    row.pk = returned[0]
    row._state.adding = False
    if attachments:
        OutboxAttachment.objects.bulk_create(
            [
                OutboxAttachment(outbox=row, filename=name, content=_as_bytes(content), mimetype=mimetype)
                for name, content, mimetype in attachments
            ]
        )
    return True


def _plain(context, key):
    """`context` as the row stores it (JSON): refused unless it comes back the same, so that what
    delivery renders is what the caller meant (no model instance, date or tuple)."""
    try:
        stored = json.loads(json.dumps(context))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"notification {key}: its context is not plain JSON ({exc})") from exc
    if stored != context:
        raise ValueError(f"notification {key}: its context does not survive JSON unchanged")
    return stored


def notification_queue(
    *,
    kind,
    key,
    template,
    context,
    user=None,
    email="",
    phone="",
    language=None,
    attachments=(),
    secret=None,
    offers_unsubscribe=False,
    rendered_at_delivery=False,
):
    """Queues one message to a person, sent once after commit.

    `user` (an account) or `email`/`phone` (a delegate without account) say who receives it;
    `attachments` is a sequence of (filename, bytes, mimetype), sent with e-mails only; `secret`
    (a SecretLink) when the context holds a secret_placeholder() instead of a secret link;
    `offers_unsubscribe` for a message the person may stop (its e-mail carries List-Unsubscribe). Side
    effects: one Outbox row (none if `key` was already used) in the caller's transaction, and a
    delivery task enqueued when that transaction commits. Returns True when this call queued the
    message, False when the key was already used or the person has neither e-mail nor phone.

    `rendered_at_delivery`: the caller holds a lock (an enrollment, its workshop's row), so the
    row keeps `context` (plain JSON values only, checked here) and delivery renders it, in the
    recipient's language, with the same message_context(). Never with a `secret`: its placeholder
    is checked when the message is rendered, here.
    """
    email = email or (user.email if user else "")
    phone = phone_as_text(phone or (user.phone if user else ""))
    language = language or (user.language if user else settings.LANGUAGE_CODE)
    channel = channel_choose(user=user, email=email, phone=phone)
    if channel is None:
        logger.warning("notification %s (%s) has neither e-mail nor phone; nothing queued", key, kind)
        return False
    if rendered_at_delivery:
        if secret is not None:
            raise ValueError(f"notification {key}: a message with a secret is rendered when queued")
        rendered, stored_context = Rendered(), _plain(context, key)
    else:
        context = message_context(context, user=user, email=email, phone=phone, language=language)
        rendered = message_render(template=template, context=context, language=language, channel=channel)
        stored_context = None
    row = Outbox(
        key=key,
        kind=kind,
        template=template,
        channel=channel,
        user=user,
        language=language,
        email=email if channel == OutboxChannel.EMAIL else "",
        phone=phone if channel == OutboxChannel.SMS else "",
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        sms_text=rendered.sms_text,
        enqueued_at=timezone.now(),
        offers_unsubscribe=offers_unsubscribe,
        context=stored_context,
        **secret_fields(secret, rendered),
    )
    if _outbox_insert(row, attachments if channel == OutboxChannel.EMAIL else ()):
        delivery_schedule([row.pk])
        return True
    return False


def outbox_queue_rendered(*, kind, key, subject, text, html="", email, user=None, language=None, secret=None):
    """Queues an e-mail whose content is already rendered (the account mails of allauth).
    Same side effects as notification_queue, `secret` too; always by e-mail."""
    subject = " ".join(subject.split())
    row = Outbox(
        key=key,
        kind=kind,
        template=kind,
        channel=OutboxChannel.EMAIL,
        user=user,
        email=email,
        language=language or (user.language if user else settings.LANGUAGE_CODE),
        subject=subject,
        text=text,
        html=html,
        enqueued_at=timezone.now(),
        **secret_fields(secret, Rendered(subject=subject, text=text, html=html)),
    )
    if _outbox_insert(row, ()):
        delivery_schedule([row.pk])


def outbox_bulk_queue(rows, *, attachments=()):
    """Inserts many prepared rows (campaigns), skipping keys already used, and enqueues the new
    ones in batches after commit. Returns the ids of the rows created by this call."""
    now = timezone.now()
    for row in rows:
        row.enqueued_at = now
    keys = [row.key for row in rows]
    existing = set()
    for start in range(0, len(keys), 5000):
        existing.update(
            Outbox.objects.filter(key__in=keys[start : start + 5000]).values_list("key", flat=True)
        )
    fresh = [row for row in rows if row.key not in existing]
    # ON CONFLICT DO NOTHING: a concurrent launch of the same campaign never duplicates a key.
    Outbox.objects.bulk_create(fresh, batch_size=1000, ignore_conflicts=True)
    created = []
    fresh_keys = [row.key for row in fresh]
    for start in range(0, len(fresh_keys), 5000):
        created.extend(
            Outbox.objects.filter(key__in=fresh_keys[start : start + 5000], enqueued_at=now).values_list(
                "pk", "channel"
            )
        )
    if attachments:
        OutboxAttachment.objects.bulk_create(
            [
                OutboxAttachment(outbox_id=pk, filename=name, content=_as_bytes(content), mimetype=mimetype)
                for pk, channel in created
                if channel == OutboxChannel.EMAIL
                for name, content, mimetype in attachments
            ],
            batch_size=1000,
        )
    ids = sorted(pk for pk, _ in created)
    delivery_schedule(ids)
    return ids


def outbox_retry(*, outbox_ids):
    """Puts failed rows (and pending ones) back in the queue now, attempts counted from zero.
    Sent rows are never touched, nor rows whose bodies were erased (a person forgotten, a secret
    link withdrawn from the journal): retrying them would send an empty message. A row still to
    be rendered at delivery (bodies empty, context kept) is retried. Returns the
    number of rows re-enqueued."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Outbox.objects.select_for_update()
            .filter(pk__in=outbox_ids, status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED])
            .exclude(text="", html="", sms_text="", context__isnull=True)
            .values_list("pk", flat=True)
        )
        Outbox.objects.filter(pk__in=ids, status=OutboxStatus.FAILED).update(
            attempts=0, failure_temporary=False
        )
        Outbox.objects.filter(pk__in=ids).update(
            status=OutboxStatus.PENDING, next_attempt_at=now, enqueued_at=now
        )
        delivery_schedule(ids)
    return len(ids)


def outbox_forget_person(*, user):
    """Erases what the journal holds about a person whose account is deleted: addresses, numbers,
    subjects, bodies, contexts not rendered yet and attachments. The rows stay as a count of what was sent (kind, dates,
    state); those not sent yet are marked failed and will never be. Run it in the deletion's
    transaction, before the account's own fields change. Returns the number of rows erased."""
    ids = list(outbox_rows_of(user=user).values_list("pk", flat=True))
    OutboxAttachment.objects.filter(outbox_id__in=ids).delete()
    Outbox.objects.filter(pk__in=ids).exclude(status=OutboxStatus.SENT).update(
        status=OutboxStatus.FAILED,
        last_error="Compte supprimé : message non envoyé.",
        failure_temporary=False,
    )
    # The check constraints want an address on every e-mail row and a number on every SMS row.
    Outbox.objects.filter(pk__in=ids, channel=OutboxChannel.EMAIL).update(
        email=f"efface-{user.pk}@anonyme.invalid"
    )
    Outbox.objects.filter(pk__in=ids, channel=OutboxChannel.SMS).update(phone="efface")
    return Outbox.objects.filter(pk__in=ids).update(
        subject="", text="", html="", sms_text="", context=None, provider_id="", user=None
    )
