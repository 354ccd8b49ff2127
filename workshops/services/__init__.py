"""Everything that changes a workshop, by capability. Views, admin actions, tasks and tests call
these, as `services.<name>` or from the module that owns them:

- statuses.py: a workshop's life (publish, close registration, mark held, cancel);
- enrollment.py: seats taken; enrollment_changes.py: given up, replaced, moved, promoted from the
  waiting list, anonymised; presence.py: the answer to "will you come?" (SMS 1/2 or a link);
- allocations.py: the parties' quota ledger;
- attendance.py and certificates.py: check-in, presence, certificates;
- seats.py: the locks and counters all of them go through; refusals.py: what they raise.
"""

from .allocations import allocation_release_unused, allocation_set_allowed
from .attendance import CheckinResult, attendance_check_in, attendance_day_problem, attendance_mark
from .certificates import certificates_issue
from .enrollment import (
    enrollment_create_by_staff,
    enrollment_create_for_delegates,
    enrollment_create_for_media_actor,
)
from .enrollment_changes import (
    enrollment_anonymise,
    enrollment_cancel_by_staff,
    enrollment_move_by_staff,
    enrollment_substitute,
    enrollment_withdraw,
    waiting_list_promote,
)
from .presence import presence_confirm, presence_release, presence_sms_reply
from .refusals import CheckinRefused, EnrollmentRefused, PhoneAlreadyEnrolled, WorkshopRefused
from .statuses import workshop_cancel, workshop_close_registration, workshop_mark_held, workshop_publish

__all__ = [
    "CheckinRefused",
    "CheckinResult",
    "EnrollmentRefused",
    "PhoneAlreadyEnrolled",
    "WorkshopRefused",
    "allocation_release_unused",
    "allocation_set_allowed",
    "attendance_check_in",
    "attendance_day_problem",
    "attendance_mark",
    "certificates_issue",
    "enrollment_anonymise",
    "enrollment_cancel_by_staff",
    "enrollment_create_by_staff",
    "enrollment_create_for_delegates",
    "enrollment_create_for_media_actor",
    "enrollment_move_by_staff",
    "enrollment_substitute",
    "enrollment_withdraw",
    "presence_confirm",
    "presence_release",
    "presence_sms_reply",
    "waiting_list_promote",
    "workshop_cancel",
    "workshop_close_registration",
    "workshop_mark_held",
    "workshop_publish",
]
