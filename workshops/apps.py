from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Ateliers")

    def ready(self):
        from portal.ground.notifications.services import (  # noqa: PLC0415 -- apps.py loads before the models
            outbox_batch_labeller_register,
            outbox_secret_renderer_register,
            sms_inbound_handler_register,
        )

        from . import signals  # noqa: F401, PLC0415 -- signals connect once the apps are ready; connects the public page cache invalidation
        from .documents import certificate_link_secret_parts  # noqa: PLC0415 -- same
        from .messaging.certificates import CERTIFICATE_LINK_SECRET  # noqa: PLC0415 -- same
        from .messaging.presence import PRESENCE_SECRET, presence_secret_parts  # noqa: PLC0415 -- same
        from .messaging.selectors import campaign_labels  # noqa: PLC0415 -- it reads the models, loaded after apps.py
        from .models import BATCH_PREFIX  # noqa: PLC0415 -- the models load after apps.py
        from .services import presence_sms_reply  # noqa: PLC0415 -- same

        outbox_secret_renderer_register(name=CERTIFICATE_LINK_SECRET, renderer=certificate_link_secret_parts)
        outbox_secret_renderer_register(name=PRESENCE_SECRET, renderer=presence_secret_parts)
        sms_inbound_handler_register(handler=presence_sms_reply)
        # The delivery log names a campaign's batch of invitations after the campaign.
        outbox_batch_labeller_register(prefix=BATCH_PREFIX, labeller=campaign_labels)
