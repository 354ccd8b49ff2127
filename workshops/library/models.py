"""The communications given at the workshops (talks, slides, recordings) and their files."""

import uuid
from pathlib import PurePath

from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workshops.models import WorkshopStatus


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Publique")
    PARTICIPANTS = "participants", _("Réservée aux participants")
    STAFF = "staff", _("Réservée au personnel")


class Language(models.TextChoices):
    FRENCH = "fr", _("Français")
    ENGLISH = "en", _("Anglais")
    FON = "fon", _("Fon")
    YORUBA = "yo", _("Yoruba")
    OTHER = "other", _("Autre")


class FileKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    SLIDES = "slides", _("Présentation")
    AUDIO = "audio", _("Enregistrement audio")
    VIDEO = "video", _("Vidéo")
    IMAGE = "image", _("Image")


def private_storage():
    """The storage outside MEDIA_ROOT that no web server serves directly (settings.STORAGES)."""
    return storages["library"]


def private_file_name(instance, filename):
    """An unguessable name; the visitor's name for the file is kept in `original_name`."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"communications/{uuid.uuid4().hex}{suffix}"


class CommunicationQuerySet(models.QuerySet):
    def listed(self):
        """What the public lists may show: communications of published workshops, never the
        staff-only ones (participants-only ones are listed, with a lock)."""
        return self.filter(workshop__status__in=_public_workshop_statuses()).exclude(
            visibility=Visibility.STAFF
        )

    def for_listing(self):
        return self.select_related("workshop__theme", "session").prefetch_related("speakers", "files")


def _public_workshop_statuses():
    return [status for status in WorkshopStatus.values if status != WorkshopStatus.DRAFT]


class Communication(models.Model):
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.PROTECT,
        related_name="communications",
        verbose_name=_("atelier"),
    )
    session = models.ForeignKey(
        "workshops.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communications",
        verbose_name=_("séance du programme"),
    )
    speakers = models.ManyToManyField(
        "workshops.Speaker", related_name="communications", verbose_name=_("intervenants")
    )
    title = models.CharField(_("titre"), max_length=400)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=200, unique=True)
    summary = models.TextField(_("résumé"), blank=True)
    date = models.DateField(_("date"))
    language = models.CharField(_("langue"), max_length=5, choices=Language.choices, default=Language.FRENCH)
    keywords = models.CharField(
        _("mots-clés"), max_length=400, blank=True, help_text=_("Séparés par des virgules.")
    )
    visibility = models.CharField(
        _("visibilité"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.PARTICIPANTS,
        help_text=_(
            "Publique : tout le monde. Participants : les inscrits confirmés de l'atelier, les "
            "responsables des partis qui y avaient des délégués, et le personnel."
        ),
    )
    # Counted with F() by the download view; nobody's identity is stored with it.
    download_count = models.PositiveIntegerField(_("téléchargements"), default=0, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = CommunicationQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("communication")
        verbose_name_plural = _("communications")
        indexes = [models.Index(fields=["workshop", "visibility"], name="library_comm_workshop_vis")]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="library_communication_visibility_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="library_communication_language_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:detail", kwargs={"slug": self.slug})

    def clean(self):
        from .validators import validate_communication  # noqa: PLC0415 -- validators.py imports these models

        validate_communication(self)

    @property
    def keyword_list(self):
        return [word.strip() for word in self.keywords.split(",") if word.strip()]


class CommunicationFile(models.Model):
    """One file of a communication. Stored under a random name in the private storage; its type
    and size come from its content, checked on upload (validators.inspect_upload)."""

    communication = models.ForeignKey(
        Communication, on_delete=models.CASCADE, related_name="files", verbose_name=_("communication")
    )
    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(
        _("fichier"), storage=private_storage, upload_to=private_file_name, max_length=200
    )
    kind = models.CharField(
        _("nature"),
        max_length=10,
        choices=FileKind.choices,
        blank=True,
        help_text=_(
            "Laissez vide : elle est déduite du contenu (un PDF peut être un document ou une présentation)."
        ),
    )
    mime_type = models.CharField(_("type"), max_length=120, editable=False)
    size = models.PositiveBigIntegerField(_("taille (octets)"), editable=False)
    original_name = models.CharField(_("nom d'origine"), max_length=255, editable=False)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, editable=False)
    label = models.CharField(
        _("libellé"), max_length=200, blank=True, help_text=_("Par exemple « Diaporama ».")
    )
    download_count = models.PositiveIntegerField(_("téléchargements"), default=0, editable=False)
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "created_at"]
        verbose_name = _("fichier")
        verbose_name_plural = _("fichiers")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FileKind.values), name="library_file_kind_valid"),
            models.CheckConstraint(condition=Q(size__gt=0), name="library_file_not_empty"),
        ]

    def __str__(self):
        return self.label or self.original_name

    def clean(self):
        from .validators import validate_communication_file  # noqa: PLC0415 -- validators.py imports these models

        validate_communication_file(self)

    def get_absolute_url(self):
        return reverse("library:file", kwargs={"public_id": self.public_id})

    @property
    def plays_inline(self):
        """Audio, video and images are played or shown in the page (Content-Disposition: inline)."""
        return self.kind in (FileKind.AUDIO, FileKind.VIDEO, FileKind.IMAGE)

    @property
    def extension(self):
        return PurePath(self.original_name).suffix.lstrip(".").upper()
