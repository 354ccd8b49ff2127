"""Account mails of allauth (address confirmation, password reset…) through the outbox, so they
are retried, logged and never lost like every other message.

    class AccountAdapter(OutboxMailAdapterMixin, DefaultAccountAdapter):
        def mail_secret(self, template_prefix, email, context): ...

A mail whose link carries a secret (allauth passes it as `key`) is queued with a placeholder where
the secret was: the adapter's `mail_secret` names the renderer that makes it again at delivery.
"""

import uuid

from allauth.core import context as allauth_context
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured
from django.utils.html import strip_tags

from .services import outbox_queue_rendered, secret_placeholder

# What allauth calls the secret parts of its mails' context.
ALLAUTH_SECRET_KEYS = ("key", "code")


class OutboxMailAdapterMixin:
    def mail_secret(self, template_prefix, email, context):
        """(SecretLink, {placeholder name: the secret as it appears in `context`}) for a mail with a
        secret, None otherwise. A mail with a `key` or a `code` and no answer here is refused."""

    def send_mail(self, template_prefix, email, context):
        """Renders allauth's templates as allauth does and queues the result, its secret replaced by
        a placeholder. Each call is a distinct message (a new reset link each time), hence a
        fresh uuid in the key."""

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        secret, values = self.mail_secret(template_prefix, email, context) or (None, {})
        if secret is None and any(ctx.get(name) for name in ALLAUTH_SECRET_KEYS):
            raise ImproperlyConfigured(
                f"{template_prefix} carries a secret: the adapter's mail_secret must name it"
            )
        for name, value in values.items():
            ctx = {
                k: v.replace(value, secret_placeholder(name)) if isinstance(v, str) else v
                for k, v in ctx.items()
            }
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        text = message.body
        if message.content_subtype == "html":
            html, text = message.body, strip_tags(message.body)
        if any(value in part for value in values.values() for part in (message.subject, text, html)):
            # The template wrote the secret in a form the replacement did not catch: never stored.
            raise ImproperlyConfigured(
                f"{template_prefix} shows its secret in a form that cannot be replaced"
            )
        name = template_prefix.rsplit("/", 1)[-1]
        user = get_user_model().objects.filter(email__iexact=email).first()
        outbox_queue_rendered(
            kind=f"account-{name}"[:60],
            key=f"account-{name}:{uuid.uuid4().hex}",
            subject=message.subject,
            text=text,
            html=html,
            email=email,
            user=user,
            secret=secret,
            language=getattr(request, "LANGUAGE_CODE", None) if request is not None else None,
        )
