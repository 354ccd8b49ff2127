"""What changes an account: a media actor's profile, a person's details, the unlocking of its
sign-in, and the secrets of its mails. The deletion of an account walks every app: portal/privacy.py."""

import logging

from allauth.account import app_settings as allauth_account_settings
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.contrib.sites.models import Site
from django.db import transaction

from .models import MediaActorProfile, Platform, User

logger = logging.getLogger(__name__)


def password_reset_secret_parts(ref):
    """The key of a password-reset link, made when the mail leaves: Django's token derives from the
    account's state (password, last login), so it is made again rather than stored, and stops
    working once the password is changed. None for an account gone or disabled."""
    user = User.objects.filter(pk=int(ref) if str(ref).isdigit() else 0, is_active=True).first()
    return (
        {"key": allauth_account_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)} if user else None
    )


def email_confirmation_secret_parts(ref):
    """The key of an address-confirmation link, made when the mail leaves (allauth's signed key of
    the address). None once the address is confirmed or removed."""
    address = EmailAddress.objects.filter(pk=int(ref) if str(ref).isdigit() else 0, verified=False).first()
    return {"key": EmailConfirmationHMAC(address).key} if address else None


PROFILE_FIELDS = [
    "first_name",
    "last_name",
    "phone",
    "commune",
    "preferred_channel",
    "reminders_enabled",
    "language",
]


def _set_platforms(profile, platforms):
    profile.platforms.all().delete()
    Platform.objects.bulk_create(
        Platform(
            profile=profile, kind=row["kind"], handle=row["handle"], audience_size=row.get("audience_size")
        )
        for row in platforms
    )


def media_actor_profile_create(*, user, is_page_admin, is_web_activist, is_blogger, platforms, gender=""):
    """Makes `user` a social-media actor with these roles, optional self-declared gender and
    platforms (a list of dicts with kind, handle, audience_size). Runs inside the sign-up's
    transaction."""
    profile = MediaActorProfile.objects.create(
        user=user,
        is_page_admin=is_page_admin,
        is_web_activist=is_web_activist,
        is_blogger=is_blogger,
        gender=gender,
    )
    _set_platforms(profile, platforms)
    return profile


@transaction.atomic
def media_actor_profile_update(*, user, is_page_admin, is_web_activist, is_blogger, platforms, gender=None):
    """Replaces the actor's roles and platforms with exactly these (creating the profile of an
    account that had none); the gender too when given ("" clears it)."""
    profile, _created = MediaActorProfile.objects.select_for_update().get_or_create(user=user)
    profile.is_page_admin, profile.is_web_activist, profile.is_blogger = (
        is_page_admin,
        is_web_activist,
        is_blogger,
    )
    fields = ["is_page_admin", "is_web_activist", "is_blogger"]
    if gender is not None:
        profile.gender = gender
        fields.append("gender")
    profile.save(update_fields=fields)
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


def user_login_unlock(*, user, by):
    """Forgets the failed sign-ins counted against the account's addresses (the per-account part,
    `/key`, of ACCOUNT_RATE_LIMITS["login_failed"]), so that the person can sign in at once, as a
    password reset by e-mail does. The per-client counts (`/ip`) stay: they hold whoever failed,
    not the account. Logs who did it (ids only, no address); returns how many addresses were
    cleared."""
    # allauth counts failures per site and per typed address, lower-cased
    # (DefaultAccountAdapter._get_login_attempts_cache_key); its public clear() would also wipe
    # the count of the staff member's own address, hence the internal one with the key rates only.
    per_account = ",".join(
        rate
        for rate in (allauth_account_settings.RATE_LIMITS.get("login_failed") or "").split(",")
        if rate.strip().endswith("/key")
    )
    domain = Site.objects.get_current().domain
    addresses = {
        user.email.lower(),
        *(a.lower() for a in EmailAddress.objects.filter(user=user).values_list("email", flat=True)),
    }
    for address in sorted(addresses):
        allauth_ratelimit.clear(
            None,
            app="allauth.account",
            action="login_failed",
            config={"login_failed": per_account},
            key=f"{domain}:{address}",
        )
    logger.info("sign-in failures of user %s cleared by user %s", user.pk, by.pk)
    return len(addresses)
