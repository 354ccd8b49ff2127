"""Everything that changes an addressee organisation, its members, their invitations and their
progress notes. Views, the admin, the tasks and the tests call these."""

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from portal.ground.notifications.services import SecretLink, notification_queue, secret_placeholder
from portal.ground.tokens import derived_token, token_digest
from workshops.library.validators import inspect_upload

from ..models import RecommendationStatus
from ..services import recommendation_add_update
from .models import NoteEvidence, NoteState, OrganisationInvitation, OrganisationMember, ProgressNote

INVITATION_VALIDITY = datetime.timedelta(days=14)
INVITATION_SECRET = "reports.addressee-invitation"


# --- Invitations --------------------------------------------------------------------------------


def invitation_token(invitation_pk):
    """The token of an invitation's link, derived from its id under SECRET_KEY: the server makes it
    again when the mail leaves (the message journal never holds it), the database keeps its digest."""
    return derived_token(salt="reports.addressee-invitation-token", value=invitation_pk)


def addressee_invitation_secret_parts(ref):
    """The secret of an invitation mail, made at delivery; None once the invitation was accepted,
    revoked or has expired (a link that would not work is not sent)."""
    invitation = (
        OrganisationInvitation.objects.open().filter(pk=int(ref) if str(ref).isdigit() else 0).first()
    )
    return {"token": invitation_token(invitation.pk)} if invitation else None


def addressee_invitation_problem_for(*, organisation, email):
    """Why `email` cannot be invited to answer for `organisation`, or None."""
    if OrganisationMember.objects.filter(user__email__iexact=email).exists():
        return _("Cette personne répond déjà pour une organisation destinataire.")
    if organisation.invitations.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).exists():
        return _("Une invitation est déjà en cours pour cette adresse.")
    return None


@transaction.atomic
def addressee_invitation_create(*, organisation, email, by):
    """Invites `email` to answer for `organisation`'s recommendations and e-mails the link (after
    commit), valid fourteen days. One transaction: an invitation whose mail could not be queued
    is not kept. Raises ValidationError (on "email") when the address already answers for an
    organisation or has a pending invitation."""
    email = email.strip().lower()
    problem = addressee_invitation_problem_for(organisation=organisation, email=email)
    if problem:
        raise ValidationError({"email": problem})
    try:
        with transaction.atomic():
            # The token derives from the id: a random digest, matching no token, holds the unique
            # column until the id is known.
            invitation = OrganisationInvitation.objects.create(
                organisation=organisation,
                email=email,
                token_digest=secrets.token_hex(32),
                invited_by=by,
                expires_at=timezone.now() + INVITATION_VALIDITY,
            )
    except IntegrityError:  # the same invitation sent twice at once
        raise ValidationError({"email": _("Une invitation est déjà en cours pour cette adresse.")}) from None
    invitation.token_digest = token_digest(invitation_token(invitation.pk))
    invitation.save(update_fields=["token_digest"])
    notification_queue(
        kind="addressee-invitation",
        key=f"addressee-invitation:{invitation.pk}",
        template="addressee_invitation",
        email=email,
        language=by.language,
        secret=SecretLink(renderer=INVITATION_SECRET, ref=invitation.pk),
        context={
            "organisation_name": organisation.name,
            "invited_by": by.get_full_name() or by.email,
            "accept_url": reverse("followup:invitation_accept", args=[secret_placeholder("token")]),
            "expires_at": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y %H:%M"),
        },
    )
    return invitation


def addressee_invitation_from_token(token):
    """The invitation whose link carries `token`, whatever its state, or None."""
    return (
        OrganisationInvitation.objects.select_related("organisation")
        .filter(token_digest=token_digest(token or ""))
        .first()
    )


def addressee_invitation_problem(invitation, now=None):
    """Why this invitation's link cannot be used any more, or None."""
    if invitation is None:
        return _("Ce lien d'invitation n'existe pas.")
    if invitation.accepted_at:
        return _("Cette invitation a déjà été acceptée.")
    if invitation.revoked_at:
        return _("Cette invitation a été annulée par le ministère.")
    if invitation.expires_at <= (now or timezone.now()):
        return _("Cette invitation a expiré. Demandez au ministère de vous en envoyer une nouvelle.")
    return None


@transaction.atomic
def addressee_invitation_accept(*, invitation, user):
    """Makes `user` a member of the invitation's organisation. The invitation row is locked, so one
    link makes one member; the address is taken as verified (the link reached it)."""
    invitation = (
        OrganisationInvitation.objects.select_for_update()
        .select_related("organisation")
        .get(pk=invitation.pk)
    )
    problem = addressee_invitation_problem(invitation)
    if problem:
        raise ValidationError(problem)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("Cette invitation a été envoyée à %(email)s : connectez-vous avec ce compte.")
            % {"email": invitation.email}
        )
    if OrganisationMember.objects.filter(user=user).exists():
        raise ValidationError(_("Votre compte répond déjà pour une organisation destinataire."))
    member = OrganisationMember.objects.create(organisation=invitation.organisation, user=user)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "primary": True}
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return member


@transaction.atomic
def addressee_invitation_accept_new_account(*, invitation, first_name, last_name, phone, password):
    """Creates the invited person's account and makes them a member, in one transaction. Refused if
    an account already uses the address."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("Un compte existe déjà avec cette adresse : connectez-vous pour accepter l'invitation.")
        )
    user = User.objects.create_user(
        email=invitation.email, password=password, first_name=first_name, last_name=last_name, phone=phone
    )
    return addressee_invitation_accept(invitation=invitation, user=user)


def addressee_invitation_revoke(*, invitation):
    """Cancels a pending invitation: its link stops working (and its mail, if not sent yet, is not)."""
    return OrganisationInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


# --- Progress notes -----------------------------------------------------------------------------


def _inspect_evidence(files):
    """Checks every file before anything is written: type from the content (the library's rules),
    size within FOLLOWUP_EVIDENCE_MAX_BYTES, at most FOLLOWUP_EVIDENCE_MAX_FILES. Raises
    ValidationError on "files" naming the file at fault."""
    if len(files) > settings.FOLLOWUP_EVIDENCE_MAX_FILES:
        raise ValidationError(
            {
                "files": ngettext(
                    "Joignez au plus %(limit)d fichier.",
                    "Joignez au plus %(limit)d fichiers.",
                    settings.FOLLOWUP_EVIDENCE_MAX_FILES,
                )
                % {"limit": settings.FOLLOWUP_EVIDENCE_MAX_FILES}
            }
        )
    inspections = []
    for uploaded in files:
        name = uploaded.name or "?"
        if uploaded.size > settings.FOLLOWUP_EVIDENCE_MAX_BYTES:
            raise ValidationError(
                {
                    "files": _("« %(name)s » pèse %(size)s ; la limite est de %(limit)s par fichier.")
                    % {
                        "name": name,
                        "size": filesizeformat(uploaded.size),
                        "limit": filesizeformat(settings.FOLLOWUP_EVIDENCE_MAX_BYTES),
                    }
                }
            )
        try:
            inspections.append((uploaded, inspect_upload(uploaded)))
        except ValidationError as error:
            raise ValidationError({"files": f"« {name} » : {' '.join(error.messages)}"}) from None
    return inspections


def progress_note_submit(*, recommendation, member, text, proposed_status="", files=()):
    """Records a progress note from `member` (an OrganisationMember) on a recommendation of their
    organisation, with its evidence files, for staff to review. Nothing is public yet and the
    status does not move. Every file is checked before anything is written; a refusal stores
    nothing. Raises ValidationError (on "text", "proposed_status" or "files")."""
    text = (text or "").strip()
    if recommendation.organisation_id != member.organisation_id:
        raise ValidationError(_("Cette recommandation n'est pas adressée à votre organisation."))
    if not text:
        raise ValidationError({"text": _("Décrivez l'avancement : la note ne peut pas être vide.")})
    if proposed_status and proposed_status not in RecommendationStatus.values:
        raise ValidationError({"proposed_status": _("Statut inconnu.")})
    inspections = _inspect_evidence(list(files))
    stored = []
    try:
        with transaction.atomic():
            note = ProgressNote.objects.create(
                recommendation=recommendation,
                organisation=member.organisation,
                author=member.user,
                text=text,
                proposed_status=proposed_status,
            )
            for uploaded, inspection in inspections:
                evidence = NoteEvidence(
                    note=note,
                    file=uploaded,
                    mime_type=inspection.file_type.mime,
                    size=inspection.size,
                    original_name=(uploaded.name or "fichier")[-255:],
                    sha256=inspection.sha256,
                )
                evidence.save()
                stored.append(evidence.file.name)
    except Exception:
        # The rows rolled back; the files already written would be orphans in the private storage.
        storage = NoteEvidence._meta.get_field("file").storage
        for name in stored:
            storage.delete(name)
        raise
    return note


def progress_note_publish(*, note, by):
    """Publishes a submitted note: it becomes a dated follow-up entry on the public pages and, when
    it proposes a status, the recommendation takes it (recommendation_add_update: one status
    history, the recommendation row locked). The note row is locked first, so two reviewers
    publish it once. Returns False, changing nothing, if it was no longer waiting."""
    with transaction.atomic():
        locked = ProgressNote.objects.select_for_update().get(pk=note.pk)
        if locked.state != NoteState.SUBMITTED:
            return False
        update = recommendation_add_update(
            recommendation=locked.recommendation, by=by, note=locked.text, status=locked.proposed_status
        )
        locked.state, locked.update = NoteState.PUBLISHED, update
        locked.reviewed_by, locked.reviewed_at = by, timezone.now()
        locked.save(update_fields=["state", "update", "reviewed_by", "reviewed_at"])
    note.refresh_from_db()
    return True


def progress_note_reject(*, note, reason, by):
    """Refuses a submitted note with `reason` (required), which its organisation reads on its page.
    Nothing public changes. Locks the note row; returns False if it was no longer waiting."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif du refus : l'organisation le lira.")})
    with transaction.atomic():
        locked = ProgressNote.objects.select_for_update().get(pk=note.pk)
        if locked.state != NoteState.SUBMITTED:
            return False
        locked.state, locked.rejection_reason = NoteState.REJECTED, reason
        locked.reviewed_by, locked.reviewed_at = by, timezone.now()
        locked.save(update_fields=["state", "rejection_reason", "reviewed_by", "reviewed_at"])
    note.refresh_from_db()
    return True
