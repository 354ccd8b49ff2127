"""A workshop asks questions at enrollment: a social-media actor answers them on the enrollment
page, a party's responsable for each delegate; staff read the answers in the enrollments export.
Wrong answers get a French message and save nothing — not the enrollment either."""

from html import unescape

import pytest
from django.urls import reverse

from tests import factories as f
from tests.plugins.documents import admin_export, xlsx_rows
from workshops.models import Enrollment
from workshops.questions.models import QuestionKind, RegistrationAnswer, RegistrationQuestion
from workshops.services import enrollment_anonymise

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    workshop = f.WorkshopFactory(title="Atelier avec questions")
    RegistrationQuestion.objects.create(
        workshop=workshop,
        position=1,
        label="Votre fonction",
        kind=QuestionKind.CHOICE,
        options="Militant\nResponsable local\nÉlu",
        required=True,
    )
    RegistrationQuestion.objects.create(
        workshop=workshop,
        position=2,
        label="Besoin d'un accès pour fauteuil roulant ?",
        kind=QuestionKind.YES_NO,
    )
    RegistrationQuestion.objects.create(
        workshop=workshop, position=3, label="Besoins particuliers", kind=QuestionKind.TEXT
    )
    return workshop


def _fields(workshop, **values):
    questions = {q.position: q.pk for q in workshop.registration_questions.all()}
    return {f"question_{questions[int(position)]}": value for position, value in values.items()}


def test_a_media_actor_answers_when_enrolling_and_a_missing_answer_saves_nothing(client, workshop):
    actor = f.MediaActorFactory()
    client.force_login(actor.user)
    url = reverse("workshops:media_enroll", args=[workshop.slug])
    page = client.get(url).content.decode()
    assert "Votre fonction" in page and "Responsable local" in page

    # The required question left empty: a French message, no enrollment, no answer.
    response = client.post(url, {"action": "enroll", **_fields(workshop, **{"2": "oui"})})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Répondez aux questions de l'atelier" in html and "Ce champ est obligatoire" in html
    assert not Enrollment.objects.exists() and not RegistrationAnswer.objects.exists()

    # A forged option is refused the same way.
    client.post(url, {"action": "enroll", **_fields(workshop, **{"1": "Ministre"})})
    assert not Enrollment.objects.exists()

    response = client.post(
        url, {"action": "enroll", **_fields(workshop, **{"1": "Élu", "2": "non", "3": "Interprète en fon"})}
    )
    assert response.status_code == 302
    enrollment = Enrollment.objects.get()
    assert [(a.question.position, a.value) for a in enrollment.answers.all()] == [
        (1, "Élu"),
        (2, "non"),
        (3, "Interprète en fon"),
    ]

    # Later, they change an answer and clear another.
    client.post(url, {"action": "answers", **_fields(workshop, **{"1": "Militant", "2": "oui", "3": ""})})
    assert dict(enrollment.answers.values_list("question__position", "value")) == {1: "Militant", 2: "oui"}


def test_a_responsable_answers_for_a_delegate_and_a_membre_only_reads(client, workshop, party_official):
    enrollment = f.EnrollmentFactory(workshop=workshop, delegate=party_official.party.delegates.first())
    client.force_login(party_official.user)
    party_page = client.get(reverse("workshops:party_enroll", args=[workshop.slug])).content.decode()
    url = reverse("workshops:delegate_answers", args=[workshop.slug, enrollment.pk])
    assert url in party_page

    response = client.post(url, _fields(workshop, **{"1": "Responsable local", "2": "oui"}))
    assert response.status_code == 302
    assert dict(enrollment.answers.values_list("question__position", "value")) == {
        1: "Responsable local",
        2: "oui",
    }

    # Hostile input: a French message next to the field, nothing changed, never a 500.
    response = client.post(url, _fields(workshop, **{"1": "x\x00y", "2": "peut-être", "3": "z" * 5000}))
    assert response.status_code == 200
    assert dict(enrollment.answers.values_list("question__position", "value")) == {
        1: "Responsable local",
        2: "oui",
    }

    membre = f.PartyOfficialFactory(party=party_official.party, role="membre")
    client.force_login(membre.user)
    assert "Responsable local" in unescape(client.get(url).content.decode())
    assert client.post(url, _fields(workshop, **{"1": "Élu"})).status_code == 403

    stranger = f.PartyOfficialFactory()
    client.force_login(stranger.user)
    assert client.get(url).status_code == 404


def test_staff_read_the_answers_and_gender_in_the_enrollments_export(admin_client, workshop):
    delegate = f.DelegateFactory(gender="F")
    enrollment = f.EnrollmentFactory(workshop=workshop, delegate=delegate)
    for question, value in zip(
        workshop.registration_questions.all(), ["Élu", "oui", "=HYPERLINK(1)"], strict=True
    ):
        RegistrationAnswer.objects.create(enrollment=enrollment, question=question, value=value)
    response = admin_export(admin_client, reverse("admin:workshops_enrollment_changelist"), "xlsx")
    header, *rows = xlsx_rows(response.content)
    row = dict(zip(header, rows[0], strict=True))
    assert row["genre"] == "Femme"
    # One cell, beginning with the question: what people typed is never read as a formula.
    assert row["réponses aux questions"] == (
        "Votre fonction : Élu ; Besoin d'un accès pour fauteuil roulant ? : oui ; Besoins particuliers : =HYPERLINK(1)"
    )


def test_anonymising_an_enrollment_erases_its_answers(workshop):
    enrollment = f.EnrollmentFactory(workshop=workshop)
    RegistrationAnswer.objects.create(
        enrollment=enrollment, question=workshop.registration_questions.last(), value="Malvoyante"
    )
    enrollment_anonymise(enrollment=enrollment, by=None)
    assert not RegistrationAnswer.objects.exists()


def test_a_choice_question_needs_its_options(workshop):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationQuestion.objects.create(workshop=workshop, label="Choix ?", kind=QuestionKind.CHOICE)
