"""Account mails of allauth (address confirmation, password reset…) through the outbox, so they
are retried, logged and never lost like every other message.

    class AccountAdapter(OutboxMailAdapterMixin, DefaultAccountAdapter): ...
"""

import uuid

from allauth.core import context as allauth_context
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.utils.html import strip_tags

from .services import outbox_queue_rendered


class OutboxMailAdapterMixin:
    def send_mail(self, template_prefix, email, context):
        """Renders allauth's templates as allauth does and queues the result. Each call is a
        distinct message (a new reset link each time), hence a fresh uuid in the key."""

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        message = self.render_mail(template_prefix, email, ctx)
        html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
        text = message.body
        if message.content_subtype == "html":
            html, text = message.body, strip_tags(message.body)
        name = template_prefix.rsplit("/", 1)[-1]
        user = get_user_model().objects.filter(email__iexact=email).first()
        outbox_queue_rendered(
            kind=f"account-{name}"[:60], key=f"account-{name}:{uuid.uuid4().hex}", subject=message.subject,
            text=text, html=html, email=email, user=user,
            language=getattr(request, "LANGUAGE_CODE", None) if request is not None else None,
        )
