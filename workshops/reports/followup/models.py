"""Who answers for a recommendation (an addressee organisation and its member accounts), their
invitations, and the progress notes they post with their evidence.

A note is private to its organisation and the ministry's staff until staff publish it; publishing
is what moves the recommendation's status (services.progress_note_publish), so the public tracker
only ever shows what staff reviewed.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshops.library.models import private_storage

from ..models import Recommendation, RecommendationStatus, RecommendationUpdate


class AddresseeKind(models.TextChoices):
    DIRECTORATE = "directorate", _("Direction du ministère")
    PARTY = "party", _("Parti politique")
    CENA = "cena", _("CENA")
    OTHER = "other", _("Autre organisation")


class AddresseeOrganisation(models.Model):
    """An organisation a recommendation is addressed to. Its name is public (the tracker shows it);
    its members are not."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    kind = models.CharField(_("nature"), max_length=12, choices=AddresseeKind.choices)
    party = models.ForeignKey(
        "parties.Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="addressee_organisations",
        verbose_name=_("parti"),
        limit_choices_to={"status": "verified"},
        help_text=_("Pour un parti politique : le parti vérifié qu'elle représente."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation destinataire")
        verbose_name_plural = _("organisations destinataires")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AddresseeKind.values), name="followup_organisation_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="followup_organisation_name_not_empty"),
            models.CheckConstraint(
                condition=Q(party__isnull=True) | Q(kind=AddresseeKind.PARTY),
                name="followup_organisation_party_only_for_parties",
            ),
        ]

    def __str__(self):
        return self.name


class OrganisationMember(models.Model):
    """An account that answers for its organisation's recommendations. One organisation per
    account: what a member sees is their organisation's, never a choice among several."""

    organisation = models.ForeignKey(
        AddresseeOrganisation,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="addressee_membership",
        verbose_name=_("compte"),
    )
    created_at = models.DateTimeField(_("membre depuis"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "created_at"]
        verbose_name = _("membre d'une organisation destinataire")
        verbose_name_plural = _("membres des organisations destinataires")

    def __str__(self):
        return f"{self.user} → {self.organisation}"


class OrganisationInvitationQuerySet(models.QuerySet):
    def open(self, now=None):
        """Neither accepted, revoked nor expired: the link still works."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class OrganisationInvitation(models.Model):
    """Staff's invitation to a person to answer for an organisation. Only the token's SHA-256
    digest is stored; the link is made again when the e-mail leaves (see services)."""

    organisation = models.ForeignKey(
        AddresseeOrganisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("adresse e-mail"))
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("invité par"),
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"), editable=False)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("acceptée par"),
    )
    revoked_at = models.DateTimeField(_("annulée le"), null=True, blank=True, editable=False)

    objects = OrganisationInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation d'un destinataire")
        verbose_name_plural = _("invitations des destinataires")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="followup_invitation_one_pending_per_email",
                violation_error_message=_("Une invitation est déjà en cours pour cette adresse."),
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="followup_invitation_not_accepted_and_revoked",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"


class NoteState(models.TextChoices):
    SUBMITTED = "submitted", _("En attente de relecture")
    PUBLISHED = "published", _("Publiée")
    REJECTED = "rejected", _("Refusée")


class ProgressNote(models.Model):
    """A progress note posted by an addressee's member, with the status it proposes. Private to its
    organisation and to staff until published; its publication records a follow-up entry
    (`update`) that moves the recommendation's status."""

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="progress_notes",
        verbose_name=_("recommandation"),
    )
    organisation = models.ForeignKey(
        AddresseeOrganisation, on_delete=models.PROTECT, related_name="notes", verbose_name=_("organisation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("rédigée par"),
    )
    text = models.TextField(_("note d'avancement"))
    proposed_status = models.CharField(
        _("statut proposé"), max_length=12, choices=RecommendationStatus.choices, blank=True
    )
    state = models.CharField(
        _("état"), max_length=10, choices=NoteState.choices, default=NoteState.SUBMITTED, editable=False
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("relue par"),
    )
    reviewed_at = models.DateTimeField(_("relue le"), null=True, blank=True, editable=False)
    update = models.OneToOneField(
        RecommendationUpdate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_note",
        editable=False,
        verbose_name=_("suivi publié"),
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("note d'avancement")
        verbose_name_plural = _("notes d'avancement")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=NoteState.values), name="followup_note_state_valid"),
            models.CheckConstraint(
                condition=Q(proposed_status="") | Q(proposed_status__in=RecommendationStatus.values),
                name="followup_note_status_valid",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="followup_note_text_not_empty"),
            # A refusal always says why: the organisation reads the reason.
            models.CheckConstraint(
                condition=~Q(state=NoteState.REJECTED) | ~Q(rejection_reason=""),
                name="followup_note_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(state=NoteState.SUBMITTED) | Q(reviewed_at__isnull=False),
                name="followup_note_reviewed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="followup_note_state")]

    def __str__(self):
        return _("Note du %(date)s — %(organisation)s") % {
            "date": timezone.localtime(self.created_at).strftime("%d/%m/%Y") if self.created_at else "…",
            "organisation": self.organisation,
        }


def evidence_file_name(instance, filename):
    """An unguessable name in the private storage; the sender's name is kept in `original_name`."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"followup/{uuid.uuid4().hex}{suffix}"


class NoteEvidence(models.Model):
    """A file attached to a progress note. Private storage; its type and size come from its content
    (workshops/library/validators.inspect_upload); sent only to staff and the note's organisation."""

    note = models.ForeignKey(
        ProgressNote, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("note d'avancement")
    )
    public_id = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(
        _("fichier"), storage=private_storage, upload_to=evidence_file_name, max_length=200
    )
    mime_type = models.CharField(_("type"), max_length=120, editable=False)
    size = models.PositiveBigIntegerField(_("taille (octets)"), editable=False)
    original_name = models.CharField(_("nom d'origine"), max_length=255, editable=False)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("pièce justificative")
        verbose_name_plural = _("pièces justificatives")
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="followup_evidence_not_empty")]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("followup:evidence", kwargs={"public_id": self.public_id})
