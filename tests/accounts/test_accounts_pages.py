"""Every page of accounts and parties: French, no inline code, bounded queries."""

import pytest
from django.urls import reverse

from tests.factories import (
    DelegateFactory,
    MediaActorFactory,
    PartyOfficialFactory,
    PlatformFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def responsable():
    official = PartyOfficialFactory()
    DelegateFactory.create_batch(12, party=official.party)
    from workshops.models import PartyAllocation

    for _n in range(4):
        PartyAllocation.objects.create(workshop=WorkshopFactory(), party=official.party, seats_allowed=3)
    return official


PARTY_PAGES = [
    "accounts:dashboard",
    "parties:delegate_list",
    "parties:delegate_create",
    "parties:delegate_import",
    "parties:official_list",
    "accounts:profile",
    "accounts:delete",
]


@pytest.mark.parametrize("name", PARTY_PAGES)
def test_party_pages_are_french_without_inline_code_and_bounded_in_queries(
    client, responsable, name, django_assert_max_num_queries
):
    client.force_login(responsable.user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse(name))
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="fr">' in html
    assert "<script>" not in html and " style=" not in html


@pytest.mark.parametrize("name", ["account_signup", "accounts:party_signup", "privacy", "account_login"])
def test_public_account_pages_have_no_inline_code(client, name):
    html = client.get(reverse(name)).content.decode()
    assert "<script>" not in html and " style=" not in html


def test_media_actor_dashboard_and_profile_are_bounded_in_queries(client, django_assert_max_num_queries):
    profile = MediaActorFactory()
    PlatformFactory.create_batch(3, profile=profile)
    client.force_login(profile.user)
    for name in ("accounts:dashboard", "accounts:profile"):
        with django_assert_max_num_queries(10):
            assert client.get(reverse(name)).status_code == 200


def test_staff_open_every_accounts_and_parties_admin_page(staff_client):
    from accounts.parties.models import PartyInvitation

    official = PartyOfficialFactory()
    delegate = DelegateFactory(party=official.party)
    profile = MediaActorFactory()
    PlatformFactory(profile=profile)
    invitation = PartyInvitation.objects.create(
        party=official.party, email="x@exemple.bj", token_digest="y" * 64, expires_at="2099-01-01T00:00:00Z"
    )
    objects = {
        "parties_party": official.party,
        "parties_partyofficial": official,
        "parties_delegate": delegate,
        "parties_partyinvitation": invitation,
        "accounts_mediaactorprofile": profile,
        "accounts_user": official.user,
    }
    for prefix, obj in objects.items():
        assert staff_client.get(reverse(f"admin:{prefix}_changelist")).status_code == 200, prefix
        assert staff_client.get(reverse(f"admin:{prefix}_change", args=[obj.pk])).status_code == 200, prefix
    assert staff_client.get(reverse("admin:parties_partyinvitation_add")).status_code == 403
