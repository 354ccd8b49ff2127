"""The participation figures of a report come from the enrollments and the attendance sheet."""

import datetime

import pytest

from tests.factories import (
    AttendanceFactory,
    DelegateFactory,
    EnrollmentFactory,
    PartyAllocationFactory,
    PartyFactory,
    WorkshopFactory,
    workshop_days_come,
)
from workshops.models import EnrollmentStatus
from workshops.reports.selectors import PartyFigures, report_participation

pytestmark = pytest.mark.django_db


def _two_day_workshop():
    workshop = WorkshopFactory(party_quota=4)
    workshop.ends_at = workshop.starts_at + datetime.timedelta(days=1)
    workshop.save()
    return workshop


def _enroll(workshop, party, status=EnrollmentStatus.CONFIRMED):
    return EnrollmentFactory(workshop=workshop, delegate=DelegateFactory(party=party), status=status)


def test_report_figures_match_the_attendance_sheet_per_party_and_for_media_actors(
    django_assert_max_num_queries,
):
    workshop = workshop_days_come(_two_day_workshop())
    first_day, second_day = workshop.days()
    fcbe = PartyFactory(name="Forces cauris pour un Bénin émergent", acronym="FCBE")
    upr = PartyFactory(name="Union progressiste le renouveau", acronym="UPR")
    PartyAllocationFactory(workshop=workshop, party=upr, seats_allowed=2)
    PartyFactory(name="Parti sans délégué", acronym="PSD")  # neither allocated nor enrolled: not listed

    fcbe_present_twice = _enroll(workshop, fcbe)
    AttendanceFactory(enrollment=fcbe_present_twice, day=first_day)
    AttendanceFactory(enrollment=fcbe_present_twice, day=second_day)
    _enroll(workshop, fcbe)  # enrolled, never came
    _enroll(workshop, fcbe, status=EnrollmentStatus.WITHDRAWN)  # withdrew: neither enrolled nor present
    upr_second_day = _enroll(workshop, upr)
    AttendanceFactory(enrollment=upr_second_day, day=second_day)

    media_present = EnrollmentFactory(workshop=workshop)
    AttendanceFactory(enrollment=media_present, day=first_day)
    EnrollmentFactory(workshop=workshop)
    EnrollmentFactory(workshop=workshop, status=EnrollmentStatus.WAITING)

    other = WorkshopFactory()  # another workshop's attendance never counts here
    AttendanceFactory(enrollment=_enroll(other, fcbe))
    AttendanceFactory(enrollment=EnrollmentFactory(workshop=other))

    # 2 for the parties and the media actors, 2 for the breakdown by gender and département,
    # 1 for the verified parties that sent no one.
    with django_assert_max_num_queries(5):
        figures = report_participation(workshop=workshop)

    assert figures.parties == [
        PartyFigures(
            name="Forces cauris pour un Bénin émergent",
            acronym="FCBE",
            seats_allowed=4,
            enrolled=2,
            present=1,
        ),
        PartyFigures(
            name="Union progressiste le renouveau", acronym="UPR", seats_allowed=2, enrolled=1, present=1
        ),
    ]
    assert (figures.delegates_enrolled, figures.delegates_present) == (3, 2)
    assert (figures.media_enrolled, figures.media_present) == (2, 1)


def test_report_figures_of_a_workshop_nobody_attended_are_zero():
    workshop = WorkshopFactory(party_quota=None)
    party = PartyFactory()
    PartyAllocationFactory(workshop=workshop, party=party, seats_allowed=5)
    figures = report_participation(workshop=workshop)
    assert figures.parties == [
        PartyFigures(name=party.name, acronym=party.acronym, seats_allowed=5, enrolled=0, present=0)
    ]
    assert (figures.media_enrolled, figures.media_present) == (0, 0)
