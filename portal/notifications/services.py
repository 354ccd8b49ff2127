"""The one door through which the portal sends a message to a person (e-mail or SMS).

Callers describe the message; this module decides the channel, renders it in the recipient's
language and delivers it after the surrounding transaction commits. `key` identifies the message
(e.g. "enrollment-confirmed:42"): a message with a key already used is never sent again.

Templates live in templates/notifications/<template>/: subject.txt, body.txt, optional body.html
and sms.txt (one SMS segment, 160 GSM characters, where possible).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def _render(template, name, context):
    try:
        return render_to_string(f"notifications/{template}/{name}", context).strip()
    except TemplateDoesNotExist:
        return ""


def notification_queue(*, kind, key, template, context, user=None, email="", phone="", language=None,
                       attachments=()):
    """Queues one message to a person, sent once after commit.

    `user` (an account) or `email`/`phone` (a delegate without account) say who receives it;
    `attachments` is a sequence of (filename, bytes, mimetype). Returns nothing: delivery state is
    the notification subsystem's business.
    """
    email = email or (user.email if user else "")
    language = language or (user.language if user else settings.LANGUAGE_CODE)
    context = {**context, "site_url": settings.SITE_URL, "recipient": user}
    with translation.override(language):
        subject = " ".join(_render(template, "subject.txt", context).split())
        text = _render(template, "body.txt", context)
        html = _render(template, "body.html", context)
    if not email:
        logger.warning("notification %s (%s) has no e-mail address; SMS delivery is not wired yet", key, kind)
        return

    def send():
        message = EmailMultiAlternatives(subject=subject, body=text, to=[email])
        if html:
            message.attach_alternative(html, "text/html")
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
        message.send()

    transaction.on_commit(send)
