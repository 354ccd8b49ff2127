"""Geography of Benin: its twelve départements and 77 communes, for venues, parties and people."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.TextChoices):
    """Benin's twelve departments (loi n° 97-028), the level above the 77 communes."""

    ALIBORI = "alibori", "Alibori"
    ATACORA = "atacora", "Atacora"
    ATLANTIQUE = "atlantique", "Atlantique"
    BORGOU = "borgou", "Borgou"
    COLLINES = "collines", "Collines"
    COUFFO = "couffo", "Couffo"
    DONGA = "donga", "Donga"
    LITTORAL = "littoral", "Littoral"
    MONO = "mono", "Mono"
    OUEME = "oueme", "Ouémé"
    PLATEAU = "plateau", "Plateau"
    ZOU = "zou", "Zou"


class Commune(models.Model):
    """One of the 77 communes, loaded by a data migration; used for venues, parties and people."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    department = models.CharField(_("département"), max_length=20, choices=Department.choices)

    class Meta:
        # The communes' table, its migrations and the data migration that loads the 77 of them
        # stay with the app that first held them (table workshops_commune): the model moved to the
        # ground for its Python path only, so that parties, people and venues reach it without
        # importing the workshops. A change of label would need state-only migrations in four
        # apps for nothing a user sees.
        app_label = "workshops"
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return self.name
