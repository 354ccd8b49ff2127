"""Writes and side effects of the relay kits: personal short links, counting their visits, posts
declared, share cards drawn once and kit archives."""

import logging
import os
import tempfile
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.ground.pagecache import public_pages_changed
from workshops.library.models import private_storage

from . import card, selectors
from .models import RelayClick, RelayLink, RelayPost
from .texts import relay_texts
from .validators import post_url_clean

logger = logging.getLogger(__name__)

CARD_FOLDER = "relay/cards"


def relay_links_ensure(*, actor, communications):
    """The actor's short link for each of `communications` ({communication id: RelayLink}),
    created the first time they are shown. Safe under concurrency (two tabs opened at once): the
    unique constraint keeps one link per actor and communication, and the loser's insert is
    skipped. Two queries."""
    ids = [communication.pk for communication in communications]
    if not ids:
        return {}
    RelayLink.objects.bulk_create(
        [RelayLink(actor=actor, communication_id=pk) for pk in ids], ignore_conflicts=True
    )
    return {
        link.communication_id: link
        for link in RelayLink.objects.filter(actor=actor, communication_id__in=ids)
    }


def relay_link_followed(*, link_id, day=None):
    """Counts one visit of the link on `day` (today, local time), in one statement: an INSERT …
    ON CONFLICT DO UPDATE SET count = count + 1, so that simultaneous visits never lose one (each
    increments the row under PostgreSQL's row lock; no read-modify-write in Python). A link
    deleted meanwhile (its actor's account removed) is counted nowhere. Nothing about the visitor
    is recorded.

    The statement's own transaction commits without waiting for the WAL to reach the disk
    (synchronous_commit off, for this transaction only): a visit is a statistic, and a database
    crash losing the last fraction of a second of them is a fair price for not paying a disk
    flush on every click."""
    day = day or timezone.localdate()
    clicks = connection.ops.quote_name(RelayClick._meta.db_table)  # our own tables' names, never input
    links = connection.ops.quote_name(RelayLink._meta.db_table)
    if connection.vendor != "postgresql":
        # SQLite (make run) has no set_config and serialises writers anyway: a plain upsert.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {clicks} (link_id, day, count) SELECT link.id, %s, 1 FROM {links} AS link "
                f"WHERE link.id = %s ON CONFLICT (link_id, day) DO UPDATE SET count = {clicks}.count + 1",
                [day, link_id],
            )
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)) "
            f"INSERT INTO {clicks} (link_id, day, count) SELECT link.id, %s, 1 FROM {links} AS link, relaxed "
            f"WHERE link.id = %s ON CONFLICT (link_id, day) DO UPDATE SET count = {clicks}.count + 1",
            [day, link_id],
        )


def relay_post_declare(*, link, url, platform):
    """Records that the link's actor published about its communication at `url` on `platform`
    (one of their accounts.Platform rows; its kind, name and audience are copied). The address is
    checked (validators.post_url_clean) and the same address may be declared once per kit:
    ValidationError otherwise, nothing saved. Changes the report's relay figures, so the cached
    public pages are dropped after commit."""
    if platform.profile.user_id != link.actor_id:
        raise ValidationError({"platform": _("Choisissez une de vos plateformes.")})
    url = post_url_clean(url, platform_kind=platform.kind, platform_handle=platform.handle)
    try:
        with transaction.atomic():  # a savepoint: the duplicate leaves the caller's transaction usable
            post = RelayPost.objects.create(
                link=link,
                url=url,
                platform_kind=platform.kind,
                platform_handle=platform.handle,
                audience_size=platform.audience_size,
            )
    except IntegrityError:
        raise ValidationError({"url": RelayPost._meta.constraints[0].violation_error_message}) from None
    public_pages_changed()
    return post


def _card_facts(communication):
    return card.card_facts(communication, list(communication.speakers.order_by("name")))


def relay_card_get(*, communication):
    """(name inside the private storage, digest, content type) of the communication's share
    card, drawn the first time this version of it is asked for and kept: its name carries the
    digest of what it shows, so a changed title, speaker or workshop gives a new card and the old
    one is removed. Written to a temporary file and renamed, so a concurrent request never reads
    half a picture."""
    facts = _card_facts(communication)
    storage = private_storage()
    prefix = f"{communication.pk}-"
    for extension, content_type in (("png", "image/png"), ("jpg", "image/jpeg")):
        relative = f"{CARD_FOLDER}/{prefix}{facts.digest}.{extension}"
        if Path(storage.path(relative)).exists():
            return relative, facts.digest, content_type
    content = card.card_render(facts)
    extension, content_type = (
        ("png", "image/png") if content.startswith(b"\x89PNG") else ("jpg", "image/jpeg")
    )
    relative = f"{CARD_FOLDER}/{prefix}{facts.digest}.{extension}"
    target = Path(storage.path(relative))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for stale in target.parent.glob(f"{prefix}*"):
        if stale != target and not stale.name.endswith(".part"):
            stale.unlink(missing_ok=True)
    return relative, facts.digest, content_type


def relay_kit_contents(*, communication, link_url):
    """What a kit holds for one actor: the ready texts ending with their link, and the staff's
    additions (RelayKit or None)."""
    kit = selectors.relay_kit_of(communication)
    speakers = list(communication.speakers.order_by("name").values_list("name", flat=True))
    return relay_texts(communication=communication, speakers=speakers, link=link_url, kit=kit), kit


def relay_kit_archive(*, communication, link_url):
    """A temporary file (deleted when closed) holding the kit as a zip: the share card, the ready
    texts with the actor's link, and the audio extract when there is one. Stored, not deflated:
    the picture and the audio are compressed already."""
    texts, kit = relay_kit_contents(communication=communication, link_url=link_url)
    card_name, _digest, _type = relay_card_get(communication=communication)
    storage = private_storage()
    archive_file = tempfile.TemporaryFile()  # noqa: SIM115 -- handed to the response, which closes it
    stem = slugify(communication.title)[:60] or "communication"
    with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.write(storage.path(card_name), arcname=f"{stem}-carte{Path(card_name).suffix}")
        lines = []
        for block in texts:
            for text in block.texts:
                lines += [f"== {text.label} ({block.label}) ==", text.text, ""]
        archive.writestr(f"{stem}-textes.txt", "\n".join(lines))
        if kit and kit.audio and storage.exists(kit.audio.name):
            archive.write(
                storage.path(kit.audio.name), arcname=f"{stem}-extrait{Path(kit.audio.name).suffix}"
            )
    archive_file.seek(0)
    return archive_file
