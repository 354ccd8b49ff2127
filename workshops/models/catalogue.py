"""What a workshop is made of: themes, venues, partners, speakers."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
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
    """Where a workshop takes place, and how to find it: many places in Benin are found by a
    landmark rather than a street address. The position, when known, is shown as links to
    OpenStreetMap and to the phone's map application (a `geo:` address); our pages load no map."""

    name = models.CharField(_("nom"), max_length=200)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="venues", verbose_name=_("commune")
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    landmark = models.CharField(
        _("repère"),
        max_length=200,
        blank=True,
        help_text=_("Ce qui aide à trouver le lieu, par exemple « en face du marché central »."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("En degrés décimaux (Cotonou : 6,37). Avec la longitude, ou pas du tout."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("En degrés décimaux (Cotonou : 2,43). Avec la latitude, ou pas du tout."),
    )
    access_notes = models.TextField(
        _("accès"),
        blank=True,
        help_text=_(
            "Comment s'y rendre : entrée, stationnement, accès pour les personnes à mobilité réduite…"
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        constraints = [
            models.UniqueConstraint(fields=["name", "commune"], name="workshops_venue_unique_in_commune"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="workshops_venue_position_both_or_none",
                violation_error_message=_("Indiquez la latitude et la longitude, ou aucune des deux."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="workshops_venue_latitude_range",
                violation_error_message=_("La latitude est comprise entre -90 et 90 degrés."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="workshops_venue_longitude_range",
                violation_error_message=_("La longitude est comprise entre -180 et 180 degrés."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.commune})"

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None

    def _coordinates(self):
        # Decimal's own notation, without the zeros the column pads with: 6.3654, not 6.365400.
        return tuple(f"{value.normalize():f}" for value in (self.latitude, self.longitude))

    @property
    def openstreetmap_url(self):
        """The position on openstreetmap.org, with a marker, at street level; "" when unknown."""
        if not self.has_position:
            return ""
        lat, lon = self._coordinates()
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"

    @property
    def geo_uri(self):
        """The position as a geo: address (RFC 5870), which a phone opens in its map application."""
        if not self.has_position:
            return ""
        lat, lon = self._coordinates()
        return f"geo:{lat},{lon}"


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
