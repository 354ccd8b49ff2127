from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _

from portal.ground.notifications.allauth import OutboxMailAdapterMixin
from portal.ground.notifications.services import SecretLink

# The renderers of the secrets of account mails, registered in accounts/apps.py.
PASSWORD_RESET_SECRET = "accounts.password-reset"
EMAIL_CONFIRMATION_SECRET = "accounts.email-confirmation"


class AccountAdapter(OutboxMailAdapterMixin, DefaultAccountAdapter):
    """allauth as the ministry needs it: French messages and the person's details (phone, commune,
    language) on the account; its mails (confirmation, password reset) go through the outbox like
    every other message. Everybody lands on "Mon espace" (LOGIN_REDIRECT_URL)."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Trop de tentatives de connexion échouées. Par sécurité, réessayez dans quelques minutes "
            "ou réinitialisez votre mot de passe."
        ),
        "email_taken": _("Un compte existe déjà avec cette adresse e-mail."),
    }

    def mail_secret(self, template_prefix, email, context):
        """The password-reset and address-confirmation links are made again when the mail leaves
        (accounts/services.py): the journal of messages holds neither."""
        name = template_prefix.rsplit("/", 1)[-1]
        if name == "password_reset_key":
            return SecretLink(renderer=PASSWORD_RESET_SECRET, ref=context["user"].pk), {"key": context["key"]}
        if name in ("email_confirmation", "email_confirmation_signup"):
            address = EmailAddress.objects.get(user=context["user"], email__iexact=email)
            return SecretLink(renderer=EMAIL_CONFIRMATION_SECRET, ref=address.pk), {"key": context["key"]}
        return None

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        if data.get("phone"):
            user.phone = data["phone"]
        if data.get("commune"):
            user.commune = data["commune"]
        user.language = getattr(request, "LANGUAGE_CODE", None) or user.language
        if commit:
            user.save()
        return user
