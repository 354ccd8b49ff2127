"""What an uploaded communication file must be: its type read from its bytes, not its name.

The first bytes (and, for office documents, the zip central directory) decide the type; the name's
extension must agree with it. Office documents are zip archives: their central directory is read
and checked against entry-count, total-size and ratio caps before any entry is opened, so a zip
bomb is refused without being unpacked. Every refusal says why, in French.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import FileKind

HEAD_BYTES = 64


@dataclass(frozen=True)
class FileType:
    mime: str
    kinds: tuple  # the kinds this content may be filed under; the first is the default
    extensions: tuple
    label: str


PDF = FileType("application/pdf", (FileKind.DOCUMENT, FileKind.SLIDES), ("pdf",), "PDF")
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (FileKind.SLIDES,),
    ("pptx",),
    "PowerPoint (PPTX)",
)
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (FileKind.DOCUMENT,),
    ("docx",),
    "Word (DOCX)",
)
ODP = FileType(
    "application/vnd.oasis.opendocument.presentation",
    (FileKind.SLIDES,),
    ("odp",),
    gettext_lazy("OpenDocument présentation (ODP)"),
)
ODT = FileType(
    "application/vnd.oasis.opendocument.text",
    (FileKind.DOCUMENT,),
    ("odt",),
    gettext_lazy("OpenDocument texte (ODT)"),
)
MP3 = FileType("audio/mpeg", (FileKind.AUDIO,), ("mp3",), "MP3")
OGG = FileType("audio/ogg", (FileKind.AUDIO,), ("ogg", "oga", "opus"), "Ogg")
M4A = FileType("audio/mp4", (FileKind.AUDIO,), ("m4a", "m4b", "mp4"), "M4A")
MP4 = FileType("video/mp4", (FileKind.VIDEO,), ("mp4", "m4v"), "MP4")
PNG = FileType("image/png", (FileKind.IMAGE,), ("png",), "PNG")
JPEG = FileType("image/jpeg", (FileKind.IMAGE,), ("jpg", "jpeg"), "JPEG")
WEBP = FileType("image/webp", (FileKind.IMAGE,), ("webp",), "WebP")

ACCEPTED = (PDF, PPTX, DOCX, ODP, ODT, MP3, OGG, M4A, MP4, PNG, JPEG, WEBP)
MIME_LABELS = {file_type.mime: file_type.label for file_type in ACCEPTED}
OPEN_DOCUMENT = {ODP.mime: ODP, ODT.mime: ODT}
AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P "}

EXECUTABLE_SIGNATURES = (
    (b"\x7fELF", "ELF"),
    (b"MZ", "Windows (PE)"),
    (b"\xcf\xfa\xed\xfe", "Mach-O"),
    (b"\xfe\xed\xfa\xcf", "Mach-O"),
    (b"\xca\xfe\xba\xbe", "Mach-O"),
    (b"#!", "script"),
)


@dataclass(frozen=True)
class Inspection:
    file_type: FileType
    size: int
    sha256: str


def _refuse(message):
    raise ValidationError({"file": message})


def _is_mp3(head):
    if head.startswith(b"ID3"):
        return True
    # An MPEG audio frame header: 11 sync bits, a version that is not "reserved" (01) and a
    # layer that is not "reserved" (00, which is what AAC's ADTS headers carry).
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 0b11, (head[1] >> 1) & 0b11
    return version != 0b01 and layer != 0b00 and (head[2] >> 4) != 0b1111


def _check_zip_caps(archive):
    """Reads only the central directory (zipfile does not unpack on opening)."""
    entries = archive.infolist()
    if len(entries) > settings.LIBRARY_ZIP_MAX_ENTRIES:
        _refuse(
            _(
                "Ce document contient %(count)d éléments internes, au-delà des %(limit)d admis : il est refusé "
                "par prudence (archive piégée)."
            )
            % {"count": len(entries), "limit": settings.LIBRARY_ZIP_MAX_ENTRIES}
        )
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    if total > settings.LIBRARY_ZIP_MAX_UNCOMPRESSED_BYTES:
        _refuse(
            _(
                "Ce document se décompresserait en %(size)s, au-delà des %(limit)s admis : il est refusé "
                "(archive piégée)."
            )
            % {
                "size": filesizeformat(total),
                "limit": filesizeformat(settings.LIBRARY_ZIP_MAX_UNCOMPRESSED_BYTES),
            }
        )
    ratio = settings.LIBRARY_ZIP_MAX_RATIO
    if total > ratio * max(packed, 1) or any(
        entry.file_size > ratio * max(entry.compress_size, 1) and entry.file_size > 1024 * 1024
        for entry in entries
    ):
        _refuse(
            _(
                "Ce document se décompresserait en beaucoup plus qu'il ne pèse (plus de %(ratio)d fois) : "
                "il est refusé (archive piégée)."
            )
            % {"ratio": ratio}
        )
    return {entry.filename: entry for entry in entries}


def _zip_type(uploaded):
    uploaded.seek(0)
    try:
        archive = zipfile.ZipFile(uploaded)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        _refuse(_("Ce fichier se présente comme un document bureautique mais son contenu est illisible."))
    with archive:
        entries = _check_zip_caps(archive)
        if "[Content_Types].xml" in entries:
            if "ppt/presentation.xml" in entries:
                return PPTX
            if "word/document.xml" in entries:
                return DOCX
        mimetype = entries.get("mimetype")
        if mimetype is not None and mimetype.file_size <= 100:  # capped above; this one is tiny
            declared = archive.read(mimetype).decode("ascii", "replace").strip()
            if declared in OPEN_DOCUMENT:
                return OPEN_DOCUMENT[declared]
    _refuse(
        _(
            "Cette archive n'est ni une présentation (PPTX, ODP) ni un document (DOCX, ODT) : les archives "
            "ZIP ne sont pas acceptées."
        )
    )


def detect_type(uploaded):
    """The FileType the content of `uploaded` (a Django File) really is; ValidationError otherwise."""
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(0)
    for signature, name in EXECUTABLE_SIGNATURES:
        if head.startswith(signature):
            _refuse(
                _("Ce fichier est un programme exécutable (%(name)s), quel que soit son nom : il est refusé.")
                % {"name": name}
            )
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(uploaded)
    if head.startswith(b"OggS"):
        return OGG
    if head[4:8] == b"ftyp":
        return M4A if head[8:12] in AUDIO_BRANDS else MP4
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if _is_mp3(head):
        return MP3
    _refuse(
        _(
            "Le contenu de ce fichier ne correspond à aucun type accepté (PDF, PPTX, ODP, DOCX, ODT, MP3, OGG, "
            "M4A, MP4, PNG, JPEG, WebP)."
        )
    )


def _sha256(uploaded):
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def inspect_upload(uploaded, *, kind=""):
    """Checks an uploaded file and tells what it is. Raises ValidationError (on "file") when it is
    empty, of a type we do not accept, named as another type, too large for its kind, or an office
    document whose zip would unpack to far more than it weighs."""
    size = uploaded.size
    if not size:
        _refuse(_("Ce fichier est vide."))
    file_type = detect_type(uploaded)
    extension = PurePath(uploaded.name or "").suffix.lower().lstrip(".")
    if extension not in file_type.extensions:
        _refuse(
            _(
                "Le nom du fichier annonce « .%(extension)s » mais son contenu est du %(type)s : renommez-le "
                "avec l'extension .%(expected)s ou envoyez le bon fichier."
            )
            % {"extension": extension or "?", "type": file_type.label, "expected": file_type.extensions[0]}
        )
    kind = kind or file_type.kinds[0]
    if kind not in file_type.kinds:
        _refuse(
            _("Un fichier %(type)s ne peut pas être classé comme « %(kind)s ».")
            % {"type": file_type.label, "kind": FileKind(kind).label}
        )
    limit = settings.LIBRARY_MAX_UPLOAD_BYTES[kind]
    if size > limit:
        _refuse(
            _("Ce fichier pèse %(size)s ; la limite pour « %(kind)s » est de %(limit)s.")
            % {"size": filesizeformat(size), "kind": FileKind(kind).label, "limit": filesizeformat(limit)}
        )
    return Inspection(file_type=file_type, size=size, sha256=_sha256(uploaded))


def validate_communication_file(communication_file):
    """Model.clean() of CommunicationFile: inspects a newly uploaded file and records what it is."""
    upload = communication_file.file
    if not upload:
        _refuse(_("Choisissez un fichier."))
    if getattr(upload, "_committed", True):
        if communication_file.kind and communication_file.mime_type:
            file_type = next((t for t in ACCEPTED if t.mime == communication_file.mime_type), None)
            if file_type and communication_file.kind not in file_type.kinds:
                raise ValidationError({"kind": _("Ce type de fichier ne peut pas être classé ainsi.")})
        return  # already stored and inspected
    inspection = inspect_upload(upload, kind=communication_file.kind)
    communication_file.kind = communication_file.kind or inspection.file_type.kinds[0]
    communication_file.mime_type = inspection.file_type.mime
    communication_file.size = inspection.size
    communication_file.sha256 = inspection.sha256
    communication_file.original_name = PurePath(upload.name).name[:255]


def validate_communication(communication):
    """A communication's agenda session must belong to its workshop."""
    if (
        communication.session_id
        and communication.workshop_id
        and communication.session.workshop_id != communication.workshop_id
    ):
        raise ValidationError({"session": _("Cette séance appartient à un autre atelier.")})
