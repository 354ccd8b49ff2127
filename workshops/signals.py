"""Anything the public pages show changed: drop the cached pages (after commit).

Admin edits and services that save() go through these receivers. Services that change counters
with QuerySet.update() (seats) call workshops.pages.workshop_seats_changed() themselves: a
workshop's seats refresh only the pages that show them.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accounts.parties.models import Delegate
from accounts.parties.signals import delegate_anonymised
from portal.ground.geography import Commune
from portal.ground.pagecache import public_pages_changed

from .models import Enrollment, Partner, PartyAllocation, Session, Speaker, Theme, Venue, Workshop
from .pages import workshop_seats_changed
from .services import enrollment_anonymise

SHOWN_ON_PUBLIC_PAGES = (Workshop, Session, Speaker, Venue, Partner, Theme, Commune)


@receiver(post_save)
@receiver(post_delete)
def _public_content_changed(sender, instance, **kwargs):
    if sender in SHOWN_ON_PUBLIC_PAGES:
        public_pages_changed()
    elif sender is PartyAllocation:
        # The seats the parties' quotas hold: shown with the workshop's seats, refreshed with them.
        workshop_seats_changed(workshop=instance.workshop)


@receiver(m2m_changed, sender=Workshop.partners.through)
@receiver(m2m_changed, sender=Session.speakers.through)
def _public_relations_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        public_pages_changed()


@receiver(delegate_anonymised, sender=Delegate)
def _delegate_anonymised(sender, delegate, by, **kwargs):
    """The phone copied on the delegate's enrollments, and in their history, goes too."""
    for enrollment in Enrollment.objects.filter(delegate=delegate):
        enrollment_anonymise(enrollment=enrollment, by=by, why="délégué anonymisé à sa demande")
    Enrollment.history.filter(delegate_id=delegate.pk).update(
        person_phone=""
    )  # rows of enrollments moved away
