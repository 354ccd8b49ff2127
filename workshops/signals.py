"""Anything the public pages show changed: drop the cached pages (after commit).

Admin edits and services that save() go through these receivers. Services that change counters
with QuerySet.update() (seats) call portal.pagecache.public_pages_changed() themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from portal.pagecache import public_pages_changed

from .models import Commune, Partner, PartyAllocation, Session, Speaker, Theme, Venue, Workshop

# PartyAllocation: the workshop page shows the seats the parties' quotas hold.
SHOWN_ON_PUBLIC_PAGES = (Workshop, Session, Speaker, Venue, Partner, Theme, Commune, PartyAllocation)


@receiver(post_save)
@receiver(post_delete)
def _public_content_changed(sender, **kwargs):
    if sender in SHOWN_ON_PUBLIC_PAGES:
        public_pages_changed()


@receiver(m2m_changed, sender=Workshop.partners.through)
@receiver(m2m_changed, sender=Session.speakers.through)
def _public_relations_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        public_pages_changed()
