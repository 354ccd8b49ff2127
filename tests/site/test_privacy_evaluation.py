"""A participant finds their questionnaire answers in their data export; deleting their account
erases what they wrote and keeps their scores in the workshop's figures."""

import datetime

import pytest
from django.utils import timezone

from portal.privacy import user_account_delete, user_data_export
from tests.factories import EnrollmentFactory
from tests.workshops.evaluation.stories import answers, questionnaire_for
from workshops.evaluation import services
from workshops.evaluation.models import Answer

pytestmark = pytest.mark.django_db


def test_participant_exports_their_answers_and_deletion_erases_their_words():
    held = timezone.now() - datetime.timedelta(days=3)
    enrollment = EnrollmentFactory(
        workshop__starts_at=held, workshop__registration_opens_at=held - datetime.timedelta(days=20)
    )
    questionnaire = questionnaire_for(enrollment.workshop)
    services.response_submit(
        enrollment=enrollment,
        phase="apres",
        answers=answers(questionnaire, right=True, remark="Je suis Awa, de Bohicon"),
        source="lien",
    )
    [exported] = user_data_export(user=enrollment.user)["evaluation"]
    assert exported["phase"] == "apres"
    assert {
        "question": "Une remarque ?",
        "score": None,
        "choices": [],
        "text": "Je suis Awa, de Bohicon",
    } in (exported["answers"])
    assert user_account_delete(user=enrollment.user) == "anonymised"
    assert not Answer.objects.exclude(text="").exists()
    assert Answer.objects.filter(scale=4).count() == 1
