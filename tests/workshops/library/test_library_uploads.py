"""Staff upload communication files: the type comes from the content, liars and bombs are refused,
and a file deleted or replaced leaves the storage."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from tests.factories import (
    PDF_BYTES,
    CommunicationFactory,
    CommunicationFileFactory,
    SpeakerFactory,
    WorkshopFactory,
)
from workshops.library.models import Communication, CommunicationFile
from workshops.library.services import communication_file_add

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library_storage")]


def _zip(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


PPTX = _zip([("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p:presentation/>")])
DOCX = _zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])
ODP = _zip(
    [("mimetype", "application/vnd.oasis.opendocument.presentation"), ("content.xml", "<office/>")],
    compression=zipfile.ZIP_STORED,
)
ACCEPTED = [
    ("expose.pdf", PDF_BYTES, "application/pdf", "document"),
    (
        "diapos.pptx",
        PPTX,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "slides",
    ),
    (
        "texte.docx",
        DOCX,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "document",
    ),
    ("diapos.odp", ODP, "application/vnd.oasis.opendocument.presentation", "slides"),
    ("voix.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(200), "audio/mpeg", "audio"),
    ("voix-sans-tag.mp3", b"\xff\xfb\x90\x64" + bytes(200), "audio/mpeg", "audio"),
    ("voix.ogg", b"OggS\x00\x02" + bytes(200), "audio/ogg", "audio"),
    ("voix.m4a", b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00" + bytes(200), "audio/mp4", "audio"),
    ("film.mp4", b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00" + bytes(200), "video/mp4", "video"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png", "image"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(100), "image/jpeg", "image"),
    ("photo.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(100), "image/webp", "image"),
]


@pytest.mark.parametrize(("name", "content", "mime", "kind"), ACCEPTED, ids=[case[0] for case in ACCEPTED])
def test_staff_upload_of_each_accepted_type_is_recognised_from_its_content(
    library_storage, name, content, mime, kind
):
    stored = communication_file_add(
        communication=CommunicationFactory(), upload=ContentFile(content, name=name)
    )
    stored.refresh_from_db()
    assert (stored.mime_type, stored.kind, stored.size, stored.original_name) == (
        mime,
        kind,
        len(content),
        name,
    )
    assert re.fullmatch(r"communications/[0-9a-f]{32}\.[a-z0-9]+", stored.file.name)
    assert (library_storage / stored.file.name).read_bytes() == content


def _refusal(content, name, **kwargs):
    with pytest.raises(ValidationError) as caught:
        communication_file_add(
            communication=CommunicationFactory(), upload=ContentFile(content, name=name), **kwargs
        )
    return " ".join(caught.value.message_dict["file"])


REFUSED = [
    ("programme-elf.pdf", b"\x7fELF\x02\x01\x01" + bytes(100), "programme exécutable (ELF)"),
    ("programme-windows.pdf", b"MZ\x90\x00" + bytes(100), "programme exécutable (Windows (PE))"),
    ("script.pdf", b"#!/bin/sh\nrm -rf /\n", "programme exécutable (script)"),
    ("vide.pdf", b"", "Ce fichier est vide."),
    ("expose.mp3", PDF_BYTES, "Le nom du fichier annonce « .mp3 » mais son contenu est du PDF"),
    ("page.pdf", b"<html><script>alert(1)</script></html>", "ne correspond à aucun type accepté"),
    ("archive.zip", _zip([("a.txt", "bonjour")]), "les archives ZIP ne sont pas acceptées"),
    ("casse.docx", b"PK\x03\x04" + bytes(50), "son contenu est illisible"),
]


@pytest.mark.parametrize(("name", "content", "reason"), REFUSED, ids=[case[0] for case in REFUSED])
def test_staff_upload_that_lies_or_is_empty_is_refused_with_the_reason(
    library_storage, name, content, reason
):
    assert reason in _refusal(content, name)
    assert CommunicationFile.objects.count() == 0
    assert not (library_storage / "communications").exists() or not any(
        (library_storage / "communications").iterdir()
    )


def test_staff_upload_of_a_zip_bomb_disguised_as_docx_is_refused_before_unpacking():
    bomb = _zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", bytes(50 * 1024 * 1024))])
    assert len(bomb) < 100 * 1024  # 50 MB of zeros weigh a few tens of kilobytes packed
    assert "beaucoup plus qu'il ne pèse (plus de 100 fois)" in _refusal(bomb, "rapport.docx")


def test_staff_upload_of_an_office_document_with_too_many_entries_is_refused(settings):
    settings.LIBRARY_ZIP_MAX_ENTRIES = 50
    crowded = _zip(
        [("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p/>")]
        + [(f"ppt/slides/slide{n}.xml", "<s/>") for n in range(60)]
    )
    assert "62 éléments internes, au-delà des 50 admis" in _refusal(crowded, "diapos.pptx")


def test_staff_upload_of_an_office_document_unpacking_beyond_the_cap_is_refused(settings):
    settings.LIBRARY_ZIP_MAX_UNCOMPRESSED_BYTES = 1000
    stored = _zip(
        [("[Content_Types].xml", "<Types/>"), ("word/document.xml", "x" * 2000)], zipfile.ZIP_STORED
    )
    assert "se décompresserait en 2,0\xa0Kio, au-delà des 1000\xa0octets admis" in _refusal(
        stored, "texte.docx"
    )


def test_staff_upload_too_large_for_its_kind_is_refused(settings):
    settings.LIBRARY_MAX_UPLOAD_BYTES = {**settings.LIBRARY_MAX_UPLOAD_BYTES, "document": 100}
    assert "la limite pour « Document » est de 100\xa0octets" in _refusal(PDF_BYTES, "expose.pdf")


def test_staff_cannot_file_a_pdf_as_a_recording():
    assert "Un fichier PDF ne peut pas être classé comme « Enregistrement audio »" in _refusal(
        PDF_BYTES, "expose.pdf", kind="audio"
    )


def _admin_form(workshop, speaker, upload):
    return {
        "workshop": workshop.pk,
        "title": "Médias sociaux : opportunités et risques",
        "slug": "medias-sociaux",
        "speakers": [speaker.pk],
        "summary": "",
        "date": "2022-07-22",
        "language": "fr",
        "keywords": "",
        "visibility": "participants",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "files-0-file": upload,
        "files-0-kind": "",
        "files-0-label": "Diaporama",
    }


def test_staff_uploads_slides_in_the_admin_and_they_are_stored_privately(staff_client, library_storage):
    workshop, speaker = WorkshopFactory(), SpeakerFactory()
    upload = SimpleUploadedFile("Diaporama Ologou.pdf", PDF_BYTES, content_type="application/octet-stream")
    response = staff_client.post(
        reverse("admin:library_communication_add"), _admin_form(workshop, speaker, upload)
    )
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    stored = CommunicationFile.objects.get()
    assert (stored.communication.title, stored.original_name, stored.mime_type, stored.kind, stored.size) == (
        "Médias sociaux : opportunités et risques",
        "Diaporama Ologou.pdf",
        "application/pdf",
        "document",
        len(PDF_BYTES),
    )
    assert list(stored.communication.speakers.all()) == [speaker]
    assert (library_storage / stored.file.name).read_bytes() == PDF_BYTES


def test_staff_upload_of_an_executable_renamed_pdf_in_the_admin_is_refused(staff_client, library_storage):
    workshop, speaker = WorkshopFactory(), SpeakerFactory()
    upload = SimpleUploadedFile(
        "diaporama.pdf", b"\x7fELF\x02\x01\x01\x00" + bytes(500), content_type="application/pdf"
    )
    response = staff_client.post(
        reverse("admin:library_communication_add"), _admin_form(workshop, speaker, upload)
    )
    assert response.status_code == 200
    assert (
        "Ce fichier est un programme exécutable (ELF), quel que soit son nom : il est refusé."
        in response.content.decode()
    )
    assert Communication.objects.count() == 0
    assert CommunicationFile.objects.count() == 0
    assert not (library_storage / "communications").exists()


def test_deleting_a_file_removes_it_from_storage_after_commit(
    library_storage, django_capture_on_commit_callbacks
):
    stored = CommunicationFileFactory()
    path = library_storage / stored.file.name
    with django_capture_on_commit_callbacks(execute=True):
        stored.delete()
        assert path.exists()  # still there until the deletion commits
    assert not path.exists()


def test_deleting_a_communication_removes_its_files(library_storage, django_capture_on_commit_callbacks):
    stored = CommunicationFileFactory()
    path = library_storage / stored.file.name
    with django_capture_on_commit_callbacks(execute=True):
        stored.communication.delete()
    assert not path.exists()


def test_replacing_a_file_removes_the_old_one_and_keeps_the_new(
    library_storage, django_capture_on_commit_callbacks
):
    stored = CommunicationFileFactory()
    old = library_storage / stored.file.name
    mp3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(300)
    with django_capture_on_commit_callbacks(execute=True):
        stored.file = ContentFile(mp3, name="enregistrement.mp3")
        stored.kind = ""
        stored.full_clean()
        stored.save()
    stored.refresh_from_db()
    assert not old.exists()
    assert (library_storage / stored.file.name).read_bytes() == mp3
    assert (stored.mime_type, stored.kind, stored.size, stored.original_name) == (
        "audio/mpeg",
        "audio",
        len(mp3),
        "enregistrement.mp3",
    )


def test_a_deletion_rolled_back_keeps_the_file(library_storage, django_capture_on_commit_callbacks):
    stored = CommunicationFileFactory()
    path, pk = library_storage / stored.file.name, stored.pk
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            stored.delete()
            raise RuntimeError("annulé")
    assert path.exists()
    assert CommunicationFile.objects.filter(pk=pk).exists()


def test_deleting_the_last_file_of_a_workshop_removes_its_cached_zip(
    client, library_storage, django_capture_on_commit_callbacks
):
    stored = CommunicationFileFactory()
    workshop = stored.communication.workshop
    assert client.get(reverse("library:workshop_zip", args=[workshop.slug])).status_code == 200
    assert len(list((library_storage / "zips").iterdir())) == 1
    with django_capture_on_commit_callbacks(execute=True):
        stored.delete()
    assert list((library_storage / "zips").iterdir()) == []
    assert client.get(reverse("library:workshop_zip", args=[workshop.slug])).status_code == 404
