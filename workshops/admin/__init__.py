"""The workshops' back office, by concern: the catalogue's tables, a workshop's page and actions,
enrollments with the quota ledger and attendance. Invitation campaigns: workshops/messaging/admin.py."""

from ..messaging import admin as messaging_admin
from . import catalogue, enrollment, workshop

__all__ = ["catalogue", "enrollment", "messaging_admin", "workshop"]
