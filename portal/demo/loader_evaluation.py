"""Writes the demo's illustrative questionnaire of the Possotomè workshop and its answers
(portal/demo/data_evaluation.py), all marked as a fictitious example. Loading twice changes
nothing: the questionnaire is looked up by its workshop, answers by person and phase."""

from workshops.evaluation import services as evaluation_services
from workshops.evaluation.models import Choice, Question, Questionnaire, Response, ResponseSource
from workshops.models import Enrollment, EnrollmentStatus, Workshop

from .data import POSSOTOME_SLUG
from .data_evaluation import POSSOTOME_ANSWERS, POSSOTOME_EVALUATION_INTRO, POSSOTOME_QUESTIONS


def _questions(questionnaire):
    questions = []
    for position, (section, kind, text, choices) in enumerate(POSSOTOME_QUESTIONS, start=1):
        question, _ = Question.objects.update_or_create(
            questionnaire=questionnaire,
            position=position,
            defaults={"section": section, "kind": kind, "text": text, "required": kind != "texte"},
        )
        for order, (choice_text, right) in enumerate(choices, start=1):
            Choice.objects.update_or_create(
                question=question, position=order, defaults={"text": choice_text, "is_correct": right}
            )
        questions.append(question)
    return questions


def _answers(questions, *, rights, note=None, recommends=None):
    law, sources, satisfaction, recommend, _remark = questions
    chosen = {
        test.pk: test.choices.get(is_correct=right)
        for test, right in zip((law, sources), rights, strict=True)
    }
    if note is not None:
        chosen[satisfaction.pk] = note
        chosen[recommend.pk] = recommend.choices.get(text="Oui" if recommends else "Non")
    return chosen


def possotome_evaluation_write(*, staff):
    workshop = Workshop.objects.get(slug=POSSOTOME_SLUG)
    questionnaire, _ = Questionnaire.objects.update_or_create(
        workshop=workshop, defaults={"introduction": POSSOTOME_EVALUATION_INTRO, "is_example": True}
    )
    questions = _questions(questionnaire)
    enrollments = Enrollment.objects.filter(workshop=workshop, status=EnrollmentStatus.CONFIRMED).order_by(
        "pk"
    )
    for enrollment, (before, after, note, recommends) in zip(enrollments, POSSOTOME_ANSWERS, strict=False):
        for phase, rights in (("avant", before), ("apres", after)):
            if rights is None or Response.objects.filter(enrollment=enrollment, phase=phase).exists():
                continue
            evaluation_services.response_submit(
                enrollment=enrollment,
                phase=phase,
                answers=_answers(
                    questions,
                    rights=rights,
                    note=note if phase == "apres" else None,
                    recommends=recommends,
                ),
                source=ResponseSource.PAPER,
                by=staff,
            )
    return questionnaire
