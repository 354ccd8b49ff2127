"""What the public report pages show changed: drop the cached pages (after commit).

Reports and recommendations change rarely. Participation figures come from enrollments and
attendance, which change all day while a workshop runs: those invalidate the pages only when
their workshop has a published report, so check-ins do not empty the whole cache.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.parties.models import Party
from portal.ground.pagecache import public_pages_changed
from workshops.models import Attendance, Enrollment, PartyAllocation

from .models import AddresseeOrganisation, Recommendation, RecommendationUpdate, Report, ReportStatus
from .selectors import workshop_report_is_published

SHOWN_ON_REPORT_PAGES = (Report, Recommendation, RecommendationUpdate, Party, AddresseeOrganisation)


@receiver(post_save)
@receiver(post_delete)
def _report_content_changed(sender, instance, **kwargs):
    if sender in SHOWN_ON_REPORT_PAGES:
        public_pages_changed()
    elif sender in (Enrollment, PartyAllocation):
        # Asked once the change is committed: the enrollment services save under their workshop's
        # row lock, and this question does not need it.
        workshop_id = instance.workshop_id
        transaction.on_commit(lambda: _report_pages_changed(workshop_id))
    elif sender is Attendance:
        enrollment = Attendance.enrollment.field.get_cached_value(instance, None)
        if enrollment is not None:
            # A check-in or a tick in the admin: the enrollment is the one just used, its workshop
            # known, and the question answered from the cache after commit, as for enrollments.
            workshop_id = enrollment.workshop_id
            transaction.on_commit(lambda: _report_pages_changed(workshop_id))
        elif Report.objects.filter(
            workshop__enrollments=instance.enrollment_id, status=ReportStatus.PUBLISHED
        ).exists():
            public_pages_changed()


def _report_pages_changed(workshop_id):
    if workshop_report_is_published(workshop_id):
        public_pages_changed()
