from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "workshops.reports"
    label = "reports"
    verbose_name = _("Rapports et recommandations")

    def ready(self):
        from . import signals  # noqa: F401, PLC0415 -- signals connect once the apps are ready; connects the public page cache invalidation
