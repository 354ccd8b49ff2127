"""An addressee organisation answers for its recommendations: staff invite its people by e-mail,
they post progress notes with evidence, staff publish or refuse them, and a published note is what
moves the recommendation's status. Each organisation sees only its own."""

import datetime

import pytest
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
    VerifiedUserFactory,
)
from tests.plugins.mail import mailed_link
from workshops.reports.followup import services
from workshops.reports.models import (
    NoteEvidence,
    NoteState,
    OrganisationMember,
    ProgressNote,
    RecommendationStatus,
    RecommendationUpdate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(library_storage):
    """The communication directorate (with Aïcha), the CENA (with Bio), a recommendation for each
    in a published report, and a staff member."""
    report = ReportFactory(published=True, workshop__title="Atelier de Bohicon")
    directorate = AddresseeOrganisationFactory(name="Direction de la communication")
    cena = AddresseeOrganisationFactory(name="CENA", kind="cena")
    return {
        "directorate": directorate,
        "cena": cena,
        "aicha": OrganisationMemberFactory(organisation=directorate, user__email="aicha@misp.bj"),
        "bio": OrganisationMemberFactory(organisation=cena, user__email="bio@cena.bj"),
        "ours": RecommendationFactory(
            report=report,
            text="Former les attachés de presse",
            organisation=directorate,
            due_date=datetime.date(2030, 6, 30),
        ),
        "theirs": RecommendationFactory(
            report=report, text="Publier le calendrier électoral", organisation=cena
        ),
        "staff": UserFactory(email="chef@misp.bj", is_staff=True),
        "storage": library_storage,
    }


def _pdf(name="rapport-avancement.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _stored_files(root):
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- Invitations -----------------------------------------------------------------------------------


def test_staff_invitation_mail_carries_a_working_link_that_the_journal_never_holds(
    client, smtp_server, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as delivery:
        invitation = services.addressee_invitation_create(
            organisation=world["cena"], email=" Kossi@CENA.bj ", by=world["staff"]
        )
    row = Outbox.objects.get(key=f"addressee-invitation:{invitation.pk}")
    assert (
        row.carries_secret and "/espace/suivi/invitation/__secret_token__/" in row.text
    )  # a placeholder only
    for callback in delivery:
        callback()

    [message] = smtp_server.to("kossi@cena.bj")
    assert " ".join(message["Subject"].split()) == "Invitation à suivre les recommandations adressées à CENA"
    link = mailed_link(message, "/espace/suivi/invitation/")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in str(list(Outbox.objects.values()))
    assert invitation.token_digest != token and len(invitation.token_digest) == 64

    response = client.post(
        link,
        {
            "first_name": "Kossi",
            "last_name": "Houngbo",
            "phone": "+2290197000001",
            "password1": "motdepasse-solide-2026",
            "password2": "motdepasse-solide-2026",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("followup:index")
    member = OrganisationMember.objects.get(user__email="kossi@cena.bj")
    assert member.organisation == world["cena"]
    assert client.get(link).status_code == 410  # one link, one member


def test_staff_cannot_invite_someone_who_already_answers_for_an_organisation(world):
    with pytest.raises(Exception) as refused:
        services.addressee_invitation_create(
            organisation=world["cena"], email="AICHA@misp.bj", by=world["staff"]
        )
    assert refused.value.message_dict == {
        "email": ["Cette personne répond déjà pour une organisation destinataire."]
    }


def test_signed_in_person_with_another_address_cannot_take_an_invitation(client, world):
    invitation = services.addressee_invitation_create(
        organisation=world["cena"], email="kossi@cena.bj", by=world["staff"]
    )
    intruder = VerifiedUserFactory(email="intrus@exemple.bj")
    with pytest.raises(Exception, match="kossi@cena.bj"):
        services.addressee_invitation_accept(invitation=invitation, user=intruder)
    assert not OrganisationMember.objects.filter(user=intruder).exists()


# --- Notes: posting, reviewing, publishing -------------------------------------------------------


def test_member_posts_a_note_with_evidence_that_stays_private_until_staff_publish_it(client, world):
    client.force_login(world["aicha"].user)
    url = reverse("followup:recommendation", args=[world["ours"].pk])
    response = client.post(
        url, {"text": "Deux sessions tenues en mai.", "proposed_status": "in_progress", "files": [_pdf()]}
    )
    assert response.status_code == 302

    note = ProgressNote.objects.get()
    assert (note.state, note.proposed_status, note.author, note.organisation) == (
        NoteState.SUBMITTED,
        "in_progress",
        world["aicha"].user,
        world["directorate"],
    )
    [evidence] = note.evidence.all()
    assert (evidence.original_name, evidence.mime_type, evidence.size) == (
        "rapport-avancement.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    world["ours"].refresh_from_db()
    assert world["ours"].status == RecommendationStatus.PROPOSED  # nothing moves before review
    assert (
        "Deux sessions tenues en mai."
        not in client.get(world["ours"].report.get_absolute_url()).content.decode()
    )
    download = client.get(evidence.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES


def test_publishing_a_note_moves_the_status_with_its_history_and_shows_it_publicly(client, world):
    note = services.progress_note_submit(
        recommendation=world["ours"], member=world["aicha"], text="Formation achevée.", proposed_status="done"
    )

    assert services.progress_note_publish(note=note, by=world["staff"]) is True
    assert services.progress_note_publish(note=note, by=world["staff"]) is False  # once

    recommendation = world["ours"]
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.DONE
    assert [(h.status, h.history_user) for h in recommendation.history.order_by("history_date")] == [
        ("proposed", None),
        ("done", world["staff"]),
    ]
    [update] = RecommendationUpdate.objects.all()
    assert (update.note, update.status, note.update) == ("Formation achevée.", "done", update)
    assert (note.state, note.reviewed_by) == (NoteState.PUBLISHED, world["staff"])
    page = client.get(recommendation.report.get_absolute_url()).content.decode()
    assert "Formation achevée." in page


def test_staff_refuse_a_note_with_a_reason_the_member_reads_and_nothing_public_changes(client, world):
    note = services.progress_note_submit(
        recommendation=world["ours"], member=world["aicha"], text="Tout est fait.", proposed_status="done"
    )
    with pytest.raises(Exception) as refused:
        services.progress_note_reject(note=note, reason="  ", by=world["staff"])
    assert refused.value.message_dict == {"reason": ["Indiquez le motif du refus : l'organisation le lira."]}

    assert services.progress_note_reject(
        note=note, reason="Joignez la liste des participants.", by=world["staff"]
    )
    world["ours"].refresh_from_db()
    assert world["ours"].status == RecommendationStatus.PROPOSED and not RecommendationUpdate.objects.exists()
    client.force_login(world["aicha"].user)
    page = client.get(reverse("followup:recommendation", args=[world["ours"].pk])).content.decode()
    assert "Refusée" in page and "Joignez la liste des participants." in page


# --- Isolation ----------------------------------------------------------------------------------


def test_member_sees_only_their_organisation_recommendations_notes_and_files(client, world):
    theirs = services.progress_note_submit(
        recommendation=world["theirs"],
        member=world["bio"],
        text="Brouillon de la CENA",
        files=[_pdf("cena.pdf")],
    )
    client.force_login(world["aicha"].user)

    listing = client.get(reverse("followup:index")).content.decode()
    assert "Former les attachés de presse" in listing and "Publier le calendrier électoral" not in listing
    assert client.get(reverse("followup:recommendation", args=[world["theirs"].pk])).status_code == 404
    assert client.get(theirs.evidence.get().get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("followup:recommendation", args=[world["theirs"].pk]), {"text": "x"}).status_code
        == 404
    )
    assert ProgressNote.objects.filter(organisation=world["directorate"]).count() == 0


def test_a_draft_report_recommendation_is_not_shown_to_its_addressee(client, world):
    hidden = RecommendationFactory(
        report=ReportFactory(), organisation=world["directorate"], text="Pas encore publique"
    )
    client.force_login(world["aicha"].user)
    assert "Pas encore publique" not in client.get(reverse("followup:index")).content.decode()
    assert client.get(reverse("followup:recommendation", args=[hidden.pk])).status_code == 404


# --- Bad input: a clear answer, nothing stored ----------------------------------------------------

EXECUTABLE = b"MZ\x90\x00" + b"\x00" * 200


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([SimpleUploadedFile("bilan.pdf", EXECUTABLE)], "programme exécutable"),
        ([SimpleUploadedFile("bilan.docx", PDF_BYTES)], "annonce « .docx » mais son contenu est du PDF"),
        ([SimpleUploadedFile("vide.pdf", b"")], "Le fichier soumis est vide"),
        ([SimpleUploadedFile("notes.txt", b"du texte")], "ne correspond à aucun type accepté"),
        ([_pdf(f"piece-{n}.pdf") for n in range(6)], "Joignez au plus 5 fichiers."),
    ],
    ids=["exécutable", "extension", "vide", "texte", "trop-nombreux"],
)
def test_member_sending_a_wrong_file_is_told_why_and_nothing_is_saved(client, world, files, message):
    client.force_login(world["aicha"].user)
    response = client.post(
        reverse("followup:recommendation", args=[world["ours"].pk]), {"text": "Avancement.", "files": files}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgressNote.objects.exists() and not NoteEvidence.objects.exists()
    assert _stored_files(world["storage"]) == []


def test_member_sending_a_huge_file_is_told_the_limit_and_nothing_is_saved(client, world, settings):
    settings.FOLLOWUP_EVIDENCE_MAX_BYTES = 1024 * 1024
    huge = _pdf("scan.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    client.force_login(world["aicha"].user)
    response = client.post(
        reverse("followup:recommendation", args=[world["ours"].pk]),
        {"text": "Avancement.", "files": [_pdf("ok.pdf"), huge]},
    )
    assert response.status_code == 400
    assert (
        "« scan.pdf » pèse 1,0\xa0Mio ; la limite est de 1,0\xa0Mio par fichier." in response.content.decode()
    )
    assert not ProgressNote.objects.exists() and _stored_files(world["storage"]) == []


def test_member_sending_an_empty_note_or_an_unknown_status_is_told_why(client, world):
    client.force_login(world["aicha"].user)
    url = reverse("followup:recommendation", args=[world["ours"].pk])
    empty = client.post(url, {"text": "   "})
    unknown = client.post(url, {"text": "Avancement.", "proposed_status": "termine"})
    assert empty.status_code == unknown.status_code == 400
    assert "Ce champ est obligatoire." in empty.content.decode()
    assert "Sélectionnez un choix valide" in unknown.content.decode()
    assert not ProgressNote.objects.exists()


def test_a_note_that_fails_while_storing_leaves_no_file_behind(world, monkeypatch):
    """The rows roll back; the files written before the failure are removed too."""
    from django.db import IntegrityError

    def refuse(*args, **kwargs):
        raise IntegrityError("disque plein")

    original = NoteEvidence.save
    calls = []

    def second_fails(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            refuse()
        return original(self, *args, **kwargs)

    monkeypatch.setattr(NoteEvidence, "save", second_fails)
    with pytest.raises(IntegrityError):
        services.progress_note_submit(
            recommendation=world["ours"],
            member=world["aicha"],
            text="Avancement.",
            files=[_pdf("a.pdf"), _pdf("b.pdf")],
        )
    assert not ProgressNote.objects.exists() and _stored_files(world["storage"]) == []


def test_member_pages_queries_do_not_grow_with_notes_and_files(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["aicha"].user)
    url = reverse("followup:recommendation", args=[world["ours"].pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
            assert client.get(reverse("followup:index")).status_code == 200
        return len(captured)

    services.progress_note_submit(recommendation=world["ours"], member=world["aicha"], text="Première")
    queries()  # the first request of the session also saves it
    few = queries()
    for n in range(5):
        services.progress_note_submit(
            recommendation=world["ours"],
            member=world["aicha"],
            text=f"Note {n}",
            files=[_pdf(f"piece-{n}.pdf"), _pdf(f"annexe-{n}.pdf")],
        )
        RecommendationFactory(report=world["ours"].report, organisation=world["directorate"])
    assert queries() == few


def test_evidence_whose_file_vanished_is_a_404_not_an_error(client, world, caplog):
    note = services.progress_note_submit(
        recommendation=world["ours"], member=world["aicha"], text="Avancement.", files=[_pdf()]
    )
    evidence = note.evidence.get()
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(world["aicha"].user)
    assert client.get(evidence.get_absolute_url()).status_code == 404
    assert f"evidence file {evidence.file.name} is missing" in caplog.text
