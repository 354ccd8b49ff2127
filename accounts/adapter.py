from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

from portal.ground.notifications.allauth import OutboxMailAdapterMixin


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
