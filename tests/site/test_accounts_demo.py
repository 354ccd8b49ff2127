"""The demo data holds a verified party with its officials and delegates, a pending party and a
social-media actor, all able to sign in, and loading it twice duplicates nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import MediaActorProfile, Platform, User
from accounts.parties.models import Delegate, Party, PartyOfficial

pytestmark = pytest.mark.django_db


def test_demo_parties_and_actor_load_twice_and_can_sign_in(client, capsys):
    call_command("load_demo")
    counts = [
        model.objects.count() for model in (User, Party, PartyOfficial, Delegate, MediaActorProfile, Platform)
    ]
    call_command("load_demo")
    assert [
        model.objects.count() for model in (User, Party, PartyOfficial, Delegate, MediaActorProfile, Platform)
    ] == counts
    assert sorted(Party.objects.values_list("acronym", "status")) == [("PDA", "verified"), ("PDB", "pending")]
    assert Party.objects.get(acronym="PDA").delegates.count() == 8
    printed = capsys.readouterr().out
    for email in (
        "admin@misp.bj",
        "responsable.pda@exemple.bj",
        "membre.pda@exemple.bj",
        "responsable.pdb@exemple.bj",
        "blogueuse@exemple.bj",
    ):
        assert email in printed
    for email in ("admin@misp.bj", "blogueuse@exemple.bj", "responsable.pda@exemple.bj"):
        client.logout()
        response = client.post(reverse("account_login"), {"login": email, "password": "coproduction-2026"})
        assert response["Location"] == reverse("accounts:dashboard"), email
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Parti démo A (PDA)" in dashboard and "8 délégués actifs" in dashboard
