"""The officials of a party in the admin: roles change and officials leave through the services,
so the party always keeps a responsable, whichever form staff use."""

import pytest
from django.urls import reverse

from accounts.parties.models import OfficialRole, PartyOfficial
from tests.factories import PartyOfficialFactory

pytestmark = pytest.mark.django_db


def _party_with_two_officials():
    responsable = PartyOfficialFactory(role=OfficialRole.RESPONSABLE)
    membre = PartyOfficialFactory(party=responsable.party, role=OfficialRole.MEMBRE)
    return responsable, membre


def _inline_data(party, rows):
    data = {
        "name": party.name,
        "acronym": party.acronym,
        "registration_number": party.registration_number,
        "registration_date": party.registration_date.isoformat() if party.registration_date else "",
        "head_office_commune": party.head_office_commune_id or "",
        "officials-TOTAL_FORMS": str(len(rows)),
        "officials-INITIAL_FORMS": str(len(rows)),
        "officials-MIN_NUM_FORMS": "0",
        "officials-MAX_NUM_FORMS": "1000",
    }
    for index, (official, role, delete) in enumerate(rows):
        data[f"officials-{index}-id"] = official.pk
        data[f"officials-{index}-party"] = party.pk
        data[f"officials-{index}-role"] = role
        if delete:
            data[f"officials-{index}-DELETE"] = "on"
    return data


def test_staff_cannot_demote_the_only_responsable_in_the_partys_inline(staff_client):
    responsable, membre = _party_with_two_officials()
    party = responsable.party
    response = staff_client.post(
        reverse("admin:parties_party_change", args=[party.pk]),
        _inline_data(
            party,
            [
                (responsable, OfficialRole.MEMBRE, False),
                (membre, OfficialRole.MEMBRE, False),
            ],
        ),
    )
    assert response.status_code == 200
    assert "Le parti doit garder au moins un responsable." in response.content.decode()
    assert sorted(PartyOfficial.objects.values_list("role", flat=True)) == ["membre", "responsable"]


def test_staff_cannot_remove_the_only_responsable_in_the_partys_inline(staff_client):
    responsable, membre = _party_with_two_officials()
    party = responsable.party
    response = staff_client.post(
        reverse("admin:parties_party_change", args=[party.pk]),
        _inline_data(
            party,
            [
                (responsable, OfficialRole.RESPONSABLE, True),
                (membre, OfficialRole.MEMBRE, False),
            ],
        ),
    )
    assert response.status_code == 200
    assert "Le parti doit garder au moins un responsable." in response.content.decode()
    assert set(PartyOfficial.objects.all()) == {responsable, membre}


def test_staff_swap_the_roles_of_two_officials_in_one_save_of_the_inline(staff_client):
    responsable, membre = _party_with_two_officials()
    party = responsable.party
    response = staff_client.post(
        reverse("admin:parties_party_change", args=[party.pk]),
        _inline_data(
            party,
            [
                (responsable, OfficialRole.MEMBRE, False),
                (membre, OfficialRole.RESPONSABLE, False),
            ],
        ),
    )
    assert response.status_code == 302
    responsable.refresh_from_db()
    membre.refresh_from_db()
    assert (responsable.role, membre.role) == (OfficialRole.MEMBRE, OfficialRole.RESPONSABLE)


def test_staff_cannot_demote_the_only_responsable_on_the_officials_page(staff_client):
    responsable, _membre = _party_with_two_officials()
    response = staff_client.post(
        reverse("admin:parties_partyofficial_change", args=[responsable.pk]), {"role": OfficialRole.MEMBRE}
    )
    assert response.status_code == 200
    assert "Le parti doit garder au moins un responsable." in response.content.decode()
    responsable.refresh_from_db()
    assert responsable.role == OfficialRole.RESPONSABLE


def test_staff_cannot_delete_the_only_responsable_on_the_officials_page(staff_client):
    responsable, membre = _party_with_two_officials()
    response = staff_client.post(
        reverse("admin:parties_partyofficial_delete", args=[responsable.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert set(PartyOfficial.objects.all()) == {responsable, membre}
