"""A kit's audio extract replaced or removed leaves the private storage once the change commits;
an actor's posts lose what names them when the actor's profile goes."""

from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from accounts.models import MediaActorProfile
from workshops.library.services import storage_file_delete_on_commit

from .models import RelayKit, RelayPost


@receiver(pre_save, sender=RelayKit)
def _extract_replaced(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    previous = RelayKit.objects.filter(pk=instance.pk).values_list("audio", flat=True).first()
    if previous and previous != instance.audio.name:
        storage_file_delete_on_commit(name=previous)


@receiver(post_delete, sender=RelayKit)
def _kit_deleted(sender, instance, **kwargs):
    storage_file_delete_on_commit(name=instance.audio.name)


@receiver(post_delete, sender=MediaActorProfile)
def _actor_profile_removed(sender, instance, **kwargs):
    # Anonymising an account (accounts.services.user_account_delete) removes the profile and keeps
    # the user row, so the links and posts stay; the address of a post and the page's name would
    # still say who the person was.
    RelayPost.objects.filter(link__actor_id=instance.user_id).update(url="", platform_handle="")
