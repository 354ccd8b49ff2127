"""A person's data from the relay kits and the recommendations' follow-up: in the export of Mon
espace, and gone from the back office when the account is deleted."""

import pytest
from django.test import Client
from django.utils import timezone

from portal.privacy import user_account_delete, user_data_export
from tests.factories import (
    AddresseeOrganisationFactory,
    CommunicationFactory,
    EnrollmentFactory,
    MediaActorFactory,
    OrganisationMemberFactory,
    PlatformFactory,
    RecommendationFactory,
    ReportFactory,
    WorkshopFactory,
)
from workshops.relay import services as relay
from workshops.reports.followup import services as followup
from workshops.reports.followup.models import OrganisationInvitation, OrganisationMember

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library_storage")]


def test_media_actor_finds_their_short_links_visits_and_declared_posts_in_the_export():
    workshop = WorkshopFactory(title="Atelier de Possotomè")
    talk = CommunicationFactory(workshop=workshop, title="Rumeurs et sécurité")
    profile = MediaActorFactory(user__email="relais@medias.bj")
    platform = PlatformFactory(profile=profile, kind="facebook", handle="Bénin Vérité", audience_size=1200)
    EnrollmentFactory(workshop=workshop, user=profile.user)
    link = relay.relay_links_ensure(actor=profile.user, communications=[talk])[talk.pk]
    Client().get(f"/r/{link.code}")
    relay.relay_post_declare(
        link=link, url="https://www.facebook.com/benin.verite/posts/1", platform=platform
    )

    data = user_data_export(user=profile.user)

    [exported_link] = data["relay"]["links"]
    assert (exported_link["communication"], exported_link["visits"]) == ("Rumeurs et sécurité", 1)
    assert [(p["url"], p["platform"], p["page"], p["audience_size"]) for p in data["relay"]["posts"]] == [
        ("https://www.facebook.com/benin.verite/posts/1", "facebook", "Bénin Vérité", 1200)
    ]
    assert link.code not in str(data)  # the link is theirs to read in Mon espace, not to export around


def test_member_of_an_addressee_finds_their_notes_and_invitations_then_deletion_leaves_no_trace(staff_user):
    directorate = AddresseeOrganisationFactory(name="Direction de la communication")
    member = OrganisationMemberFactory(organisation=directorate, user__email="aicha@misp.bj")
    recommendation = RecommendationFactory(
        report=ReportFactory(published=True), text="Former les attachés de presse", organisation=directorate
    )
    note = followup.progress_note_submit(
        recommendation=recommendation, member=member, text="Deux sessions tenues."
    )
    other = AddresseeOrganisationFactory(name="CENA", kind="cena")
    OrganisationInvitation.objects.create(
        organisation=other,
        email="Aicha@misp.bj",
        token_digest="d" * 64,
        invited_by=staff_user,
        expires_at=timezone.now() + timezone.timedelta(days=14),
    )

    data = user_data_export(user=member.user)

    assert data["addressee"]["organisation"]["name"] == "Direction de la communication"
    assert [i["organisation"] for i in data["addressee"]["invitations"]] == ["CENA"]
    assert [(n["text"], n["state"], n["files"]) for n in data["addressee"]["progress_notes"]] == [
        ("Deux sessions tenues.", note.state, [])
    ]

    assert user_account_delete(user=member.user) == "deleted"
    assert not OrganisationMember.objects.exists()
    assert list(OrganisationInvitation.objects.values_list("email", flat=True)) == [
        f"compte-supprime-{member.user.pk}@anonyme.invalid"
    ]


def test_member_of_an_addressee_finds_the_way_to_its_recommendations_in_mon_espace():
    member = OrganisationMemberFactory(
        organisation=AddresseeOrganisationFactory(name="CENA", kind="cena"), user__email="bio@cena.bj"
    )
    client = Client()
    client.force_login(member.user)
    page = client.get("/espace/").content.decode()
    assert 'href="/espace/suivi/"' in page and "Les recommandations adressées à CENA" in page
    other = OrganisationMemberFactory.build().user  # any account that answers for no organisation
    other.save()
    client.force_login(other)
    assert 'href="/espace/suivi/"' not in client.get("/espace/").content.decode()
