"""What changes a questionnaire's answers and what sends it. Views, the admin and the tests call
these; none writes answers itself."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.ground.http import absolute_url
from portal.ground.notifications.services import (
    SecretLink,
    notification_queue,
    phone_as_text,
    secret_placeholder,
)
from workshops.messaging.content import workshop_message_context
from workshops.models import Enrollment, EnrollmentStatus

from .links import ANSWER_SECRET
from .models import Answer, Phase, QuestionKind, Response, Section
from .selectors import questions_for


class AlreadyAnswered(Exception):
    """One answer set per person and phase: the second one is refused, whole."""

    def __init__(self, phase):
        self.phase = Phase(phase)
        super().__init__(already_answered_message(phase))


def already_answered_message(phase):
    if Phase(phase) == Phase.BEFORE:
        return _(
            "Vous avez déjà répondu au questionnaire d'avant l'atelier : une seule réponse est possible. Merci !"
        )
    return _(
        "Vous avez déjà répondu au questionnaire d'après l'atelier : une seule réponse est possible. Merci !"
    )


def _answer_fields(question, value):
    """The Answer fields for `value` (what the form cleaned) or a French error. None: not answered."""
    if value in (None, "", [], ()):
        return None
    if question.kind == QuestionKind.SCALE:
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError(_("Choisissez une note de 1 à 5."))
        return {"scale": value}
    if question.kind == QuestionKind.TEXT:
        return {"text": str(value).strip()[:5000]} if str(value).strip() else None
    chosen = list(value) if question.kind == QuestionKind.MULTIPLE else [value]
    allowed = {choice.pk: choice for choice in question.choices.all()}
    if any(getattr(choice, "pk", choice) not in allowed for choice in chosen):
        raise ValidationError(_("Cette réponse n'est pas proposée pour cette question."))
    chosen = [allowed[getattr(choice, "pk", choice)] for choice in chosen]
    fields = {"choices": chosen}
    if question.section == Section.KNOWLEDGE:
        right = {choice.pk for choice in allowed.values() if choice.is_correct}
        fields["is_correct"] = {choice.pk for choice in chosen} == right
    return fields


def response_submit(*, enrollment, phase, answers, source, by=None):
    """Records the answers of `enrollment` for `phase`: `answers` maps a question's id to what its
    field cleaned (an int from 1 to 5, a text, a Choice or a list of Choices).

    One transaction: every answer is saved, or none. Raises ValidationError ({question id:
    message}) for a missing or impossible answer, AlreadyAnswered when the person has answered
    for this phase already (the database's unique constraint decides, even for two submissions
    at the same instant)."""
    phase = Phase(phase)
    questionnaire = enrollment.workshop.questionnaire
    if enrollment.status != EnrollmentStatus.CONFIRMED:
        raise ValidationError(_("Cette inscription n'est pas confirmée : le questionnaire n'est pas ouvert."))
    questions = questions_for(questionnaire=questionnaire, phase=phase)
    rows, errors = [], {}
    for question in questions:
        try:
            fields = _answer_fields(question, answers.get(question.pk))
        except ValidationError as error:
            errors[str(question.pk)] = error.messages
            continue
        if fields is None:
            if question.required:
                errors[str(question.pk)] = [_("Répondez à cette question.")]
            continue
        rows.append((question, fields))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                questionnaire=questionnaire, enrollment=enrollment, phase=phase, source=source, entered_by=by
            )
            for question, fields in rows:
                chosen = fields.pop("choices", [])
                answer = Answer.objects.create(response=response, question=question, **fields)
                if chosen:
                    answer.choices.set(chosen)
    except IntegrityError:
        if Response.objects.filter(enrollment=enrollment, phase=phase).exists():
            raise AlreadyAnswered(phase) from None
        raise
    return response


def questionnaire_send(*, workshop, phase, by=None):
    """Queues the questionnaire's link for `phase` to every confirmed participant who has not
    answered it yet, by e-mail or SMS through the outbox. The key
    ("evaluation-<phase>:<enrollment>") makes a second send queue nothing for those already sent.
    The link is made when the message leaves (links.answer_secret_parts): the journal keeps a
    placeholder. Returns the number of messages queued."""
    phase = Phase(phase)
    queued = 0
    enrollments = (
        Enrollment.objects.filter(workshop=workshop, status=EnrollmentStatus.CONFIRMED)
        .exclude(evaluation_responses__phase=phase)
        .select_related("user", "delegate", "workshop__venue__commune")
        .order_by("pk")
    )
    with transaction.atomic():
        for enrollment in enrollments:
            person = {"user": enrollment.user} if enrollment.user_id else {}
            language = enrollment.user.language if enrollment.user_id else "fr"
            if enrollment.delegate_id:
                person = {
                    "email": enrollment.delegate.email,
                    "phone": phone_as_text(enrollment.delegate.phone),
                }
            context = {
                **workshop_message_context(workshop, language=language),
                "recipient_name": enrollment.person_name,
                "phase": phase.value,
                "answer_url": absolute_url(
                    _answer_route(token=secret_placeholder("token"), language=language)
                ),
            }
            queued += notification_queue(
                kind=f"evaluation-{phase.value}",
                key=f"evaluation-{phase.value}:{enrollment.pk}",
                template="evaluation_questionnaire",
                context=context,
                language=language,
                secret=SecretLink(renderer=ANSWER_SECRET, ref=f"{enrollment.pk}:{phase.value}"),
                **person,
            )
    return queued


def _answer_route(*, token, language):
    with translation.override(language):
        return reverse("evaluation:answer", kwargs={"token": token})
