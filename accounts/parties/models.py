from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from ..models import Gender


class PartyStatus(models.TextChoices):
    PENDING = "pending", _("En attente de vérification")
    VERIFIED = "verified", _("Vérifié")
    REJECTED = "rejected", _("Rejeté")


class PartyQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=PartyStatus.VERIFIED)


class Party(models.Model):
    """A political party registered with the ministry; an organisation, run by its officials."""

    name = models.CharField(_("nom"), max_length=250)
    acronym = models.CharField(_("sigle"), max_length=30)
    registration_number = models.CharField(_("numéro d'enregistrement"), max_length=60)
    registration_date = models.DateField(_("date d'enregistrement au ministère"))
    head_office_commune = models.ForeignKey(
        "workshops.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune du siège")
    )
    logo = models.ImageField(_("logo"), upload_to="parties/logos/", blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=PartyStatus.choices, default=PartyStatus.PENDING
    )
    rejection_reason = models.TextField(_("motif du rejet"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vérifié par"),
    )
    reviewed_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)

    # Verification, rejection and the register's imports are read back from the admin's history.
    history = HistoricalRecords()
    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("parti politique")
        verbose_name_plural = _("partis politiques")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="parties_party_name_unique",
                violation_error_message=_("Un parti porte déjà ce nom."),
            ),
            models.UniqueConstraint(
                Lower("acronym"),
                name="parties_party_acronym_unique",
                violation_error_message=_("Un parti porte déjà ce sigle."),
            ),
            models.UniqueConstraint(
                fields=["registration_number"],
                name="parties_party_registration_unique",
                violation_error_message=_("Ce numéro d'enregistrement est déjà utilisé."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PartyStatus.REJECTED) | ~Q(rejection_reason=""),
                name="parties_party_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})"

    @property
    def is_verified(self):
        return self.status == PartyStatus.VERIFIED


class OfficialRole(models.TextChoices):
    RESPONSABLE = "responsable", _("Responsable")
    MEMBRE = "membre", _("Membre")


class PartyOfficial(models.Model):
    """A user account that acts for a party. One person acts for one party at most."""

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="officials", verbose_name=_("parti")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="party_official",
        verbose_name=_("compte"),
    )
    role = models.CharField(
        _("rôle"), max_length=12, choices=OfficialRole.choices, default=OfficialRole.MEMBRE
    )
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
        verbose_name = _("responsable de parti")
        verbose_name_plural = _("responsables de parti")

    def __str__(self):
        return f"{self.user} — {self.party.acronym} ({self.get_role_display()})"

    @property
    def can_manage(self):
        return self.role == OfficialRole.RESPONSABLE


class DelegateQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Delegate(models.Model):
    """A person on a party's roster, who needs no account to be enrolled in a workshop."""

    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="delegates", verbose_name=_("parti")
    )
    first_name = models.CharField(_("prénom"), max_length=120)
    last_name = models.CharField(_("nom"), max_length=120)
    gender = models.CharField(
        _("genre"),
        max_length=1,
        choices=Gender.choices,
        blank=True,
        help_text=_("Facultatif et déclaré par la personne : sert aux statistiques de participation."),
    )
    phone = PhoneNumberField(_("téléphone"), region="BJ")
    email = models.EmailField(_("adresse e-mail"), blank=True)
    commune = models.ForeignKey(
        "workshops.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    party_role = models.CharField(_("fonction dans le parti"), max_length=200, blank=True)
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    objects = DelegateQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("délégué")
        verbose_name_plural = _("délégués")
        constraints = [
            models.UniqueConstraint(
                fields=["party", "phone"],
                name="parties_delegate_phone_once_per_party",
                violation_error_message=_("Ce numéro figure déjà dans la liste des délégués du parti."),
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"


class PartyInvitationQuerySet(models.QuerySet):
    def open(self, now=None):
        """Neither accepted, revoked nor expired: the link still works."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class PartyInvitation(models.Model):
    """A responsable's invitation to another person to act for the party.

    Only a SHA-256 digest of the token is stored: the link exists in the e-mail alone, so a copy of
    the database does not let anybody join a party.
    """

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("parti")
    )
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(
        _("rôle"), max_length=12, choices=OfficialRole.choices, default=OfficialRole.MEMBRE
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invité par"),
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acceptée par"),
    )
    revoked_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = PartyInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation d'un responsable")
        verbose_name_plural = _("invitations des responsables")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "party",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="parties_invitation_one_pending_per_email",
                violation_error_message=_("Une invitation est déjà en cours pour cette adresse."),
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="parties_invitation_not_accepted_and_revoked",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.party.acronym}"
