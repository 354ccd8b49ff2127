"""The per-diem rates of a workshop (an amount per day attended, a transport amount per commune
of origin) and its payment sheet, whose validated rows are kept as they were validated."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PerDiemScale(models.Model):
    """What a workshop pays each participant: `daily_amount` per day attended, and the transport
    of their commune of origin (TransportRate). Amounts in FCFA."""

    workshop = models.OneToOneField(
        "workshops.Workshop",
        on_delete=models.CASCADE,
        related_name="perdiem_scale",
        verbose_name=_("atelier"),
    )
    daily_amount = models.PositiveIntegerField(_("per diem par jour de présence (FCFA)"))
    # The demo's rates: the seeds give no amount, so every page that shows them says so.
    illustrative = models.BooleanField(
        _("exemple fictif"),
        default=False,
        help_text=_("Montants d'illustration (démonstration) : « Exemple fictif » s'affiche partout."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("barème de per diem")
        verbose_name_plural = _("barèmes de per diem")
        constraints = [
            models.CheckConstraint(condition=Q(daily_amount__gte=0), name="perdiem_scale_daily_not_negative"),
        ]

    def __str__(self):
        return str(self.workshop)


class TransportRate(models.Model):
    scale = models.ForeignKey(
        PerDiemScale, on_delete=models.CASCADE, related_name="transport_rates", verbose_name=_("barème")
    )
    commune = models.ForeignKey(
        "workshops.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune d'origine")
    )
    amount = models.PositiveIntegerField(_("transport (FCFA)"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["commune__name"]
        verbose_name = _("tarif de transport")
        verbose_name_plural = _("tarifs de transport")
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "commune"],
                name="perdiem_transport_once_per_commune",
                violation_error_message=_("Cette commune a déjà un tarif de transport pour cet atelier."),
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="perdiem_transport_not_negative"),
        ]

    def __str__(self):
        return f"{self.commune} — {self.amount} FCFA"


class SheetStatus(models.TextChoices):
    OPEN = "open", _("Provisoire")
    VALIDATED = "validated", _("Validé")


class PaymentSheet(models.Model):
    """The payment sheet of a workshop. Open, it is computed from attendance each time it is read;
    validated, its rows (PaymentLine) are those stored at validation, whatever attendance does
    next. `attendance_digest` fingerprints the attendance it was validated on."""

    workshop = models.OneToOneField(
        "workshops.Workshop",
        on_delete=models.PROTECT,
        related_name="payment_sheet",
        verbose_name=_("atelier"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.OPEN
    )
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validé par"),
    )
    attendance_digest = models.CharField(_("empreinte de la présence validée"), max_length=64, blank=True)
    illustrative = models.BooleanField(_("exemple fictif"), default=False)
    reopen_reason = models.TextField(_("motif de la réouverture"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("état de paiement")
        verbose_name_plural = _("états de paiement")
        permissions = [
            ("validate_paymentsheet", _("Peut valider un état de paiement")),
            ("reopen_paymentsheet", _("Peut rouvrir un état de paiement validé")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=SheetStatus.VALIDATED) | Q(validated_at__isnull=False),
                name="perdiem_sheet_validated_has_date",
            ),
        ]

    def __str__(self):
        return str(self.workshop)

    @property
    def is_validated(self):
        return self.status == SheetStatus.VALIDATED


class PaymentLine(models.Model):
    """One person's row of a validated payment sheet, as it was validated."""

    sheet = models.ForeignKey(
        PaymentSheet, on_delete=models.CASCADE, related_name="lines", verbose_name=_("état")
    )
    enrollment = models.ForeignKey(
        "workshops.Enrollment", on_delete=models.PROTECT, related_name="+", verbose_name=_("inscription")
    )
    reference = models.CharField(_("référence"), max_length=30)
    name = models.CharField(_("nom"), max_length=250)
    party = models.CharField(_("parti"), max_length=50, blank=True)
    commune = models.CharField(_("commune d'origine"), max_length=100, blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    days = models.CharField(_("jours de présence"), max_length=200)
    days_present = models.PositiveSmallIntegerField(_("nombre de jours"))
    per_diem = models.PositiveIntegerField(_("per diem (FCFA)"))
    transport = models.PositiveIntegerField(_("transport (FCFA)"))
    total = models.PositiveIntegerField(_("total (FCFA)"))
    notes = models.CharField(_("remarques"), max_length=250, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("ligne d'un état de paiement")
        verbose_name_plural = _("lignes d'un état de paiement")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "reference"], name="perdiem_line_reference_once"),
            models.UniqueConstraint(fields=["sheet", "enrollment"], name="perdiem_line_once_per_enrollment"),
            models.CheckConstraint(
                condition=Q(total=models.F("per_diem") + models.F("transport")),
                name="perdiem_line_total_adds_up",
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.name}"
