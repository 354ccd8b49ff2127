from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Ateliers")

    def ready(self):
        from portal.ground.notifications.services import outbox_batch_labeller_register  # noqa: PLC0415 -- apps.py loads before the models

        from . import signals  # noqa: F401, PLC0415 -- signals connect once the apps are ready; connects the public page cache invalidation
        from .messaging.selectors import campaign_labels  # noqa: PLC0415 -- it reads the models, loaded after apps.py
        from .models import BATCH_PREFIX  # noqa: PLC0415 -- the models load after apps.py

        # The delivery log names a campaign's batch of invitations after the campaign.
        outbox_batch_labeller_register(prefix=BATCH_PREFIX, labeller=campaign_labels)
