"""Saving answers, alone (a responsable answering for a delegate) or with the enrollment they
come with (a social-media actor enrolling): one transaction, never an enrollment without its
required answers nor answers without their enrollment."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workshops import services as enrollment_services

from .models import NO, YES, QuestionKind, RegistrationAnswer, RegistrationQuestion


def registration_questions_of(*, workshop):
    return RegistrationQuestion.objects.filter(workshop=workshop)


def registration_answers_of(*, enrollment):
    """{question id: value} of the enrollment's answers."""
    return dict(RegistrationAnswer.objects.filter(enrollment=enrollment).values_list("question_id", "value"))


def _validate(question, value):
    if question.kind == QuestionKind.CHOICE and value not in question.option_list:
        raise ValidationError(_("« %(value)s » n'est pas un des choix proposés.") % {"value": value})
    if question.kind == QuestionKind.YES_NO and value not in (YES, NO):
        raise ValidationError(_("Répondez oui ou non."))
    if len(value) > 1000:
        raise ValidationError(_("Réponse trop longue (1 000 caractères au plus)."))


@transaction.atomic
def registration_answers_save(*, enrollment, answers):
    """Records `answers` ({question: value}) for `enrollment`: a value replaces the earlier
    answer, an empty one removes it. Questions of another workshop and wrong values are refused
    (ValidationError), and then nothing is saved."""
    for question, value in answers.items():
        value = (value or "").strip()
        if question.workshop_id != enrollment.workshop_id:
            raise ValidationError(_("Cette question n'est pas posée par cet atelier."))
        if not value:
            if question.required:
                raise ValidationError(
                    _("La question « %(label)s » demande une réponse.") % {"label": question.label}
                )
            RegistrationAnswer.objects.filter(enrollment=enrollment, question=question).delete()
            continue
        _validate(question, value)
        RegistrationAnswer.objects.update_or_create(
            enrollment=enrollment, question=question, defaults={"value": value}
        )


@transaction.atomic
def enrollment_create_for_media_actor_with_answers(*, workshop, user, by, join_waiting_list, answers):
    """Enrolls the social-media actor and records their answers, all or nothing."""
    enrollment = enrollment_services.enrollment_create_for_media_actor(
        workshop=workshop, user=user, by=by, join_waiting_list=join_waiting_list
    )
    registration_answers_save(enrollment=enrollment, answers=answers)
    return enrollment
