"""A workshop's report (rapport) and its recommendations, followed up until they are done.

Participation figures are never stored here: they are computed from the enrollments and the
attendance (selectors.report_participation), so a report cannot contradict the attendance sheet.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publié")


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)


class Report(models.Model):
    workshop = models.OneToOneField(
        "workshops.Workshop", on_delete=models.PROTECT, related_name="report", verbose_name=_("atelier")
    )
    summary = models.TextField(_("synthèse des travaux"))
    status = models.CharField(
        _("statut"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("publié par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-workshop__starts_at"]
        verbose_name = _("rapport")
        verbose_name_plural = _("rapports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="reports_report_status_valid"
            ),
            # A published report says when; a draft has no publication date (unpublishing clears it).
            models.CheckConstraint(
                condition=(Q(status=ReportStatus.PUBLISHED) & Q(published_at__isnull=False))
                | (Q(status=ReportStatus.DRAFT) & Q(published_at__isnull=True)),
                name="reports_report_published_has_date",
            ),
            models.CheckConstraint(condition=~Q(summary=""), name="reports_report_summary_not_empty"),
        ]

    def __str__(self):
        return _("Rapport — %(workshop)s") % {"workshop": self.workshop}

    def get_absolute_url(self):
        return reverse("reports:detail", kwargs={"slug": self.workshop.slug})

    @property
    def is_published(self):
        return self.status == ReportStatus.PUBLISHED


class Addressee(models.TextChoices):
    MINISTRY = "ministry", _("Directions du ministère")
    PARTIES = "parties", _("Partis politiques")
    MEDIA = "media", _("Acteurs des médias sociaux")
    PARTNERS = "partners", _("Partenaires")


class RecommendationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposée")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisée")
    ABANDONED = "abandoned", _("Abandonnée")


class Recommendation(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("rapport")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=1)
    text = models.TextField(_("recommandation"))
    addressee = models.CharField(_("destinataire"), max_length=10, choices=Addressee.choices)
    owner = models.CharField(
        _("structure chargée du suivi"),
        max_length=250,
        blank=True,
        help_text=_(
            "Une direction ou une organisation, jamais une personne nommément : ce champ est public."
        ),
    )
    status = models.CharField(
        _("statut"),
        max_length=12,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.PROPOSED,
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    # Demonstration data: a recommendation the published report does not give, shown
    # « Exemple fictif » on the tracker, the report, its PDF and the open data.
    is_illustrative = models.BooleanField(_("exemple fictif"), default=False)
    # The organisation that answers for it (its members post progress notes); the `addressee`
    # code stays the public category the tracker filters on.
    organisation = models.ForeignKey(
        "reports.AddresseeOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("organisation destinataire"),
    )
    followed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_staff": True},
        verbose_name=_("agent chargé du suivi"),
        help_text=_("Reçoit les rappels d'échéance ; n'est jamais affiché sur le site."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("recommandation")
        verbose_name_plural = _("recommandations")
        indexes = [models.Index(fields=["status", "addressee"], name="reports_recommendation_filters")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RecommendationStatus.values),
                name="reports_recommendation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(addressee__in=Addressee.values), name="reports_recommendation_addressee_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="reports_recommendation_text_not_empty"),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"


class RecommendationUpdate(models.Model):
    """A dated follow-up note on a recommendation; when it changes the status, it says to what."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates", verbose_name=_("recommandation")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note de suivi"), blank=True)
    status = models.CharField(
        _("nouveau statut"),
        max_length=12,
        choices=RecommendationStatus.choices,
        blank=True,
        help_text=_("Laisser vide si la note ne change pas le statut."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("saisie par"),
    )
    created_at = models.DateTimeField(_("saisie le"), auto_now_add=True)

    class Meta:
        ordering = ["date", "created_at"]
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis de la recommandation")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="") | Q(status__in=RecommendationStatus.values),
                name="reports_update_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(note="") | ~Q(status=""), name="reports_update_says_something"
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.recommendation}"


# The addressees' follow-up (organisations, invitations, progress notes) lives in its own module.
from .followup.models import (  # noqa: E402,F401 -- registers the follow-up models with this app
    AddresseeKind,
    AddresseeOrganisation,
    NoteEvidence,
    NoteState,
    OrganisationInvitation,
    OrganisationMember,
    ProgressNote,
)
