from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerDiemConfig(AppConfig):
    name = "workshops.perdiem"
    label = "perdiem"
    verbose_name = _("Per diem et transport")
