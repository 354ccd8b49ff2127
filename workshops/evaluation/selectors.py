"""Reads of the questionnaires: the questions of a phase, and the figures of a workshop's answers.

Public figures (the report's page and PDF, open data) are aggregates, and only from
PUBLIC_MINIMUM answers up: below that, a few answers would say what a few people think.
Free text is read by staff only."""

from django.db.models import Avg, Count, Prefetch, Q

from workshops.models import EnrollmentStatus

from .models import Answer, Choice, Phase, QuestionKind, Questionnaire, Response, Section

PUBLIC_MINIMUM = 5


def questionnaire_of(workshop):
    return Questionnaire.objects.filter(workshop=workshop).first()


def questions_for(*, questionnaire, phase):
    """The questions asked in `phase`, in order, their choices prefetched: satisfaction after the
    workshop only, the knowledge test before and after."""
    sections = (
        [Section.KNOWLEDGE] if Phase(phase) == Phase.BEFORE else [Section.KNOWLEDGE, Section.SATISFACTION]
    )
    return list(
        questionnaire.questions.filter(section__in=sections)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "pk")))
    )


def _percent(part, whole):
    return round(100 * part / whole) if whole else None


def evaluation_figures(*, workshop, public, questionnaire=None):
    """What the answers of `workshop`'s questionnaire say, or None when it has none.

    `public`: aggregates only, each part shown only from PUBLIC_MINIMUM answers (otherwise its
    figures are absent and `…_shown` is False); otherwise (staff) everything, free text too."""
    questionnaire = questionnaire or Questionnaire.objects.filter(workshop=workshop).first()
    if questionnaire is None:
        return None
    questions = list(questionnaire.questions.order_by("position", "pk").prefetch_related("choices"))
    counts = dict(
        Response.objects.filter(questionnaire=questionnaire)
        .values_list("phase")
        .annotate(n=Count("pk"))
        .values_list("phase", "n")
    )
    before, after = counts.get(Phase.BEFORE, 0), counts.get(Phase.AFTER, 0)
    invited = workshop.enrollments.filter(status=EnrollmentStatus.CONFIRMED).count()
    stats = {
        (row["question_id"], row["response__phase"]): row
        for row in Answer.objects.filter(response__questionnaire=questionnaire)
        .values("question_id", "response__phase")
        .annotate(n=Count("pk"), right=Count("pk", filter=Q(is_correct=True)), average=Avg("scale"))
    }
    picked = {
        row["choice_id"]: row["n"]
        for row in Answer.choices.through.objects.filter(
            answer__response__questionnaire=questionnaire, answer__response__phase=Phase.AFTER
        )
        .values("choice_id")
        .annotate(n=Count("pk"))
    }
    satisfaction_shown = not public or after >= PUBLIC_MINIMUM
    knowledge_shown = not public or (before >= PUBLIC_MINIMUM and after >= PUBLIC_MINIMUM)
    figures = {
        "questionnaire": questionnaire,
        "is_example": questionnaire.is_example,
        "minimum": PUBLIC_MINIMUM,
        "invited": invited,
        "before": {"responses": before, "rate": _percent(before, invited)},
        "after": {"responses": after, "rate": _percent(after, invited)},
        "satisfaction_shown": satisfaction_shown,
        "knowledge_shown": knowledge_shown,
        "satisfaction": [],
        "knowledge": [],
        "overall": None,
    }
    if satisfaction_shown:
        figures["satisfaction"] = [
            _satisfaction_row(question, stats.get((question.pk, Phase.AFTER), {}), picked, public)
            for question in questions
            if question.section == Section.SATISFACTION
            and not (public and question.kind == QuestionKind.TEXT)
        ]
    if knowledge_shown:
        totals = {Phase.BEFORE: [0, 0], Phase.AFTER: [0, 0]}
        for question in questions:
            if question.section != Section.KNOWLEDGE:
                continue
            row = {"question": question}
            for phase in Phase:
                found = stats.get((question.pk, phase), {})
                totals[phase][0] += found.get("right", 0)
                totals[phase][1] += found.get("n", 0)
                row[phase.name.lower()] = _percent(found.get("right", 0), found.get("n", 0))
            row["gain"] = _gain(row["before"], row["after"])
            figures["knowledge"].append(row)
        if figures["knowledge"]:
            overall_before = _percent(*totals[Phase.BEFORE])
            overall_after = _percent(*totals[Phase.AFTER])
            figures["overall"] = {
                "before": overall_before,
                "after": overall_after,
                "gain": _gain(overall_before, overall_after),
            }
    return figures


def _gain(before, after):
    return None if before is None or after is None else after - before


def _satisfaction_row(question, found, picked, public):
    row = {"question": question, "answers": found.get("n", 0), "average": None, "choices": [], "texts": []}
    if question.kind == QuestionKind.SCALE and found.get("average") is not None:
        row["average"] = round(found["average"], 1)
    elif question.has_choices:
        row["choices"] = [
            {
                "text": choice.text,
                "count": picked.get(choice.pk, 0),
                "percent": _percent(picked.get(choice.pk, 0), row["answers"]),
            }
            for choice in question.choices.all()
        ]
    elif question.kind == QuestionKind.TEXT and not public:
        row["texts"] = list(
            Answer.objects.filter(question=question)
            .exclude(text="")
            .order_by("pk")
            .values_list("text", flat=True)
        )
    return row


def response_list_for_staff(*, questionnaire):
    return Response.objects.filter(questionnaire=questionnaire).select_related(
        "enrollment__user", "enrollment__delegate"
    )
