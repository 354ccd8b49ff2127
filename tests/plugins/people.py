"""The people of the stories: staff, a party's responsable with a roster, a social-media actor."""

import pytest


@pytest.fixture
def staff_user(db):
    from tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True, email="organisatrice@misp.bj")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def party_official(db):
    """The responsable of a verified party with four active delegates on its roster."""
    from tests.factories import DelegateFactory, PartyOfficialFactory

    official = PartyOfficialFactory(
        user__email="responsable@parti.bj", party__name="Union pour la Paix", party__acronym="UPP"
    )
    for first_name in ["Adjoa", "Bio", "Chabi", "Dossi"]:
        DelegateFactory(party=official.party, first_name=first_name)
    return official


@pytest.fixture
def media_actor(db):
    from tests.factories import MediaActorFactory

    return MediaActorFactory(
        user__email="blogueuse@medias.bj", user__first_name="Fifamè", user__last_name="Agbo"
    ).user
