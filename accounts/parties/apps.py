from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "accounts.parties"
    label = "parties"
    verbose_name = _("Partis politiques")

    def ready(self):
        from portal.notifications.services import outbox_secret_renderer_register

        from .services import INVITATION_SECRET, invitation_secret_parts

        outbox_secret_renderer_register(name=INVITATION_SECRET, renderer=invitation_secret_parts)
