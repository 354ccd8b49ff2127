"""Enrollments, the parties' quota ledger, attendance, seat releases and certificates."""

import secrets

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .workshop import Workshop


class EnrollmentStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmé")
    WAITING = "waiting", _("En liste d'attente")
    WITHDRAWN = "withdrawn", _("Retiré")
    CANCELLED = "cancelled", _("Annulé")


ACTIVE_ENROLLMENT = Q(status__in=[EnrollmentStatus.CONFIRMED, EnrollmentStatus.WAITING])


def new_checkin_code():
    """Eight characters printed under the QR code, typed by staff when a camera cannot scan.
    No 0/O or 1/I, so that it reads back unambiguously."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Enrollment(models.Model):
    """A seat (or a place on the waiting list) of one person in one workshop.

    The person is either a social-media actor's account (`user`) or a party delegate
    (`delegate`, with its `party`). `person_phone` identifies the human whichever way they came,
    so that nobody holds two active enrollments in the same workshop.
    """

    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("atelier")
    )
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrollments",
        verbose_name=_("acteur des médias sociaux"),
    )
    delegate = models.ForeignKey(
        "parties.Delegate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrollments",
        verbose_name=_("délégué"),
    )
    party = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrollments",
        verbose_name=_("parti"),
    )
    person_phone = models.CharField(_("téléphone de la personne"), max_length=20)
    status = models.CharField(_("statut"), max_length=10, choices=EnrollmentStatus.choices)
    waiting_since = models.DateTimeField(_("en attente depuis"), null=True, blank=True)
    checkin_code = models.CharField(
        _("code d'émargement"), max_length=8, unique=True, default=new_checkin_code, editable=False
    )
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inscrit par"),
    )
    reason = models.TextField(_("motif (pour le personnel)"), blank=True)
    # A demonstration participant: the certificate, its verification page and the attendance
    # sheets say « Exemple fictif », since nobody by that name took part.
    is_illustrative = models.BooleanField(_("exemple fictif"), default=False)
    # The answer to the question asked a few days before the workshop (SMS "1"/"2" or the e-mail's link).
    presence_confirmed_at = models.DateTimeField(_("présence confirmée le"), null=True, blank=True)
    presence_released_at = models.DateTimeField(_("place libérée en réponse le"), null=True, blank=True)
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        indexes = [models.Index(fields=["workshop", "status"], name="workshops_enrollment_state")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(delegate__isnull=True))
                | (Q(user__isnull=True) & Q(delegate__isnull=False)),
                name="workshops_enrollment_one_kind_of_person",
            ),
            models.CheckConstraint(
                condition=Q(delegate__isnull=True) | Q(party__isnull=False),
                name="workshops_enrollment_delegate_has_party",
            ),
            models.CheckConstraint(
                condition=~Q(status=EnrollmentStatus.WAITING) | Q(waiting_since__isnull=False),
                name="workshops_enrollment_waiting_has_date",
            ),
            models.UniqueConstraint(
                fields=["workshop", "person_phone"],
                condition=ACTIVE_ENROLLMENT,
                name="workshops_enrollment_once_per_person",
                violation_error_message=_("Cette personne est déjà inscrite à cet atelier."),
            ),
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=ACTIVE_ENROLLMENT,
                name="workshops_enrollment_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["workshop", "delegate"],
                condition=ACTIVE_ENROLLMENT,
                name="workshops_enrollment_once_per_delegate",
            ),
        ]

    def __str__(self):
        return f"{self.person_name} — {self.workshop}"

    @property
    def person_name(self):
        if self.delegate_id:
            return self.delegate.full_name
        return self.user.get_full_name() or self.user.email


class PartyAllocation(models.Model):
    """A line of a workshop's quota ledger: the seats a party may fill and has filled.

    Locked (after the workshop row) by the services that enroll, withdraw or release seats.
    """

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("atelier")
    )
    party = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, related_name="allocations", verbose_name=_("parti")
    )
    seats_allowed = models.PositiveIntegerField(_("places accordées"))
    seats_taken = models.PositiveIntegerField(_("places occupées"), default=0)

    class Meta:
        verbose_name = _("quota d'un parti")
        verbose_name_plural = _("quotas des partis")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "party"], name="workshops_allocation_once_per_party"),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("seats_allowed")), name="workshops_allocation_within_quota"
            ),
        ]

    def __str__(self):
        return f"{self.party} — {self.workshop}: {self.seats_taken}/{self.seats_allowed}"


class CheckinMethod(models.TextChoices):
    QR = "qr", _("QR code scanné")
    CODE = "code", _("Code saisi")
    ADMIN = "admin", _("Pointage par le personnel")


class Attendance(models.Model):
    """Presence of an enrolled person on one day of the workshop.

    Only on one of the workshop's days, and never on a day to come: the rule reads the workshop
    (another table) and today's date, which a CHECK constraint cannot, so a PostgreSQL trigger
    (migration 0008) refuses any other row, whichever path writes it (services, admin, raw SQL).
    """

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("inscription")
    )
    day = models.DateField(_("jour"))
    checked_in_at = models.DateTimeField(_("arrivé à"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pointé par"),
    )
    method = models.CharField(_("mode"), max_length=5, choices=CheckinMethod.choices)
    # The id a phone gave its mark when it was taken, offline perhaps: the same mark sent again
    # (a retry whose answer was lost) finds its row instead of making another.
    client_id = models.UUIDField(
        _("identifiant du pointage"), null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        ordering = ["day", "checked_in_at"]
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "day"], name="workshops_attendance_once_per_day"),
        ]

    def __str__(self):
        return f"{self.enrollment} — {self.day:%d/%m/%Y}"


class SeatReleaseTarget(models.TextChoices):
    WAITING_LIST = "waiting_list", _("À la liste d'attente")
    PARTIES = "parties", _("Aux autres partis")


class SeatRelease(models.Model):
    """Staff released a party's unused seats after the deadline; `rule` says what was done, in
    words, so that the decision can be read back later."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="seat_releases", verbose_name=_("atelier")
    )
    party = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, related_name="+", verbose_name=_("parti")
    )
    seats = models.PositiveIntegerField(_("places libérées"))
    target = models.CharField(_("destination"), max_length=12, choices=SeatReleaseTarget.choices)
    rule = models.TextField(_("règle appliquée"))
    released_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("libération de places")
        verbose_name_plural = _("libérations de places")
        constraints = [
            models.CheckConstraint(
                condition=Q(target__in=SeatReleaseTarget.values), name="workshops_seatrelease_target_valid"
            ),
        ]

    def __str__(self):
        return f"{self.party} — {self.workshop}: {self.seats}"


def new_certificate_code():
    """Twelve characters, grouped by four when printed; as unambiguous as the check-in code."""
    return new_checkin_code() + new_checkin_code()[:4]


class Certificate(models.Model):
    """The attestation de participation of one enrollment; its code is checked on a public page."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("inscription")
    )
    code = models.CharField(
        _("code de vérification"), max_length=12, unique=True, default=new_certificate_code, editable=False
    )
    issued_at = models.DateTimeField(_("délivrée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("attestation de participation")
        verbose_name_plural = _("attestations de participation")

    def __str__(self):
        return f"{self.code} — {self.enrollment}"

    @property
    def printed_code(self):
        return "-".join(self.code[n : n + 4] for n in range(0, len(self.code), 4))
