from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "workshops.evaluation"
    label = "evaluation"
    verbose_name = _("Évaluation des ateliers")

    def ready(self):
        from portal.ground.notifications.services import outbox_secret_renderer_register  # noqa: PLC0415 -- apps.py loads before the models

        from . import signals  # noqa: F401, PLC0415 -- signals connect once the apps are ready; answers change the public reports
        from .links import ANSWER_SECRET, answer_secret_parts  # noqa: PLC0415 -- same

        outbox_secret_renderer_register(name=ANSWER_SECRET, renderer=answer_secret_parts)
