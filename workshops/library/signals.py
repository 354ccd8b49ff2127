"""A file deleted or replaced leaves the private storage once the change commits; any change to
what the library pages show drops the cached public pages (portal/pagecache.py)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from portal.ground.pagecache import public_pages_changed

from .models import Communication, CommunicationFile
from .services import storage_file_delete_on_commit, workshop_zips_discard_on_commit


@receiver(pre_save, sender=CommunicationFile)
def _file_replaced(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    previous = CommunicationFile.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    if previous and previous != instance.file.name:
        storage_file_delete_on_commit(name=previous)


@receiver(post_delete, sender=CommunicationFile)
def _file_deleted(sender, instance, **kwargs):
    storage_file_delete_on_commit(name=instance.file.name)
    workshop_id = (
        Communication.objects.filter(pk=instance.communication_id)
        .values_list("workshop_id", flat=True)
        .first()
    )
    if workshop_id:
        workshop_zips_discard_on_commit(workshop_id=workshop_id)


@receiver(post_save, sender=Communication)
def _communication_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        workshop_zips_discard_on_commit(workshop_id=instance.workshop_id)


@receiver(post_save, sender=Communication)
@receiver(post_delete, sender=Communication)
@receiver(post_save, sender=CommunicationFile)
@receiver(post_delete, sender=CommunicationFile)
def _library_changed(sender, **kwargs):
    public_pages_changed()


@receiver(m2m_changed, sender=Communication.speakers.through)
def _speakers_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        public_pages_changed()
