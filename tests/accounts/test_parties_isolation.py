"""An official of party A never reaches party B's data: every private URL naming one of B's
objects answers 404 to A's responsable, and changes nothing."""

import pytest
from django.urls import reverse

from accounts.parties.models import Delegate, PartyInvitation, PartyOfficial
from tests.factories import DelegateFactory, PartyOfficialFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_parties():
    alice = PartyOfficialFactory(party__acronym="PDA", user__email="alice@pda.bj")
    bob = PartyOfficialFactory(party__acronym="PDB", user__email="bob@pdb.bj")
    bob_member = PartyOfficialFactory(party=bob.party, role="membre", user__email="bernard@pdb.bj")
    delegate = DelegateFactory(party=bob.party)
    invitation = PartyInvitation.objects.create(
        party=bob.party,
        email="invite@pdb.bj",
        token_digest="x" * 64,
        expires_at="2099-01-01T00:00:00Z",
        invited_by=bob.user,
    )
    return alice, {"delegate": delegate.pk, "official": bob_member.pk, "invitation": invitation.pk}


# (url name, object of party B, method, data)
PARTY_B_URLS = [
    ("parties:delegate_update", "delegate", "get", None),
    (
        "parties:delegate_update",
        "delegate",
        "post",
        {"first_name": "Pirate", "last_name": "X", "gender": "M", "phone": "+2290197999999", "commune": 1},
    ),
    ("parties:delegate_archive", "delegate", "post", {}),
    ("parties:delegate_restore", "delegate", "post", {}),
    ("parties:delegate_delete", "delegate", "get", None),
    ("parties:delegate_delete", "delegate", "post", {}),
    ("parties:official_set_role", "official", "post", {"role": "responsable"}),
    ("parties:official_remove", "official", "post", {}),
    ("parties:invitation_revoke", "invitation", "post", {}),
]


@pytest.mark.parametrize(
    ("name", "target", "method", "data"),
    PARTY_B_URLS,
    ids=[f"{method}-{name}" for name, _t, method, _d in PARTY_B_URLS],
)
def test_official_of_party_a_gets_404_on_party_b_urls(client, two_parties, name, target, method, data):
    alice, party_b = two_parties
    client.force_login(alice.user)
    before = (
        list(Delegate.objects.values()),
        list(PartyOfficial.objects.values()),
        list(PartyInvitation.objects.values()),
    )
    response = getattr(client, method)(reverse(name, args=[party_b[target]]), data)
    assert response.status_code == 404
    assert before == (
        list(Delegate.objects.values()),
        list(PartyOfficial.objects.values()),
        list(PartyInvitation.objects.values()),
    )


PARTY_PAGES = [
    "parties:delegate_list",
    "parties:delegate_create",
    "parties:delegate_import",
    "parties:delegate_template",
    "parties:official_list",
]
MANAGER_PAGES = ["parties:delegate_create", "parties:delegate_import"]


@pytest.mark.parametrize("name", PARTY_PAGES)
def test_accounts_without_a_party_get_404_on_party_pages(client, name):
    client.force_login(VerifiedUserFactory())
    assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", PARTY_PAGES)
def test_visitors_are_sent_to_log_in_from_party_pages(client, name):
    assert client.get(reverse(name))["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_membre_cannot_open_the_pages_that_change_the_roster(client, name):
    member = PartyOfficialFactory(role="membre")
    client.force_login(member.user)
    assert client.get(reverse(name)).status_code == 404


def test_membre_cannot_invite(client):
    member = PartyOfficialFactory(role="membre")
    client.force_login(member.user)
    assert (
        client.post(
            reverse("parties:official_list"), {"email": "x@exemple.bj", "role": "responsable"}
        ).status_code
        == 404
    )
    assert not PartyInvitation.objects.exists()


def test_roster_shows_only_the_party_own_delegates(client, two_parties):
    alice, _party_b = two_parties
    own = DelegateFactory(party=alice.party, last_name="Agbodjan")
    client.force_login(alice.user)
    response = client.get(reverse("parties:delegate_list"))
    assert list(response.context["delegates"]) == [own]


def test_roster_is_paginated_by_fifty(client):
    official = PartyOfficialFactory()
    DelegateFactory.create_batch(55, party=official.party)
    client.force_login(official.user)
    first = client.get(reverse("parties:delegate_list"))
    second = client.get(reverse("parties:delegate_list"), {"page": 2})
    assert (len(first.context["delegates"]), len(second.context["delegates"])) == (50, 5)
    assert "Page 1 sur 2" in first.content.decode()
    assert set(first.context["delegates"]).isdisjoint(second.context["delegates"])
