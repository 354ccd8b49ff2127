"""An invitation campaign: an audience invited to one workshop, launched from the admin.

Its messages are rows of the ground's outbox, which knows nothing of campaigns: each carries the
campaign's `batch` key ("campaign:<id>"), an opaque label the outbox stores and filters on but
never reads. The arrow goes from the campaign to its messages, never back (see
workshops/messaging/selectors.py for the counts)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.ground.geography import Commune

from .workshop import Workshop

BATCH_PREFIX = "campaign"


def campaign_batch(pk):
    """The outbox batch key of the campaign `pk`: what its messages carry in Outbox.batch."""
    return f"{BATCH_PREFIX}:{pk}"


class Campaign(models.Model):
    """An invitation of an audience to one workshop, launched from the admin."""

    class Audience(models.TextChoices):
        RESPONSABLES = "responsables", _("Responsables des partis vérifiés")
        MEDIA = "media", _("Tous les acteurs des médias sociaux")
        COMMUNES = "communes", _("Acteurs et responsables de certaines communes")
        USERS = "users", _("Une liste choisie de personnes")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("atelier")
    )
    audience = models.CharField(_("public invité"), max_length=15, choices=Audience.choices)
    communes = models.ManyToManyField(
        Commune,
        blank=True,
        related_name="+",
        verbose_name=_("communes"),
        help_text=_("Seulement pour le public « certaines communes »."),
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("personnes"),
        help_text=_("Seulement pour le public « liste choisie »."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créée par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    launched_at = models.DateTimeField(_("lancée le"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campagne d'invitation")
        verbose_name_plural = _("campagnes d'invitation")
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=["responsables", "media", "communes", "users"]),
                name="workshops_campaign_audience_valid",
            ),
        ]

    def __str__(self):
        return f"{self.workshop} — {self.get_audience_display()}"

    @property
    def batch(self):
        return campaign_batch(self.pk)
