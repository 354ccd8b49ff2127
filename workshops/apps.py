from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Ateliers")

    def ready(self):
        from portal.ground.notifications.services import outbox_secret_renderer_register  # noqa: PLC0415 -- apps.py loads before the models

        from . import signals  # noqa: F401, PLC0415 -- signals connect once the apps are ready; connects the public page cache invalidation
        from .documents import certificate_link_secret_parts  # noqa: PLC0415 -- same
        from .messaging.certificates import CERTIFICATE_LINK_SECRET  # noqa: PLC0415 -- same

        outbox_secret_renderer_register(name=CERTIFICATE_LINK_SECRET, renderer=certificate_link_secret_parts)
