from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelayConfig(AppConfig):
    name = "workshops.relay"
    label = "relay"
    verbose_name = _("Relais des communications")

    def ready(self):
        from . import signals  # noqa: F401, PLC0415 -- signals connect once the apps are ready; replaced extracts leave the private storage
