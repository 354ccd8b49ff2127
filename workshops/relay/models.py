"""Relay kits: what a social-media actor who took part in a workshop needs to carry its public
talks to their audience, a personal short link that counts the visits it brings, and the posts
they declare.

Nothing about the people who follow a short link is kept: a click adds one to the count of its
link for the day, and that is all (no address, no browser, no time of day).
"""

import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import PlatformKind
from workshops.library.models import private_storage

from .validators import validate_relay_kit

# 16 random bytes, 22 characters of the URL-safe base64 alphabet: 2^128 possible codes, so that
# nobody finds a live link by trying (converters.RelayCodeConverter accepts only this shape).
CODE_BYTES = 16
CODE_LENGTH = 22
CODE_PATTERN = r"[A-Za-z0-9_-]{22}"


def new_relay_code():
    return secrets.token_urlsafe(CODE_BYTES)


def extract_file_name(instance, filename):
    """An unguessable name in the private storage; the uploaded name is kept in `audio_name`."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"relay/extracts/{uuid.uuid4().hex}{suffix}"


class RelayKit(models.Model):
    """What staff add to a communication's relay kit. The share card and the ready texts in
    French are made from the communication itself; staff may add a short audio extract and the
    ready text in the talk's own language (Fon, Yoruba…). Only a public communication has a kit:
    for any other these additions are kept but never shown."""

    communication = models.OneToOneField(
        "library.Communication",
        on_delete=models.CASCADE,
        related_name="relay_kit",
        verbose_name=_("communication"),
    )
    local_text = models.TextField(
        _("texte prêt à partager dans la langue de la communication"),
        blank=True,
        help_text=_("Facultatif. Le lien personnel de chaque acteur est ajouté à la fin."),
    )
    audio = models.FileField(
        _("extrait audio"),
        storage=private_storage,
        upload_to=extract_file_name,
        max_length=200,
        blank=True,
        help_text=_("Facultatif : un court extrait (MP3, OGG ou M4A) que les acteurs peuvent partager."),
    )
    audio_mime_type = models.CharField(_("type de l'extrait"), max_length=120, blank=True, editable=False)
    audio_size = models.PositiveBigIntegerField(
        _("taille de l'extrait (octets)"), null=True, blank=True, editable=False
    )
    audio_sha256 = models.CharField(_("empreinte de l'extrait"), max_length=64, blank=True, editable=False)
    audio_name = models.CharField(_("nom d'origine de l'extrait"), max_length=255, blank=True, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("kit de relais")
        verbose_name_plural = _("kits de relais")

    def __str__(self):
        return str(self.communication)

    def clean(self):
        validate_relay_kit(self)


class RelayLink(models.Model):
    """The personal short link (/r/<code>) of one social-media actor for one communication."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="relay_links",
        verbose_name=_("acteur des médias sociaux"),
    )
    communication = models.ForeignKey(
        "library.Communication",
        on_delete=models.CASCADE,
        related_name="relay_links",
        verbose_name=_("communication"),
    )
    code = models.CharField(
        _("code"), max_length=CODE_LENGTH, unique=True, default=new_relay_code, editable=False
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("lien de relais")
        verbose_name_plural = _("liens de relais")
        constraints = [
            models.UniqueConstraint(fields=["actor", "communication"], name="relay_link_once_per_actor"),
        ]

    def __str__(self):
        return f"{self.actor} — {self.communication}"

    def get_absolute_url(self):
        return reverse("relay_links:follow", kwargs={"code": self.code})


class RelayClick(models.Model):
    """How many visits a short link brought on one day (local time). Incremented in the database
    by one atomic upsert per visit (services.relay_link_followed)."""

    link = models.ForeignKey(
        RelayLink, on_delete=models.CASCADE, related_name="clicks", verbose_name=_("lien")
    )
    day = models.DateField(_("jour"))
    count = models.PositiveIntegerField(_("visites"), default=0)

    class Meta:
        ordering = ["day"]
        verbose_name = _("visites d'un jour")
        verbose_name_plural = _("visites par jour")
        constraints = [
            models.UniqueConstraint(fields=["link", "day"], name="relay_click_once_per_day"),
        ]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} : {self.count}"


class RelayPost(models.Model):
    """A post an actor declares having published with their kit. The platform is copied from the
    actor's profile when they declare it (their profile may change later; the reach estimated then
    must not). When the actor's profile is removed (account deleted or anonymised), the address and
    the page's name are erased and the post stays in the figures, unnamed."""

    link = models.ForeignKey(
        RelayLink, on_delete=models.CASCADE, related_name="posts", verbose_name=_("lien")
    )
    url = models.URLField(_("adresse de la publication"), max_length=500, blank=True)
    platform_kind = models.CharField(_("plateforme"), max_length=10, choices=PlatformKind.choices)
    platform_handle = models.CharField(_("page ou compte"), max_length=300)
    audience_size = models.PositiveIntegerField(_("audience déclarée"), null=True, blank=True)
    created_at = models.DateTimeField(_("déclarée le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("publication déclarée")
        verbose_name_plural = _("publications déclarées")
        constraints = [
            models.UniqueConstraint(
                fields=["link", "url"],
                condition=~Q(url=""),
                name="relay_post_once_per_link_and_url",
                violation_error_message=_("Vous avez déjà déclaré cette publication."),
            ),
            models.CheckConstraint(
                condition=Q(platform_kind__in=PlatformKind.values), name="relay_post_platform_valid"
            ),
            # Empty once the actor's profile is gone (signals.py): the post still counts, unnamed.
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="http"), name="relay_post_url_is_web"
            ),
        ]

    def __str__(self):
        return self.url
