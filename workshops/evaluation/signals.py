"""What the public reports show of the questionnaires changed: drop the cached pages (after
commit), only when the workshop has a published report, so that a room full of participants
answering does not empty the whole cache."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.ground.pagecache import public_pages_changed
from workshops.reports.selectors import workshop_report_is_published

from .models import Choice, Question, Questionnaire, Response


def _workshop_id(instance):
    if isinstance(instance, Questionnaire):
        return instance.workshop_id
    if isinstance(instance, Choice):
        return (
            Question.objects.filter(pk=instance.question_id)
            .values_list("questionnaire__workshop_id", flat=True)
            .first()
        )
    return (
        Questionnaire.objects.filter(pk=instance.questionnaire_id)
        .values_list("workshop_id", flat=True)
        .first()
    )


@receiver(post_save)
@receiver(post_delete)
def _evaluation_changed(sender, instance, **kwargs):
    if sender not in (Questionnaire, Question, Choice, Response):
        return
    workshop_id = _workshop_id(instance)
    if workshop_report_is_published(workshop_id):
        public_pages_changed()
