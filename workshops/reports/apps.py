from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "workshops.reports"
    label = "reports"
    verbose_name = _("Rapports et recommandations")

    def ready(self):
        from portal.ground.notifications.services import outbox_secret_renderer_register  # noqa: PLC0415 -- apps.py loads before the models

        from . import signals  # noqa: F401, PLC0415 -- signals connect once the apps are ready; connects the public page cache invalidation
        from .followup.services import INVITATION_SECRET, addressee_invitation_secret_parts  # noqa: PLC0415 -- same

        outbox_secret_renderer_register(name=INVITATION_SECRET, renderer=addressee_invitation_secret_parts)
