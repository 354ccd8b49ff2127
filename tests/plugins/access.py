"""The access matrix: one workshop and everybody around it."""

import pytest


def offered_actions(response):
    """The actions of a changelist's menu (none: the admin shows no menu at all)."""
    form = response.context["action_form"]
    return [name for name, _label in form.fields["action"].choices if name] if form else []


class AccessWorld:
    """Who is who in the access matrix, and the objects whose ids fill the URLs."""


@pytest.fixture
def access_world(db, library_storage):
    """A published workshop with a media actor, a delegate of party A and one of party B enrolled;
    its public, participants-only and staff-only communications with a file each; a published and
    a draft report; an invitation, a certificate for the media actor and one for party A's
    delegate, a reminders token; and one account per role."""
    import hashlib
    import secrets

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.parties.models import OfficialRole, PartyInvitation
    from portal.ground.notifications.services import reminders_stop_url
    from tests import factories as f
    from workshops.library.models import Visibility
    from workshops.models import Certificate

    world = AccessWorld()
    world.workshop = f.WorkshopFactory(title="Atelier de Parakou")
    world.speaker = f.SpeakerFactory(name="Commissaire Adé")
    responsable = f.PartyOfficialFactory(
        user__email="responsable@parti-a.bj", party__name="Parti A", party__acronym="PA"
    )
    world.party = responsable.party
    membre = f.PartyOfficialFactory(
        user__email="membre@parti-a.bj", party=world.party, role=OfficialRole.MEMBRE
    )
    other = f.PartyOfficialFactory(
        user__email="responsable@parti-b.bj", party__name="Parti B", party__acronym="PB"
    )
    world.membre_official, world.other_official = membre, other
    enrolled = f.MediaActorFactory(user__email="inscrite@medias.bj").user
    world.media_enrollment = f.EnrollmentFactory(workshop=world.workshop, user=enrolled)
    world.party_delegate = f.DelegateFactory(party=world.party)
    world.party_enrollment = f.EnrollmentFactory(
        workshop=world.workshop, delegate=f.DelegateFactory(party=world.party)
    )
    world.other_delegate = f.DelegateFactory(party=other.party)
    world.other_enrollment = f.EnrollmentFactory(
        workshop=world.workshop, delegate=f.DelegateFactory(party=other.party)
    )
    world.certificate = Certificate.objects.create(enrollment=world.media_enrollment)
    world.party_certificate = Certificate.objects.create(enrollment=world.party_enrollment)
    world.communications = {}
    world.files = {}
    for visibility in Visibility:
        communication = f.CommunicationFactory(
            workshop=world.workshop,
            visibility=visibility,
            title=f"Communication {visibility.value}",
            speakers=[world.speaker],
        )
        world.communications[visibility.value] = communication
        world.files[visibility.value] = f.CommunicationFileFactory(communication=communication)
    world.report = f.ReportFactory(published=True, workshop__title="Atelier de Lokossa")
    world.draft_report = f.ReportFactory(workshop__title="Atelier de Natitingou")
    world.invitation_token = secrets.token_urlsafe(32)
    world.invitation = PartyInvitation.objects.create(
        party=world.party,
        email="invitee@parti-a.bj",
        role=OfficialRole.MEMBRE,
        invited_by=responsable.user,
        token_digest=hashlib.sha256(world.invitation_token.encode()).hexdigest(),
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    world.other_invitation = PartyInvitation.objects.create(
        party=other.party,
        email="invitee@parti-b.bj",
        role=OfficialRole.MEMBRE,
        invited_by=other.user,
        token_digest=hashlib.sha256(b"autre").hexdigest(),
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    world.reminders_token = reminders_stop_url(user=enrolled).rstrip("/").rsplit("/", 1)[-1]
    _addressees_world(world, f)

    def staff(email, group=None, **fields):
        user = f.VerifiedUserFactory(email=email, is_staff=True, **fields)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    world.users = {
        "anonyme": None,
        "média inscrit": enrolled,
        "média non inscrit": f.MediaActorFactory(user__email="curieuse@medias.bj").user,
        "responsable": responsable.user,
        "membre": membre.user,
        "autre parti": other.user,
        "lecteur": staff("lecteur@misp.bj", "lecteur"),
        "éditeur": staff("editeur@misp.bj", "éditeur"),
        "organisateur": staff("organisateur@misp.bj", "organisateur"),
        "superutilisateur": staff("super@misp.bj", is_superuser=True),
        "destinataire": world.addressee_members["ours"],
        "autre destinataire": world.addressee_members["theirs"],
    }
    return world


def _addressees_world(world, f):
    """Two addressee organisations of the published report's recommendations, a member each, a
    progress note with an evidence file each, and a pending invitation (its token kept)."""
    from django.core.files.base import ContentFile

    from workshops.reports.followup import services as followup

    world.addressee_members, world.addressee_recommendations, world.evidence = {}, {}, {}
    for side, name, email in (
        ("ours", "Direction de la communication", "destinataire@misp.bj"),
        ("theirs", "CENA", "destinataire@cena.bj"),
    ):
        member = f.OrganisationMemberFactory(organisation__name=name, user__email=email)
        recommendation = f.RecommendationFactory(report=world.report, organisation=member.organisation)
        note = followup.progress_note_submit(
            recommendation=recommendation,
            member=member,
            text="Avancement",
            files=[ContentFile(f.PDF_BYTES, name="bilan.pdf")],
        )
        world.addressee_members[side] = member.user
        world.addressee_recommendations[side] = recommendation
        world.evidence[side] = note.evidence.get()
    invitation = followup.addressee_invitation_create(
        organisation=member.organisation,
        email="nouveau@cena.bj",
        by=f.UserFactory(email="chef-suivi@misp.bj", is_staff=True),
    )
    world.addressee_invitation_token = followup.invitation_token(invitation.pk)
