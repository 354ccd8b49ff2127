import datetime
import secrets

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Registered with this app's models: see portal/ground/geography.py for why Commune keeps the label.
from portal.ground.geography import Commune, Department  # noqa: F401

from .validators import validate_session_within_workshop, validate_workshop


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
        _("titre ou fonction"), max_length=250, blank=True,
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


class Audience(models.TextChoices):
    PARTIES = "parties", _("Partis politiques")
    MEDIA = "media", _("Acteurs des médias sociaux")
    BOTH = "both", _("Partis politiques et acteurs des médias sociaux")


class WorkshopStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publié")
    REGISTRATION_CLOSED = "registration_closed", _("Inscriptions closes")
    HELD = "held", _("Tenu")
    CANCELLED = "cancelled", _("Annulé")


class AttendanceRule(models.TextChoices):
    ALL_DAYS = "all_days", _("Présent chaque jour de l'atelier")
    ANY_DAY = "any_day", _("Présent au moins un jour")


class WorkshopQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: everything but drafts (a cancelled workshop stays visible)."""
        return self.exclude(status=WorkshopStatus.DRAFT)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def for_listing(self):
        return self.select_related("venue__commune", "theme")

    def for_cards(self):
        """Only what a workshop card shows (templates/includes/workshop_card.html): the catalogue
        reads twelve rows, not their descriptions, themes and bookkeeping columns."""
        return self.select_related("venue__commune").only(*CARD_FIELDS)


# Every field templates/includes/workshop_card.html and workshop_dates.html read; a field missing
# here would cost one query per card.
CARD_FIELDS = [
    "title", "slug", "summary", "audience", "status", "starts_at", "ends_at",
    "venue__name", "venue__commune__name",
]


class Workshop(models.Model):
    title = models.CharField(_("titre"), max_length=250)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=250, unique=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="workshops", verbose_name=_("thème")
    )
    summary = models.CharField(_("résumé"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("public"), max_length=10, choices=Audience.choices)
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="workshops", verbose_name=_("lieu")
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    capacity = models.PositiveIntegerField(_("nombre de places"))
    party_quota = models.PositiveIntegerField(
        _("quota par parti"), null=True, blank=True,
        help_text=_("Nombre maximal de délégués par parti politique. Vide si l'atelier n'accueille pas de partis."),
    )
    # Maintained by the enrollment services under a row lock; the constraint below makes an
    # overbooking impossible even for code that forgets the lock.
    seats_taken = models.PositiveIntegerField(_("places occupées"), default=0, editable=False)
    registration_opens_at = models.DateTimeField(_("ouverture des inscriptions"))
    registration_closes_at = models.DateTimeField(_("clôture des inscriptions"))
    status = models.CharField(
        _("statut"), max_length=20, choices=WorkshopStatus.choices, default=WorkshopStatus.DRAFT
    )
    cancellation_reason = models.TextField(_("motif d'annulation"), blank=True)
    attendance_rule = models.CharField(
        _("condition de l'attestation"), max_length=10, choices=AttendanceRule.choices,
        default=AttendanceRule.ALL_DAYS,
        help_text=_("Présence exigée pour obtenir l'attestation de participation."),
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="workshops", verbose_name=_("partenaires")
    )
    organiser = models.CharField(
        _("structure organisatrice"), max_length=250,
        default="Ministère de l'Intérieur et de la Sécurité Publique",
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["seats_taken", "updated_at"])
    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")
        indexes = [
            models.Index(fields=["status", "starts_at"], name="workshops_status_starts"),
            # The catalogue and the home page: upcoming (ends_at >= now) or past workshops in date
            # order, a page at a time. With ends_at in the key, the scan skips the other period
            # inside the index instead of sorting every workshop (10 ms for 10,000, now 0.1 ms).
            models.Index(fields=["starts_at", "ends_at"], name="workshops_workshop_dates"),
            # The catalogue's count of upcoming public workshops, read from the index alone
            # (three times cheaper than scanning the table with 10,000 of them).
            models.Index(fields=["ends_at"], condition=~Q(status=WorkshopStatus.DRAFT), name="workshops_workshop_public_ends"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="workshops_workshop_starts_before_ends"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__lt=F("registration_closes_at")),
                name="workshops_workshop_registration_opens_before_closes",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__lte=F("ends_at")),
                name="workshops_workshop_registration_closes_before_end",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=0), name="workshops_workshop_capacity_not_negative"),
            models.CheckConstraint(
                condition=Q(party_quota__isnull=True) | Q(party_quota__lte=F("capacity")),
                name="workshops_workshop_quota_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")), name="workshops_workshop_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(status__in=WorkshopStatus.values), name="workshops_workshop_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="workshops_workshop_audience_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=WorkshopStatus.CANCELLED) | ~Q(cancellation_reason=""),
                name="workshops_workshop_cancellation_has_reason",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        validate_workshop(self)

    def get_absolute_url(self):
        return reverse("workshops:detail", kwargs={"slug": self.slug})

    @property
    def seats_left(self):
        return max(self.capacity - self.seats_taken, 0)

    @property
    def party_seats_default(self):
        """The seats a party may fill until staff change its line of the quota ledger: the quota
        per party, or the whole capacity when the workshop sets none (a quota of 0 is a quota)."""
        return self.party_quota if self.party_quota is not None else self.capacity

    @property
    def audience_label(self):
        """get_audience_display() without building the choices' dict (hashing and translating
        every label) on each call: one translation per card."""
        return Audience(self.audience).label

    @property
    def is_over(self):
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self):
        return self.status == WorkshopStatus.CANCELLED

    @property
    def is_public(self):
        return self.status != WorkshopStatus.DRAFT

    @property
    def local_start_date(self):
        return timezone.localdate(self.starts_at)

    @property
    def local_end_date(self):
        return timezone.localdate(self.ends_at)

    @property
    def is_multi_day(self):
        return self.local_start_date != self.local_end_date

    def days(self):
        """The local calendar days the workshop spans, first to last."""
        start, end = self.local_start_date, self.local_end_date
        return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]

    def welcomes_parties(self):
        return self.audience in (Audience.PARTIES, Audience.BOTH)

    def welcomes_media(self):
        return self.audience in (Audience.MEDIA, Audience.BOTH)


class Session(models.Model):
    """One item of a workshop's agenda. Its day must fall within the workshop's days: a
    PostgreSQL trigger (migration 0002) enforces it, as well as Session.clean() for forms."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("atelier")
    )
    day = models.DateField(_("jour"))
    starts_at = models.TimeField(_("début"))
    ends_at = models.TimeField(_("fin"))
    title = models.CharField(_("intitulé"), max_length=400)
    room = models.CharField(_("salle"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    speakers = models.ManyToManyField(
        Speaker, blank=True, related_name="sessions", verbose_name=_("intervenants")
    )

    class Meta:
        ordering = ["day", "starts_at"]
        verbose_name = _("séance")
        verbose_name_plural = _("séances du programme")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="workshops_session_starts_before_ends"
            ),
        ]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.starts_at:%H:%M} – {self.title}"

    def clean(self):
        validate_session_within_workshop(self)


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

    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("atelier"))
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="enrollments",
        verbose_name=_("acteur des médias sociaux"),
    )
    delegate = models.ForeignKey(
        "parties.Delegate", on_delete=models.PROTECT, null=True, blank=True, related_name="enrollments",
        verbose_name=_("délégué"),
    )
    party = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, null=True, blank=True, related_name="enrollments",
        verbose_name=_("parti"),
    )
    person_phone = models.CharField(_("téléphone de la personne"), max_length=20)
    status = models.CharField(_("statut"), max_length=10, choices=EnrollmentStatus.choices)
    waiting_since = models.DateTimeField(_("en attente depuis"), null=True, blank=True)
    checkin_code = models.CharField(_("code d'émargement"), max_length=8, unique=True, default=new_checkin_code, editable=False)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("inscrit par")
    )
    reason = models.TextField(_("motif (pour le personnel)"), blank=True)
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
                fields=["workshop", "person_phone"], condition=ACTIVE_ENROLLMENT,
                name="workshops_enrollment_once_per_person",
                violation_error_message=_("Cette personne est déjà inscrite à cet atelier."),
            ),
            models.UniqueConstraint(
                fields=["workshop", "user"], condition=ACTIVE_ENROLLMENT,
                name="workshops_enrollment_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["workshop", "delegate"], condition=ACTIVE_ENROLLMENT,
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

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("atelier"))
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="allocations", verbose_name=_("parti"))
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
    """Presence of an enrolled person on one day of the workshop."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("inscription"))
    day = models.DateField(_("jour"))
    checked_in_at = models.DateTimeField(_("arrivé à"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("pointé par")
    )
    method = models.CharField(_("mode"), max_length=5, choices=CheckinMethod.choices)

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

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="seat_releases", verbose_name=_("atelier"))
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="+", verbose_name=_("parti"))
    seats = models.PositiveIntegerField(_("places libérées"))
    target = models.CharField(_("destination"), max_length=12, choices=SeatReleaseTarget.choices)
    rule = models.TextField(_("règle appliquée"))
    released_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("par")
    )
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("libération de places")
        verbose_name_plural = _("libérations de places")
        constraints = [
            models.CheckConstraint(condition=Q(target__in=SeatReleaseTarget.values), name="workshops_seatrelease_target_valid"),
        ]

    def __str__(self):
        return f"{self.party} — {self.workshop}: {self.seats}"


def new_certificate_code():
    """Twelve characters, grouped by four when printed; as unambiguous as the check-in code."""
    return new_checkin_code() + new_checkin_code()[:4]


class Certificate(models.Model):
    """The attestation de participation of one enrollment; its code is checked on a public page."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("inscription"))
    code = models.CharField(_("code de vérification"), max_length=12, unique=True, default=new_certificate_code, editable=False)
    issued_at = models.DateTimeField(_("délivrée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("attestation de participation")
        verbose_name_plural = _("attestations de participation")

    def __str__(self):
        return f"{self.code} — {self.enrollment}"

    @property
    def printed_code(self):
        return "-".join(self.code[n:n + 4] for n in range(0, len(self.code), 4))
