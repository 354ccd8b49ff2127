"""Reads about one person's account."""

from .models import MediaActorProfile


def media_profile_of(user):
    return MediaActorProfile.objects.filter(user=user).prefetch_related("platforms").first()
