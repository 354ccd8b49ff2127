from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Ateliers")

    def ready(self):
        from portal.ground.notifications.services import (  # noqa: PLC0415 -- apps.py loads before the models
            outbox_secret_renderer_register,
            sms_inbound_handler_register,
        )

        from . import signals  # noqa: F401, PLC0415 -- signals connect once the apps are ready; connects the public page cache invalidation
        from .documents import certificate_link_secret_parts  # noqa: PLC0415 -- same
        from .messaging.certificates import CERTIFICATE_LINK_SECRET  # noqa: PLC0415 -- same
        from .messaging.presence import PRESENCE_SECRET, presence_secret_parts  # noqa: PLC0415 -- same
        from .services import presence_sms_reply  # noqa: PLC0415 -- same

        outbox_secret_renderer_register(name=CERTIFICATE_LINK_SECRET, renderer=certificate_link_secret_parts)
        outbox_secret_renderer_register(name=PRESENCE_SECRET, renderer=presence_secret_parts)
        sms_inbound_handler_register(handler=presence_sms_reply)
