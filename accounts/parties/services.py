"""Everything that changes a party: its sign-up, its verification by the ministry, its officials,
its invitations and its roster of delegates."""

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from portal.ground.notifications.services import SecretLink, notification_queue, secret_placeholder
from portal.ground.tokens import derived_token, token_digest

from .delegate_csv import read_delegates
from .models import Delegate, OfficialRole, Party, PartyInvitation, PartyOfficial, PartyStatus
from .selectors import party_responsables
from .signals import delegate_anonymised

INVITATION_VALIDITY = datetime.timedelta(days=7)


# --- Sign-up and verification ------------------------------------------------------------------


def party_register(
    *, user, name, acronym, registration_number, registration_date, head_office_commune, logo=None
):
    """Creates a pending party whose first responsable is `user`. Runs inside the sign-up's
    transaction; the constraints on name, acronym and number are the last guard."""
    party = Party(
        name=name.strip(),
        acronym=acronym.strip(),
        registration_number=registration_number.strip(),
        registration_date=registration_date,
        head_office_commune=head_office_commune,
        logo=logo or "",
    )
    party._history_user = user
    party.save()
    PartyOfficial.objects.create(party=party, user=user, role=OfficialRole.RESPONSABLE)
    return party


def _notify_responsables(party, *, kind, template, context):
    for official in party_responsables(party_id=party.pk):
        notification_queue(
            kind=kind,
            key=f"{kind}:{party.pk}:{party.reviewed_at:%Y%m%d%H%M%S}:{official.user_id}",
            template=template,
            user=official.user,
            context={**context, "dashboard_url": _dashboard_url(official.user.language)},
        )


def _dashboard_url(language):
    """The party's space in the recipient's language: a link in a message keeps its language."""
    with translation.override(language):
        return reverse("accounts:dashboard")


def _party_context(party):
    return {
        "party_name": party.name,
        "party_acronym": party.acronym,
        "rejection_reason": party.rejection_reason,
    }


@transaction.atomic
def party_verify(*, party, by):
    """Marks the party verified by staff member `by` and e-mails its responsables (after commit).
    Locks the party row; verifying a verified party changes nothing and sends nothing."""
    party = Party.objects.select_for_update().get(pk=party.pk)
    if party.status == PartyStatus.VERIFIED:
        return party
    party.status = PartyStatus.VERIFIED
    party.rejection_reason = ""
    party.reviewed_by, party.reviewed_at = by, timezone.now()
    party._history_user = by
    party.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at"])
    _notify_responsables(
        party, kind="party-verified", template="party_verified", context=_party_context(party)
    )
    return party


@transaction.atomic
def party_reject(*, party, reason, by):
    """Rejects the party with `reason` (required), which is e-mailed to its responsables after
    commit. Locks the party row. A verified party may be rejected later (its registration was
    withdrawn): it can then no longer enroll."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif du rejet : il est envoyé au parti.")})
    party = Party.objects.select_for_update().get(pk=party.pk)
    party.status = PartyStatus.REJECTED
    party.rejection_reason = reason
    party.reviewed_by, party.reviewed_at = by, timezone.now()
    party._history_user = by
    party.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at"])
    _notify_responsables(
        party, kind="party-rejected", template="party_rejected", context=_party_context(party)
    )
    return party


# --- Officials and invitations -----------------------------------------------------------------


INVITATION_SECRET = "parties.invitation"


def _invitation_token(invitation_pk):
    """The token of an invitation's link: derived from its id under SECRET_KEY, so the server can
    make it again when the mail leaves (the journal of messages never holds it) while the
    database keeps only its digest."""
    return derived_token(salt="parties.invitation-token", value=invitation_pk)


def invitation_secret_parts(ref):
    """The secret of an invitation's mail, made at delivery: None once the invitation was
    accepted, revoked or has expired (a link that would not work is not sent)."""
    invitation = PartyInvitation.objects.open().filter(pk=int(ref) if str(ref).isdigit() else 0).first()
    return {"token": _invitation_token(invitation.pk)} if invitation else None


@transaction.atomic
def invitation_create(*, party, email, role, by):
    """Invites `email` to act for `party` with `role`; e-mails the link (after commit), valid for
    seven days. Refused when the address already acts for a party or has a pending invitation.
    One transaction: an invitation whose mail could not be queued is not kept (its link would
    exist nowhere, and the pending invitation would block a new one)."""
    email = email.strip().lower()
    if PartyOfficial.objects.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("Cette personne agit déjà pour un parti.")})
    if party.invitations.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).exists():
        raise ValidationError({"email": _("Une invitation est déjà en cours pour cette adresse.")})
    try:
        with transaction.atomic():
            # The token derives from the id: a random digest, matching no token, holds the unique
            # column until the id is known.
            invitation = PartyInvitation.objects.create(
                party=party,
                email=email,
                role=role,
                token_digest=secrets.token_hex(32),
                invited_by=by,
                expires_at=timezone.now() + INVITATION_VALIDITY,
            )
    except IntegrityError:  # the same invitation sent twice at once
        raise ValidationError({"email": _("Une invitation est déjà en cours pour cette adresse.")}) from None
    invitation.token_digest = token_digest(_invitation_token(invitation.pk))
    invitation.save(update_fields=["token_digest"])
    notification_queue(
        kind="party-invitation",
        key=f"party-invitation:{invitation.pk}",
        template="party_invitation",
        email=email,
        language=by.language,
        secret=SecretLink(renderer=INVITATION_SECRET, ref=invitation.pk),
        context={
            "party_name": party.name,
            "party_acronym": party.acronym,
            "role": invitation.get_role_display(),
            "invited_by": by.get_full_name() or by.email,
            "accept_url": reverse("parties:invitation_accept", args=[secret_placeholder("token")]),
            "expires_at": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y %H:%M"),
        },
    )
    return invitation


def invitation_from_token(token):
    """The invitation whose link carries `token`, whatever its state, or None."""
    return (
        PartyInvitation.objects.select_related("party").filter(token_digest=token_digest(token or "")).first()
    )


def invitation_problem(invitation, now=None):
    """Why this invitation's link cannot be used any more, or None."""
    if invitation is None:
        return _("Ce lien d'invitation n'existe pas.")
    if invitation.accepted_at:
        return _("Cette invitation a déjà été acceptée.")
    if invitation.revoked_at:
        return _("Cette invitation a été annulée par le parti.")
    if invitation.expires_at <= (now or timezone.now()):
        return _(
            "Cette invitation a expiré. Demandez au responsable du parti de vous en envoyer une nouvelle."
        )
    return None


@transaction.atomic
def invitation_accept(*, invitation, user):
    """Makes `user` an official of the invitation's party with its role. The invitation row is
    locked, so one link makes one official. The e-mail address is taken as verified: the link
    reached it."""
    invitation = PartyInvitation.objects.select_for_update().select_related("party").get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem:
        raise ValidationError(problem)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("Cette invitation a été envoyée à %(email)s : connectez-vous avec ce compte.")
            % {"email": invitation.email}
        )
    if PartyOfficial.objects.filter(user=user).exists():
        raise ValidationError(_("Votre compte agit déjà pour un parti."))
    official = PartyOfficial.objects.create(party=invitation.party, user=user, role=invitation.role)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "primary": True}
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return official


def invitation_revoke(*, invitation):
    """Cancels a pending invitation: its link stops working."""
    PartyInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


KEEP_A_RESPONSABLE = _("Le parti doit garder au moins un responsable.")


def _keeps_a_responsable(official, new_role=None):
    if official.role != OfficialRole.RESPONSABLE or new_role == OfficialRole.RESPONSABLE:
        return
    others = PartyOfficial.objects.filter(party_id=official.party_id, role=OfficialRole.RESPONSABLE).exclude(
        pk=official.pk
    )
    if not others.exists():
        raise ValidationError(KEEP_A_RESPONSABLE)


@transaction.atomic
def officials_update(*, party, roles, removed=()):
    """Applies several changes to a party's officials at once (the admin's inline): `roles` maps
    officials to their new role, `removed` lists officials to remove. Refused with a
    ValidationError, nothing changed, when the party would be left without responsable while it
    keeps officials. Locks the party row."""
    Party.objects.select_for_update().get(pk=party.pk)
    removed_ids = {official.pk for official in removed}
    staying = PartyOfficial.objects.filter(party=party).exclude(pk__in=removed_ids)
    new_roles = {official.pk: role for official, role in roles.items()}
    if staying.exists() and not any(new_roles.get(o.pk, o.role) == OfficialRole.RESPONSABLE for o in staying):
        raise ValidationError(KEEP_A_RESPONSABLE)
    for official in staying.filter(pk__in=new_roles):
        if official.role != new_roles[official.pk]:
            official.role = new_roles[official.pk]
            official.save(update_fields=["role"])
    PartyOfficial.objects.filter(pk__in=removed_ids).delete()


@transaction.atomic
def official_set_role(*, official, role):
    """Changes an official's role; the party keeps at least one responsable (party row locked)."""
    Party.objects.select_for_update().get(pk=official.party_id)
    official = PartyOfficial.objects.get(pk=official.pk)
    _keeps_a_responsable(official, role)
    official.role = role
    official.save(update_fields=["role"])
    return official


@transaction.atomic
def official_remove(*, official):
    """Removes an official from the party (their account stays); the party keeps a responsable."""
    Party.objects.select_for_update().get(pk=official.party_id)
    official = PartyOfficial.objects.get(pk=official.pk)
    _keeps_a_responsable(official)
    official.delete()


# --- Delegates ---------------------------------------------------------------------------------

DELEGATE_FIELDS = ["first_name", "last_name", "gender", "phone", "email", "commune", "party_role"]


def delegate_create(*, party, **values):
    """Adds a delegate to the party's roster. The same phone twice in one party is refused."""
    delegate = Delegate(party=party, **values)
    delegate.validate_constraints()
    delegate.save()
    return delegate


def delegate_update(*, delegate, **values):
    for name, value in values.items():
        if name not in DELEGATE_FIELDS:
            raise TypeError(name)
        setattr(delegate, name, value)
    delegate.validate_constraints()
    delegate.save(update_fields=list(values))
    return delegate


def delegate_archive(*, delegate):
    """Takes the delegate off the active roster; their enrollments and attendance stay."""
    Delegate.objects.filter(pk=delegate.pk, archived_at__isnull=True).update(archived_at=timezone.now())


def delegate_restore(*, delegate):
    Delegate.objects.filter(pk=delegate.pk).update(archived_at=None)


@transaction.atomic
def delegate_delete(*, delegate):
    """Deletes a delegate who was never enrolled; anybody else can only be archived, for the
    ministry's records. Locks the delegate row so that no enrollment slips in meanwhile."""
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    if delegate.enrollments.exists():
        raise ValidationError(
            _("Ce délégué a déjà été inscrit à un atelier : il peut être archivé, pas supprimé.")
        )
    delegate.delete()


@transaction.atomic
def delegate_import(*, party, content, expected):
    """Imports the valid lines of a CSV file into the party's roster, all in one transaction.

    The file is checked again under a lock on the party row (two imports of one party run one
    after the other). If the number of valid lines differs from `expected` — what the official
    saw in the report and confirmed — nothing is imported and the new report is returned, so that
    nobody imports something else than what they confirmed. Returns (report, created delegates).
    """
    Party.objects.select_for_update().get(pk=party.pk)
    report = read_delegates(content, party=party)
    if report.error or len(report.rows) != expected:
        return report, []
    created = Delegate.objects.bulk_create(Delegate(party=party, **row) for row in report.rows)
    return report, created


@transaction.atomic
def invitation_accept_new_account(*, invitation, first_name, last_name, phone, password):
    """Creates the invited person's account (e-mail verified: the link reached it) and makes them
    an official, in one transaction. Refused if an account already uses the address."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("Un compte existe déjà avec cette adresse : connectez-vous pour accepter l'invitation.")
        )
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
    )
    return invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def delegate_anonymise(*, delegate, by=None):
    """Erases a delegate's identity at their request, keeping their enrollments and attendance
    for the ministry's records: names replaced, e-mail and role erased (gender and commune stay,
    for the workshops' statistics), the phone replaced by a number Benin never issues (+229 00…, unique per delegate), the phone
    copied on enrollments and in their history erased (by the receivers of delegate_anonymised). The
    delegate is archived. Locks the row."""
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    delegate.first_name = _("Délégué")
    delegate.last_name = _("anonymisé n° %(number)d") % {"number": delegate.pk}
    delegate.email = delegate.party_role = ""
    delegate.phone = f"+22900{delegate.pk:08d}"
    delegate.archived_at = delegate.archived_at or timezone.now()
    delegate.save(update_fields=["first_name", "last_name", "email", "party_role", "phone", "archived_at"])
    # The workshops erase the phone copied on the delegate's enrollments (workshops/signals.py):
    # accounts does not know them, and this runs in the same transaction as their receivers.
    delegate_anonymised.send(sender=Delegate, delegate=delegate, by=by)
    return delegate
