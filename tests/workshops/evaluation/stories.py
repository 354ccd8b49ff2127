"""A workshop's questionnaire as staff would build it, shared by the evaluation tests."""

from workshops.evaluation.models import Choice, Question, QuestionKind, Questionnaire, Section


def questionnaire_for(workshop, **fields):
    """Two test questions (one single choice, one multiple), a 1–5 scale, a single choice and a
    free-text satisfaction question."""
    questionnaire = Questionnaire.objects.create(workshop=workshop, **fields)
    law = Question.objects.create(
        questionnaire=questionnaire,
        section=Section.KNOWLEDGE,
        kind=QuestionKind.CHOICE,
        text="Qui coproduit la sécurité ?",
        position=1,
    )
    Choice.objects.create(question=law, text="La police seule", position=1)
    Choice.objects.create(question=law, text="L'État et les citoyens ensemble", is_correct=True, position=2)
    alerts = Question.objects.create(
        questionnaire=questionnaire,
        section=Section.KNOWLEDGE,
        kind=QuestionKind.MULTIPLE,
        text="Quels numéros d'urgence sont gratuits ?",
        position=2,
    )
    Choice.objects.create(question=alerts, text="Le 117", is_correct=True, position=1)
    Choice.objects.create(question=alerts, text="Le 118", is_correct=True, position=2)
    Choice.objects.create(question=alerts, text="Le 1234", position=3)
    Question.objects.create(
        questionnaire=questionnaire,
        section=Section.SATISFACTION,
        kind=QuestionKind.SCALE,
        text="Votre note",
        position=3,
    )
    useful = Question.objects.create(
        questionnaire=questionnaire,
        section=Section.SATISFACTION,
        kind=QuestionKind.CHOICE,
        text="Recommanderiez-vous l'atelier ?",
        position=4,
    )
    Choice.objects.create(question=useful, text="Oui", position=1)
    Choice.objects.create(question=useful, text="Non", position=2)
    Question.objects.create(
        questionnaire=questionnaire,
        section=Section.SATISFACTION,
        kind=QuestionKind.TEXT,
        text="Une remarque ?",
        required=False,
        position=5,
    )
    return questionnaire


def answers(questionnaire, *, right, phase="apres", note=4, remark=""):
    """Answers for `phase`: all right or all wrong in the test, `note` out of 5."""
    questions = {q.position: q for q in questionnaire.questions.prefetch_related("choices")}
    law, alerts = questions[1], questions[2]
    chosen = {
        law.pk: law.choices.get(is_correct=right),
        alerts.pk: list(alerts.choices.filter(is_correct=True))
        if right
        else [alerts.choices.get(text="Le 1234")],
    }
    if phase == "apres":
        chosen[questions[3].pk] = note
        chosen[questions[4].pk] = questions[4].choices.get(text="Oui")
        chosen[questions[5].pk] = remark
    return chosen


def questionnaire_ensure(workshop):
    """The workshop's questionnaire, made on first use (the access matrix and the fuzzing)."""
    found = Questionnaire.objects.filter(workshop=workshop).first()
    return found or questionnaire_for(workshop)


def typed_answers(questionnaire, *, note="", choice="", remark=""):
    """Form data whose scale, choice and text fields hold what a visitor typed."""
    questions = {q.position: q for q in questionnaire.questions.all()}
    return {
        f"q{questions[1].pk}": choice,
        f"q{questions[2].pk}": choice,
        f"q{questions[3].pk}": note,
        f"q{questions[4].pk}": choice,
        f"q{questions[5].pk}": remark,
    }
