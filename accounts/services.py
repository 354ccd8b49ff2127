"""What changes an account: a media actor's profile, a person's details, the deletion of an account,
the unlocking of its sign-in."""

import logging

from allauth.account import app_settings as allauth_account_settings
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications.services import outbox_forget_person
from workshops.models import ACTIVE_ENROLLMENT, Enrollment
from workshops.services import enrollment_anonymise

from .models import MediaActorProfile, Platform, User

logger = logging.getLogger(__name__)


def password_reset_secret_parts(ref):
    """The key of a password-reset link, made when the mail leaves: Django's token derives from the
    account's state (password, last login), so it is made again rather than stored, and stops
    working once the password is changed. None for an account gone or disabled."""
    user = User.objects.filter(pk=int(ref) if str(ref).isdigit() else 0, is_active=True).first()
    return {"key": allauth_account_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)} if user else None


def email_confirmation_secret_parts(ref):
    """The key of an address-confirmation link, made when the mail leaves (allauth's signed key of
    the address). None once the address is confirmed or removed."""
    address = EmailAddress.objects.filter(pk=int(ref) if str(ref).isdigit() else 0, verified=False).first()
    return {"key": EmailConfirmationHMAC(address).key} if address else None


PROFILE_FIELDS = ["first_name", "last_name", "phone", "commune", "preferred_channel", "reminders_enabled", "language"]


def _set_platforms(profile, platforms):
    profile.platforms.all().delete()
    Platform.objects.bulk_create(
        Platform(profile=profile, kind=row["kind"], handle=row["handle"], audience_size=row.get("audience_size"))
        for row in platforms
    )


def media_actor_profile_create(*, user, is_page_admin, is_web_activist, is_blogger, platforms):
    """Makes `user` a social-media actor with these roles and platforms (a list of dicts with
    kind, handle, audience_size). Runs inside the sign-up's transaction."""
    profile = MediaActorProfile.objects.create(
        user=user, is_page_admin=is_page_admin, is_web_activist=is_web_activist, is_blogger=is_blogger
    )
    _set_platforms(profile, platforms)
    return profile


@transaction.atomic
def media_actor_profile_update(*, user, is_page_admin, is_web_activist, is_blogger, platforms):
    """Replaces the actor's roles and platforms with exactly these (creating the profile of an
    account that had none)."""
    profile, _created = MediaActorProfile.objects.select_for_update().get_or_create(user=user)
    profile.is_page_admin, profile.is_web_activist, profile.is_blogger = is_page_admin, is_web_activist, is_blogger
    profile.save(update_fields=["is_page_admin", "is_web_activist", "is_blogger"])
    _set_platforms(profile, platforms)
    return profile


def user_profile_update(*, user, **values):
    """Updates the person's own details (only the fields of PROFILE_FIELDS)."""
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(user, name, value)
    user.save(update_fields=list(values))
    return user


def _anonymous_email(user):
    return f"compte-supprime-{user.pk}@anonyme.invalid"


@transaction.atomic
def user_account_delete(*, user):
    """Deletes the person's account, or anonymises it when the ministry must keep their presence
    in past workshops. Returns "deleted" or "anonymised".

    Refused (ValidationError) while the person holds an active enrollment in a workshop not over
    yet (they withdraw first, which frees the seat through the enrollment services), or while they
    are the last responsable of a party that has other officials.

    Anonymising keeps the account row (enrollments and attendance point to it and are protected)
    but removes everything that identifies the person: names, e-mail (replaced by a unique
    placeholder), phone, commune, password, e-mail addresses, profile and platforms, party role;
    the phone copied on their enrollments and in their history is erased too. Either way the
    journal of messages keeps no address, number, subject or body of theirs (outbox_forget_person).
    Locks the user row.
    """
    from accounts.parties.models import OfficialRole, PartyOfficial

    user = User.objects.select_for_update().get(pk=user.pk)
    upcoming = Enrollment.objects.filter(ACTIVE_ENROLLMENT, user=user, workshop__ends_at__gte=timezone.now())
    if upcoming.exists():
        titles = ", ".join(upcoming.values_list("workshop__title", flat=True))
        raise ValidationError(_("Retirez-vous d'abord de vos inscriptions aux ateliers à venir : %(titles)s.")
                              % {"titles": titles})
    official = PartyOfficial.objects.filter(user=user).first()
    if official and official.role == OfficialRole.RESPONSABLE:
        others = PartyOfficial.objects.filter(party_id=official.party_id).exclude(pk=official.pk)
        if others.exists() and not others.filter(role=OfficialRole.RESPONSABLE).exists():
            raise ValidationError(_("Désignez d'abord un autre responsable du parti : il ne peut rester sans responsable."))

    outbox_forget_person(user=user)
    PartyOfficial.objects.filter(user=user).delete()
    MediaActorProfile.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    if not Enrollment.objects.filter(user=user).exists():
        user.delete()
        return "deleted"

    for enrollment in Enrollment.objects.filter(user=user):
        enrollment_anonymise(enrollment=enrollment, by=None, why="compte supprimé à la demande de la personne")
    Enrollment.history.filter(user_id=user.pk).update(person_phone="")  # rows of enrollments moved away
    user.email = _anonymous_email(user)
    user.first_name = user.last_name = ""
    user.phone = ""
    user.commune = None
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return "anonymised"


def user_login_unlock(*, user, by):
    """Forgets the failed sign-ins counted against the account's addresses (the per-account part,
    `/key`, of ACCOUNT_RATE_LIMITS["login_failed"]), so that the person can sign in at once, as a
    password reset by e-mail does. The per-client counts (`/ip`) stay: they hold whoever failed,
    not the account. Logs who did it (ids only, no address); returns how many addresses were
    cleared."""
    # allauth counts failures per site and per typed address, lower-cased
    # (DefaultAccountAdapter._get_login_attempts_cache_key); its public clear() would also wipe
    # the count of the staff member's own address, hence the internal one with the key rates only.
    per_account = ",".join(rate for rate in (allauth_account_settings.RATE_LIMITS.get("login_failed") or "").split(",")
                           if rate.strip().endswith("/key"))
    domain = Site.objects.get_current().domain
    addresses = {user.email.lower(), *(a.lower() for a in EmailAddress.objects.filter(user=user).values_list(
        "email", flat=True))}
    for address in sorted(addresses):
        allauth_ratelimit.clear(None, app="allauth.account", action="login_failed",
                                config={"login_failed": per_account}, key=f"{domain}:{address}")
    logger.info("sign-in failures of user %s cleared by user %s", user.pk, by.pk)
    return len(addresses)
