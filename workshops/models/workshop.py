"""A workshop, its statuses and its agenda sessions."""

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..validators import validate_session_within_workshop, validate_workshop
from .catalogue import Partner, Speaker, Theme, Venue


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
    "title",
    "slug",
    "summary",
    "audience",
    "status",
    "starts_at",
    "ends_at",
    "is_illustrative",
    "venue__name",
    "venue__commune__name",
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
        _("quota par parti"),
        null=True,
        blank=True,
        help_text=_(
            "Nombre maximal de délégués par parti politique. Vide si l'atelier n'accueille pas de partis."
        ),
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
        _("condition de l'attestation"),
        max_length=10,
        choices=AttendanceRule.choices,
        default=AttendanceRule.ALL_DAYS,
        help_text=_("Présence exigée pour obtenir l'attestation de participation."),
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="workshops", verbose_name=_("partenaires")
    )
    organiser = models.CharField(
        _("structure organisatrice"),
        max_length=250,
        default="Ministère de l'Intérieur et de la Sécurité Publique",
    )
    # Demonstration data that the press articles do not give: shown « Exemple fictif » on every
    # page, PDF, message and open-data row where the workshop appears, so nobody takes it as fact.
    is_illustrative = models.BooleanField(
        _("exemple fictif"),
        default=False,
        help_text=_("Cochez pour des données de démonstration : « Exemple fictif » s'affiche partout."),
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["seats_taken", "updated_at"])
    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]  # pk: workshops starting together keep one order (pages, lists)
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
            models.Index(
                fields=["ends_at"],
                condition=~Q(status=WorkshopStatus.DRAFT),
                name="workshops_workshop_public_ends",
            ),
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
            models.CheckConstraint(
                condition=Q(capacity__gte=0), name="workshops_workshop_capacity_not_negative"
            ),
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
    # Day and hours may stay empty: the programme of a past workshop is often known only by its
    # talks, and an invented hour would be read as fact.
    day = models.DateField(_("jour"), null=True, blank=True, help_text=_("Vide si le jour n'est pas connu."))
    starts_at = models.TimeField(_("début"), null=True, blank=True)
    ends_at = models.TimeField(_("fin"), null=True, blank=True)
    title = models.CharField(_("intitulé"), max_length=400)
    room = models.CharField(_("salle"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    speakers = models.ManyToManyField(
        Speaker, blank=True, related_name="sessions", verbose_name=_("intervenants")
    )

    class Meta:
        ordering = [F("day").asc(nulls_last=True), F("starts_at").asc(nulls_last=True), "pk"]
        verbose_name = _("séance")
        verbose_name_plural = _("séances du programme")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True, ends_at__isnull=True) | Q(starts_at__lt=F("ends_at")),
                name="workshops_session_starts_before_ends",
            ),
        ]

    def __str__(self):
        when = " ".join(
            part
            for part in (self.day and f"{self.day:%d/%m/%Y}", self.starts_at and f"{self.starts_at:%H:%M}")
            if part
        )
        return f"{when} – {self.title}" if when else self.title

    def clean(self):
        validate_session_within_workshop(self)
