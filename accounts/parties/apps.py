from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "accounts.parties"
    label = "parties"
    verbose_name = _("Partis politiques")

    def ready(self):
        from portal.ground.notifications.services import outbox_secret_renderer_register  # noqa: PLC0415 -- apps.py loads before the models

        from .services import INVITATION_SECRET, invitation_secret_parts  # noqa: PLC0415 -- apps.py loads before the models

        outbox_secret_renderer_register(name=INVITATION_SECRET, renderer=invitation_secret_parts)
