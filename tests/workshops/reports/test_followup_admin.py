"""The ministry's back office for the addressees: invitations by e-mail, review of progress notes
(publish, or refuse with a reason), read-only for a lecteur."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.ground.notifications.models import Outbox
from tests.factories import (
    PDF_BYTES,
    AddresseeOrganisationFactory,
    OrganisationMemberFactory,
    RecommendationFactory,
    ReportFactory,
    UserFactory,
)
from workshops.reports.followup import services
from workshops.reports.models import NoteState, OrganisationInvitation, ProgressNote

pytestmark = pytest.mark.django_db


def _staff(client, group, email):
    user = UserFactory(is_staff=True, email=email)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


@pytest.fixture
def note(library_storage):
    organisation = AddresseeOrganisationFactory(name="CENA", kind="cena")
    member = OrganisationMemberFactory(organisation=organisation, user__email="bio@cena.bj")
    recommendation = RecommendationFactory(report=ReportFactory(published=True), organisation=organisation)
    return services.progress_note_submit(
        recommendation=recommendation,
        member=member,
        text="Calendrier publié.",
        proposed_status="done",
        files=[SimpleUploadedFile("calendrier.pdf", PDF_BYTES)],
    )


def test_editor_invites_an_addressee_and_the_admin_never_shows_the_link(client):
    organisation = AddresseeOrganisationFactory(name="Direction de la communication")
    _staff(client, "éditeur", "editrice@misp.bj")

    response = client.post(
        reverse("admin:reports_organisationinvitation_add"),
        {"organisation": organisation.pk, "email": "Aicha@MISP.bj"},
    )
    assert response.status_code == 302
    invitation = OrganisationInvitation.objects.get()
    assert (invitation.email, invitation.organisation, invitation.invited_by.email) == (
        "aicha@misp.bj",
        organisation,
        "editrice@misp.bj",
    )
    assert Outbox.objects.get().key == f"addressee-invitation:{invitation.pk}"
    token = services.invitation_token(invitation.pk)
    page = client.get(
        reverse("admin:reports_organisationinvitation_change", args=[invitation.pk])
    ).content.decode()
    assert token not in page and invitation.token_digest not in page

    again = client.post(
        reverse("admin:reports_organisationinvitation_add"),
        {"organisation": organisation.pk, "email": "aicha@misp.bj"},
    )
    assert again.status_code == 200
    assert "Une invitation est déjà en cours pour cette adresse." in again.content.decode()
    assert OrganisationInvitation.objects.count() == 1 and Outbox.objects.count() == 1


def test_editor_refuses_a_note_only_with_a_reason(client, note):
    _staff(client, "éditeur", "editrice@misp.bj")
    changelist = reverse("admin:reports_progressnote_changelist")
    chosen = {"action": "reject", "_selected_action": [note.pk]}

    asked = client.post(changelist, chosen)
    assert asked.status_code == 200 and "Motif du refus" in asked.content.decode()
    empty = client.post(changelist, {**chosen, "apply": "1", "reason": "  "})
    assert "Ce champ est obligatoire." in empty.content.decode()
    note.refresh_from_db()
    assert note.state == NoteState.SUBMITTED

    done = client.post(changelist, {**chosen, "apply": "1", "reason": "Joignez l'arrêté."})
    assert done.status_code == 302
    note.refresh_from_db()
    assert (note.state, note.rejection_reason, note.recommendation.status) == (
        NoteState.REJECTED,
        "Joignez l'arrêté.",
        "proposed",
    )


def test_editor_reads_the_evidence_from_the_note_page_and_publishes(client, note):
    _staff(client, "éditeur", "editrice@misp.bj")
    page = client.get(reverse("admin:reports_progressnote_change", args=[note.pk])).content.decode()
    evidence = note.evidence.get()
    assert evidence.get_absolute_url() in page and "calendrier.pdf" in page
    assert b"".join(client.get(evidence.get_absolute_url()).streaming_content) == PDF_BYTES

    client.post(
        reverse("admin:reports_progressnote_changelist"), {"action": "publish", "_selected_action": [note.pk]}
    )
    note.refresh_from_db()
    note.recommendation.refresh_from_db()
    assert (note.state, note.recommendation.status) == (NoteState.PUBLISHED, "done")


def test_lecteur_reads_notes_but_is_offered_no_review_action(client, note):
    _staff(client, "lecteur", "lecteur@misp.bj")
    changelist = client.get(reverse("admin:reports_progressnote_changelist"))
    assert changelist.status_code == 200
    form = changelist.context["action_form"]
    assert ([name for name, _label in form.fields["action"].choices if name] if form else []) == []
    client.post(
        reverse("admin:reports_progressnote_changelist"), {"action": "publish", "_selected_action": [note.pk]}
    )
    assert ProgressNote.objects.get().state == NoteState.SUBMITTED


def test_existing_addressee_codes_become_organisations_their_recommendations_answer_through():
    """Migration 0003 on recommendations filed before the organisations existed."""
    import importlib

    from django.apps import apps

    from workshops.reports.models import AddresseeOrganisation

    migration = importlib.import_module("workshops.reports.migrations.0003_addressee_codes_to_organisations")
    ministry = RecommendationFactory(addressee="ministry")
    parties = RecommendationFactory(addressee="parties")
    precise = RecommendationFactory(
        addressee="ministry", organisation=AddresseeOrganisationFactory(name="CENA")
    )

    migration.forward(apps, None)
    migration.forward(apps, None)  # twice: nothing more

    assert sorted(AddresseeOrganisation.objects.values_list("name", "kind")) == [
        ("CENA", "directorate"),
        ("Directions du ministère", "directorate"),
        ("Partis politiques", "other"),
    ]
    for recommendation in (ministry, parties, precise):
        recommendation.refresh_from_db()
    assert (ministry.organisation.name, parties.organisation.name, precise.organisation.name) == (
        "Directions du ministère",
        "Partis politiques",
        "CENA",
    )
