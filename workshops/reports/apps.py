from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "workshops.reports"
    label = "reports"
    verbose_name = _("Rapports et recommandations")

    def ready(self):
        from portal.notifications.services import outbox_secret_renderer_register

        from . import signals  # noqa: F401 -- connects the public page cache invalidation
        from .followup.services import INVITATION_SECRET, addressee_invitation_secret_parts

        outbox_secret_renderer_register(name=INVITATION_SECRET, renderer=addressee_invitation_secret_parts)
