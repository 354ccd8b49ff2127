from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerDiemConfig(AppConfig):
    name = "workshops.perdiem"
    label = "perdiem"
    verbose_name = _("Per diem et transport")

    def ready(self):
        from . import signals  # noqa: F401, PLC0415 -- receivers connect once the apps are ready
