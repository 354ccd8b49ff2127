"""What must always hold about workshops and their agenda, refused by the database itself."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import (
    DelegateFactory,
    PartyOfficialFactory,
    SessionFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops import services
from workshops.models import PartyAllocation, Workshop, WorkshopStatus

pytestmark = pytest.mark.django_db


def _refused_by_database(**changes):
    workshop = WorkshopFactory()
    for field, value in changes.items():
        setattr(workshop, field, value)
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        workshop.save()
    return str(refused.value)


def test_database_refuses_a_workshop_that_ends_before_it_starts():
    workshop = WorkshopFactory.build()
    assert "starts_before_ends" in _refused_by_database(
        ends_at=workshop.starts_at - datetime.timedelta(hours=1)
    )


def test_database_refuses_a_party_quota_above_capacity():
    assert "quota_within_capacity" in _refused_by_database(capacity=10, party_quota=11)


def test_database_refuses_more_seats_taken_than_capacity():
    assert "not_overbooked" in _refused_by_database(capacity=5, party_quota=2, seats_taken=6)


def test_database_refuses_registration_closing_after_the_workshop_ends():
    workshop = WorkshopFactory.build()
    assert "registration_closes_before_end" in _refused_by_database(
        registration_closes_at=workshop.ends_at + datetime.timedelta(days=1)
    )


def test_database_refuses_a_cancellation_without_reason():
    assert "cancellation_has_reason" in _refused_by_database(status=WorkshopStatus.CANCELLED)


def test_database_refuses_a_negative_capacity():
    assert "capacity" in _refused_by_database(capacity=-1, party_quota=None)


def test_database_refuses_two_workshops_with_the_same_slug():
    WorkshopFactory(slug="atelier-unique")
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopFactory(slug="atelier-unique", title="Un autre")


def test_database_refuses_a_session_outside_its_workshop_days():
    session = SessionFactory()
    session.day = session.day + datetime.timedelta(days=3)
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        session.save()
        # The trigger is deferred to commit time, like a foreign key: force the check now.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert "workshops_session_within_workshop" in str(refused.value)


def test_database_refuses_moving_a_workshop_away_from_its_sessions():
    session = SessionFactory()
    workshop = session.workshop
    workshop.starts_at += datetime.timedelta(days=10)
    workshop.ends_at += datetime.timedelta(days=10)
    workshop.registration_closes_at += datetime.timedelta(days=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        workshop.save()
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_database_refuses_a_session_that_ends_before_it_starts():
    session = SessionFactory()
    session.ends_at = datetime.time(8)
    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


def test_validation_puts_french_messages_next_to_the_fields():
    workshop = WorkshopFactory.build(capacity=10, party_quota=12)
    workshop.ends_at = workshop.starts_at - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as invalid:
        workshop.full_clean()
    errors = invalid.value.message_dict
    assert errors["ends_at"] == ["La fin de l'atelier doit être postérieure à son début."]
    assert errors["party_quota"] == ["Le quota par parti (12) ne peut pas dépasser le nombre de places (10)."]


def test_validation_names_the_workshop_days_for_a_stray_session():
    session = SessionFactory()
    session.day = session.day + datetime.timedelta(days=5)
    with pytest.raises(ValidationError) as invalid:
        session.full_clean()
    assert list(invalid.value.message_dict) == ["day"]
    assert invalid.value.message_dict["day"][0].startswith("La séance doit avoir lieu pendant l'atelier")


def test_staff_publishes_a_draft_once():
    staff = UserFactory(is_staff=True)
    draft = WorkshopFactory(status=WorkshopStatus.DRAFT)
    assert services.workshop_publish(workshop=draft, by=staff) is True
    assert services.workshop_publish(workshop=draft, by=staff) is False
    draft.refresh_from_db()
    assert draft.status == WorkshopStatus.PUBLISHED
    assert draft.published_at is not None
    assert [h.history_user for h in draft.history.filter(status=WorkshopStatus.PUBLISHED)] == [staff]


def test_staff_cancels_with_a_reason_shown_to_the_public():
    staff = UserFactory(is_staff=True)
    workshop = WorkshopFactory()
    services.workshop_cancel(workshop=workshop, reason="Report pour raison de sécurité.", by=staff)
    assert Workshop.objects.get(pk=workshop.pk).cancellation_reason == "Report pour raison de sécurité."


@pytest.mark.parametrize(
    "quota, allowed", [(3, 3), (0, 0), (None, 10)], ids=["quota", "quota-of-zero", "no-quota"]
)
def test_a_party_starts_with_the_quota_or_the_whole_capacity_when_there_is_none(quota, allowed):
    # One rule for the enrollment service, the party's enrollment page and the report: a quota of
    # 0 holds no seat for parties; only a workshop without quota lets a party fill all of it.
    workshop = WorkshopFactory(capacity=10, party_quota=quota)
    official = PartyOfficialFactory()
    delegate = DelegateFactory(party=official.party)
    assert workshop.party_seats_default == allowed
    if allowed:
        services.enrollment_create_for_delegates(
            workshop=workshop, party=official.party, delegates=[delegate], by=official.user
        )
        assert PartyAllocation.objects.get(workshop=workshop, party=official.party).seats_allowed == allowed
    else:
        with pytest.raises(services.EnrollmentRefused) as refused:
            services.enrollment_create_for_delegates(
                workshop=workshop, party=official.party, delegates=[delegate], by=official.user
            )
        assert refused.value.message == "Quota du parti atteint (0/0)."
