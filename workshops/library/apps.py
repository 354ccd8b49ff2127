from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "workshops.library"
    label = "library"
    verbose_name = _("Bibliothèque des communications")

    def ready(self):
        from . import signals  # noqa: F401, PLC0415 -- signals connect once the apps are ready; old files leave storage, cached pages are dropped
