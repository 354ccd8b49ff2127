"""Staff change a workshop's status and a party's quota only through the services."""

import pytest
from django.urls import reverse

from tests.factories import DelegateFactory, PartyOfficialFactory, WorkshopFactory
from workshops import services
from workshops.models import EnrollmentStatus, PartyAllocation, WorkshopStatus

pytestmark = pytest.mark.django_db


def test_staff_cancel_a_workshop_with_a_reason_and_every_enrollment_is_cancelled(staff_client, staff_user):
    workshop = WorkshopFactory(title="Sécurité des campagnes")
    official = PartyOfficialFactory()
    [seat] = services.enrollment_create_for_delegates(
        workshop=workshop,
        party=official.party,
        delegates=[DelegateFactory(party=official.party)],
        by=official.user,
    )
    changelist = reverse("admin:workshops_workshop_changelist")

    form = staff_client.post(changelist, {"action": "cancel", "_selected_action": [workshop.pk]})
    assert "Annuler des ateliers" in form.content.decode()
    staff_client.post(
        changelist,
        {
            "action": "cancel",
            "_selected_action": [workshop.pk],
            "apply": "1",
            "reason": "Report décidé par le ministère.",
        },
    )

    workshop.refresh_from_db()
    seat.refresh_from_db()
    assert (workshop.status, workshop.cancellation_reason, workshop.seats_taken) == (
        WorkshopStatus.CANCELLED,
        "Report décidé par le ministère.",
        0,
    )
    assert seat.status == EnrollmentStatus.CANCELLED
    assert PartyAllocation.objects.get(workshop=workshop).seats_taken == 0


def test_staff_cannot_change_the_status_through_the_workshop_form(staff_client):
    workshop = WorkshopFactory(status=WorkshopStatus.DRAFT)
    page = staff_client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk])).content.decode()
    assert 'name="status"' not in page and 'name="cancellation_reason"' not in page


def test_staff_lower_a_party_quota_but_never_below_its_filled_seats(staff_client):
    workshop = WorkshopFactory(party_quota=3)
    official = PartyOfficialFactory()
    services.enrollment_create_for_delegates(
        workshop=workshop,
        party=official.party,
        delegates=DelegateFactory.create_batch(2, party=official.party),
        by=official.user,
    )
    allocation = PartyAllocation.objects.get(workshop=workshop, party=official.party)
    url = reverse("admin:workshops_partyallocation_change", args=[allocation.pk])

    refused = staff_client.post(url, {"seats_allowed": "1"})
    assert (
        "Le parti occupe déjà 2 places : son quota ne peut pas descendre en dessous."
        in refused.content.decode()
    )
    allocation.refresh_from_db()
    assert (allocation.seats_allowed, allocation.seats_taken) == (3, 2)

    staff_client.post(url, {"seats_allowed": "2"})
    allocation.refresh_from_db()
    assert (allocation.seats_allowed, allocation.seats_taken) == (2, 2)
