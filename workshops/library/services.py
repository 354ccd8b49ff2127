"""Writes and side effects of the communications library: download counters, the per-workshop
zip of files, removing files from the private storage, and what an import of communications
runs once its rows are in."""

import hashlib
import logging
import os
import tempfile
import zipfile
from pathlib import Path, PurePath

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils.text import slugify

from .models import Communication, CommunicationFile, private_storage

logger = logging.getLogger(__name__)

ZIP_FOLDER = "zips"


def communications_import_finish():
    """What every import of communications in bulk runs once its rows are written (the demo's,
    a generated library): the planner's statistics of the library's tables, read afresh.

    Without them the planner still believes the table as small as before the import and scans
    all of it for a search (after 100,000 rows: 60 ms instead of 25 for a frequent word), until
    autovacuum's ANALYZE comes, a minute later at best. ANALYZE reads a sample and takes no lock
    that blocks the site's reads or writes; it runs in the caller's transaction, if any. Nothing
    else is needed: the search index takes its entries as rows are written (no pending list,
    migration 0003), a row's first reader sets its hint bits at a cost measured as noise, and the
    workshop column's statistics are read from every row, so that no sample can mislead the
    planner into a merge join on it (migration 0005)."""
    if settings.DATABASE_IS_POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE library_communication, library_communication_speakers")


def communication_file_downloaded(*, communication_file):
    """Counts one download of a file and of its communication (two UPDATEs with F(), no lock, no
    record of who downloaded)."""
    CommunicationFile.objects.filter(pk=communication_file.pk).update(download_count=F("download_count") + 1)
    Communication.objects.filter(pk=communication_file.communication_id).update(
        download_count=F("download_count") + 1
    )


def communications_downloaded_together(*, communication_ids):
    """Counts one download for each communication of a zip (one UPDATE with F())."""
    Communication.objects.filter(pk__in=communication_ids).update(download_count=F("download_count") + 1)


def storage_file_delete_on_commit(*, name):
    """Removes a stored file once the transaction that stopped using it commits (a rolled-back
    deletion keeps its file). Missing files are ignored."""
    if not name:
        return

    def delete():
        try:
            private_storage().delete(name)
        except OSError:
            logger.warning("could not delete %s from the private storage", name, exc_info=True)

    transaction.on_commit(delete)


def workshop_zips_discard_on_commit(*, workshop_id):
    """Removes the cached zips of a workshop once the current transaction commits, so that a
    deleted file or a communication withdrawn from the public does not linger inside one."""

    def discard():
        folder = Path(private_storage().path(ZIP_FOLDER))
        for cached in folder.glob(f"{workshop_id}-*.zip"):
            cached.unlink(missing_ok=True)

    transaction.on_commit(discard)


def _zip_entry_names(files):
    """Entry names `<communication slug>/<original name>`, made unique."""
    used = set()
    for communication_file in files:
        original = PurePath(communication_file.original_name)
        stem = slugify(original.stem) or "fichier"
        base = f"{communication_file.communication.slug}/{stem}"
        name, n = f"{base}{original.suffix.lower()}", 1
        while name in used:
            n += 1
            name = f"{base}-{n}{original.suffix.lower()}"
        used.add(name)
        yield communication_file, name


def workshop_zip_build(*, workshop, level, files):
    """The path (inside the private storage) of a zip of `files`, built at most once for this
    exact set of files and contents: its name carries a hash of their ids and checksums, so a
    changed, added or removed file gives a new zip. Older zips of the same workshop and level are
    removed. The zip is written to a temporary file and renamed, so a concurrent request never
    reads half a zip. Returns None when there are no files."""
    storage = private_storage()
    # A row whose file is missing (a restore without the private media) is left out, not fatal.
    files = sorted((f for f in files if storage.exists(f.file.name)), key=lambda f: f.pk)
    if not files:
        return None
    digest = hashlib.sha256("|".join(f"{f.pk}:{f.sha256}" for f in files).encode()).hexdigest()[:24]
    prefix = f"{workshop.pk}-{level}-"
    relative = f"{ZIP_FOLDER}/{prefix}{digest}.zip"
    target = Path(storage.path(relative))
    if target.exists():
        return relative
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with (
            os.fdopen(handle, "wb") as raw,
            zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_STORED) as archive,
        ):
            # Stored, not deflated: PDFs, recordings and images are compressed already.
            for communication_file, name in _zip_entry_names(files):
                archive.write(storage.path(communication_file.file.name), arcname=name)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for stale in target.parent.glob(f"{prefix}*.zip"):
        if stale != target:
            stale.unlink(missing_ok=True)
    return relative


def zip_digest_of(relative):
    return PurePath(relative).stem.rsplit("-", 1)[-1]


def communication_file_add(*, communication, upload, kind="", label=""):
    """Adds a file to a communication after checking it like the admin does (type from content,
    size limit, zip caps); raises ValidationError with the French reason otherwise. The file is
    written to the private storage under a random name."""
    communication_file = CommunicationFile(communication=communication, file=upload, kind=kind, label=label)
    communication_file.full_clean(exclude=["communication"])
    communication_file.save()
    return communication_file
