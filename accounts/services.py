"""What changes an account: a media actor's profile, a person's details. The deletion of an account
walks every app: portal/privacy.py."""

from django.db import transaction

from .models import MediaActorProfile, Platform

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
