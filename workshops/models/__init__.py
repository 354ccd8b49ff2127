"""The workshops' models, by concern: catalogue.py (themes, venues, partners, speakers),
workshop.py (a workshop, its statuses and sessions), enrollment.py (enrollments, quota ledger,
attendance, seat releases, certificates), campaign.py (invitation campaigns). Commune lives in the ground (portal/ground/geography.py)
and keeps this app's label: imported here so that it registers with the app's models."""

from portal.ground.geography import Commune, Department

from .campaign import BATCH_PREFIX, Campaign, campaign_batch
from .catalogue import Partner, Speaker, Theme, Venue
from .enrollment import (
    ACTIVE_ENROLLMENT,
    Attendance,
    Certificate,
    CheckinMethod,
    Enrollment,
    EnrollmentStatus,
    PartyAllocation,
    SeatRelease,
    SeatReleaseTarget,
    new_certificate_code,
    new_checkin_code,
)
from .workshop import (
    CARD_FIELDS,
    AttendanceRule,
    Audience,
    Session,
    Workshop,
    WorkshopQuerySet,
    WorkshopStatus,
)

__all__ = [
    "BATCH_PREFIX",
    "ACTIVE_ENROLLMENT",
    "CARD_FIELDS",
    "Attendance",
    "AttendanceRule",
    "Audience",
    "Campaign",
    "Certificate",
    "CheckinMethod",
    "Commune",
    "Department",
    "Enrollment",
    "EnrollmentStatus",
    "Partner",
    "PartyAllocation",
    "SeatRelease",
    "SeatReleaseTarget",
    "Session",
    "Speaker",
    "Theme",
    "Venue",
    "Workshop",
    "WorkshopQuerySet",
    "WorkshopStatus",
    "campaign_batch",
    "new_certificate_code",
    "new_checkin_code",
]
