"""Answers are recorded whole and once per person and phase; the figures compare the test before
and after, and the public sees them only from five answers up."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import EnrollmentFactory, WorkshopFactory
from workshops.evaluation import services
from workshops.evaluation.models import Answer, Response
from workshops.evaluation.selectors import evaluation_figures

from .stories import answers, questionnaire_for

pytestmark = pytest.mark.django_db


def submit(enrollment, phase, **kwargs):
    questionnaire = enrollment.workshop.questionnaire
    return services.response_submit(
        enrollment=enrollment,
        phase=phase,
        answers=answers(questionnaire, phase=phase, **kwargs),
        source="lien",
    )


def test_participant_answers_once_per_phase_and_a_second_set_is_refused_in_french():
    enrollment = EnrollmentFactory()
    questionnaire_for(enrollment.workshop)
    submit(enrollment, "avant", right=False)
    submit(enrollment, "apres", right=True)
    with pytest.raises(services.AlreadyAnswered) as refused:
        submit(enrollment, "apres", right=False)
    assert "déjà répondu au questionnaire d'après l'atelier" in str(refused.value)
    assert Response.objects.filter(enrollment=enrollment).count() == 2


def test_a_missing_answer_saves_nothing_at_all():
    enrollment = EnrollmentFactory()
    questionnaire = questionnaire_for(enrollment.workshop)
    chosen = answers(questionnaire, right=True)
    chosen.pop(next(iter(chosen)))
    with pytest.raises(ValidationError) as refused:
        services.response_submit(enrollment=enrollment, phase="apres", answers=chosen, source="lien")
    assert "Répondez à cette question." in str(refused.value)
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)


def test_a_choice_of_another_question_or_a_note_of_six_is_refused():
    enrollment = EnrollmentFactory()
    questionnaire = questionnaire_for(enrollment.workshop)
    chosen = answers(questionnaire, right=True, note=6)
    with pytest.raises(ValidationError) as refused:
        services.response_submit(enrollment=enrollment, phase="apres", answers=chosen, source="lien")
    assert "Choisissez une note de 1 à 5." in str(refused.value)
    first, second = questionnaire.questions.order_by("position")[:2]
    chosen = answers(questionnaire, right=True)
    chosen[first.pk] = second.choices.first()
    with pytest.raises(ValidationError, match="pas proposée"):
        services.response_submit(enrollment=enrollment, phase="apres", answers=chosen, source="lien")
    assert Response.objects.count() == 0


def test_a_withdrawn_participant_cannot_answer():
    enrollment = EnrollmentFactory(status="withdrawn")
    questionnaire_for(enrollment.workshop)
    with pytest.raises(ValidationError, match="pas confirmée"):
        submit(enrollment, "avant", right=True)


def test_before_the_workshop_only_the_test_is_asked():
    enrollment = EnrollmentFactory()
    questionnaire_for(enrollment.workshop)
    response = submit(enrollment, "avant", right=True)
    assert response.answers.count() == 2


def test_figures_show_the_knowledge_gain_per_question_and_overall_to_staff(django_assert_max_num_queries):
    workshop = WorkshopFactory()
    questionnaire_for(workshop)
    enrollments = EnrollmentFactory.create_batch(6, workshop=workshop)
    for number, enrollment in enumerate(enrollments):
        submit(enrollment, "avant", right=number == 0)  # 1 in 6 right before
        if number < 5:
            submit(enrollment, "apres", right=number < 4, note=number % 5 + 1, remark=f"Remarque {number}")
    with django_assert_max_num_queries(12):
        figures = evaluation_figures(workshop=workshop, public=False)
    assert figures["before"] == {"responses": 6, "rate": 100}
    assert figures["after"] == {"responses": 5, "rate": 83}
    assert [(row["before"], row["after"], row["gain"]) for row in figures["knowledge"]] == [
        (17, 80, 63),
        (17, 80, 63),
    ]
    assert figures["overall"] == {"before": 17, "after": 80, "gain": 63}
    note, recommend, remark = figures["satisfaction"]
    assert note["average"] == 3.0
    assert [(c["text"], c["count"]) for c in recommend["choices"]] == [("Oui", 5), ("Non", 0)]
    assert remark["texts"] == [f"Remarque {n}" for n in range(5)]


def test_public_figures_wait_for_five_answers_and_never_show_free_text():
    workshop = WorkshopFactory()
    questionnaire_for(workshop)
    enrollments = EnrollmentFactory.create_batch(5, workshop=workshop)
    for enrollment in enrollments[:4]:
        submit(enrollment, "avant", right=False)
        submit(enrollment, "apres", right=True, remark="Mon nom est Awa")
    figures = evaluation_figures(workshop=workshop, public=True)
    assert not figures["knowledge_shown"] and not figures["satisfaction_shown"]
    assert figures["knowledge"] == figures["satisfaction"] == [] and figures["overall"] is None

    submit(enrollments[4], "apres", right=True)
    figures = evaluation_figures(workshop=workshop, public=True)
    assert figures["satisfaction_shown"] and not figures["knowledge_shown"]  # 4 answers before only
    assert [row["question"].text for row in figures["satisfaction"]] == [
        "Votre note",
        "Recommanderiez-vous l'atelier ?",
    ]
    submit(enrollments[4], "avant", right=False)
    figures = evaluation_figures(workshop=workshop, public=True)
    assert figures["overall"] == {"before": 0, "after": 100, "gain": 100}


def test_a_workshop_without_questionnaire_has_no_figures():
    assert evaluation_figures(workshop=WorkshopFactory(), public=True) is None
