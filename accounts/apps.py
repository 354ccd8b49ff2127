from urllib.parse import urlsplit

from django.apps import AppConfig, apps
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_staff_groups(sender, using, **kwargs):
    """After every migrate (and every flush): every app's permissions exist, then the staff groups
    get exactly the permissions accounts/groups.py gives them."""
    from django.contrib.auth.management import create_permissions  # noqa: PLC0415 -- apps.py loads before the models
    from django.contrib.auth.models import Group, Permission  # noqa: PLC0415 -- apps.py loads before the models

    from .groups import staff_groups_sync  # noqa: PLC0415 -- apps.py loads before the models

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    staff_groups_sync(Group=Group, Permission=Permission)
    _sync_site(using)


def _sync_site(using):
    """allauth's e-mails name the site and its address: the portal's, not Django's example.com."""
    from django.contrib.sites.models import Site  # noqa: PLC0415 -- apps.py loads before the models

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": "Coproduction Sécurité"},
    )


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes")

    def ready(self):
        post_migrate.connect(_sync_staff_groups, sender=self, dispatch_uid="accounts-staff-groups")

        from portal.ground.notifications.services import outbox_secret_renderer_register  # noqa: PLC0415 -- apps.py loads before the models

        from .adapter import EMAIL_CONFIRMATION_SECRET, PASSWORD_RESET_SECRET  # noqa: PLC0415 -- apps.py loads before the models
        from .services import email_confirmation_secret_parts, password_reset_secret_parts  # noqa: PLC0415 -- apps.py loads before the models

        outbox_secret_renderer_register(name=PASSWORD_RESET_SECRET, renderer=password_reset_secret_parts)
        outbox_secret_renderer_register(
            name=EMAIL_CONFIRMATION_SECRET, renderer=email_confirmation_secret_parts
        )
