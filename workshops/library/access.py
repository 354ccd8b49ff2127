"""Who may read a communication's files. The one place that answers it.

- public: anyone;
- participants: people with a confirmed enrollment in that workshop (or who attended it), the
  officials of a party that had confirmed delegates there, and staff;
- staff: staff only.

A `Reader` is built once per request; it costs at most one query, whatever the number of
communications it is asked about.
"""

from functools import cached_property

from django.db.models import Q

from workshops.models import Enrollment, EnrollmentStatus

from .models import Visibility

LEVELS = (Visibility.PUBLIC, Visibility.PARTICIPANTS, Visibility.STAFF)
# What a participant of the workshop may read there, and what anyone else may (staff: LEVELS).
PARTICIPANT_LEVELS = (Visibility.PUBLIC, Visibility.PARTICIPANTS)
ANYONE_LEVELS = (Visibility.PUBLIC,)


class Reader:
    def __init__(self, user):
        self.user = user

    @property
    def is_staff(self):
        return self.user.is_authenticated and self.user.is_staff

    @cached_property
    def participant_workshop_ids(self):
        """The workshops this person took part in, as a person or through their party."""
        if not self.user.is_authenticated:
            return frozenset()
        took_part = Q(status=EnrollmentStatus.CONFIRMED) | Q(attendances__isnull=False)
        own = Q(user=self.user)
        party = Q(party__isnull=False, party__officials__user=self.user)
        return frozenset(
            Enrollment.objects.filter(took_part, own | party)
            .order_by()
            .values_list("workshop_id", flat=True)
            .distinct()
        )

    def visibilities_in(self, workshop_id):
        """The visibility levels this person may read in this workshop."""
        if self.is_staff:
            return LEVELS
        if workshop_id in self.participant_workshop_ids:
            return PARTICIPANT_LEVELS
        return ANYONE_LEVELS

    def level_in(self, workshop_id):
        """The highest level readable in this workshop (names the cached zip of its files)."""
        return self.visibilities_in(workshop_id)[-1]

    def may_read(self, communication):
        return communication.visibility in self.visibilities_in(communication.workshop_id)

    def may_know_of(self, communication):
        """Whether the communication exists for this person at all: staff-only talks, and the
        talks of a workshop the public cannot see, exist for staff only (404 for anyone else)."""
        if self.is_staff:
            return True
        return communication.workshop.is_public and communication.visibility != Visibility.STAFF
