"""What a workshop is made of: themes, venues, partners, speakers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.ground.geography import Commune


class Theme(models.Model):
    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self):
        return self.name


class Venue(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="venues", verbose_name=_("commune")
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        constraints = [
            models.UniqueConstraint(fields=["name", "commune"], name="workshops_venue_unique_in_commune"),
        ]

    def __str__(self):
        return f"{self.name} ({self.commune})"


class Partner(models.Model):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")

    def __str__(self):
        return self.name


class Speaker(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=200, unique=True)
    title = models.CharField(
        _("titre ou fonction"),
        max_length=250,
        blank=True,
        help_text=_("Par exemple « Contrôleur Général de Police » ou « Secrétaire Général du MISP »."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("courte biographie"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("intervenant")
        verbose_name_plural = _("intervenants")

    def __str__(self):
        return self.name
