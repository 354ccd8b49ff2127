"""A kit's audio extract replaced or removed leaves the private storage once the change commits."""

from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from workshops.library.services import storage_file_delete_on_commit

from .models import RelayKit


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
