"""What a message says: its parts rendered from templates/notifications/<template>/ (subject.txt,
body.txt, optional body.html and sms.txt) in the recipient's language, the context every message
may use, and the channel it goes by.

An SMS is GSM-7 in two parts at most (sms/segments.py, sms_compose): when the context names an
`sms_link`, the SMS ends with it; `sms_shorten` names the part of the text (a title) that is cut
first when the text is too long."""

from dataclasses import dataclass

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from portal.ground.http import absolute_url

from ..models import OutboxChannel
from ..sms.segments import sms_compose
from .preferences import reminders_stop_url


def _render(template, name, context):
    """One part of a message. Only body.html is HTML: the subject, the plain-text body and the SMS
    are rendered without escaping, or a title like « L'éducation » would read "L&#x27;éducation"."""
    try:
        found = get_template(f"notifications/{template}/{name}")
    except TemplateDoesNotExist:
        return ""
    if name.endswith(".html"):
        return found.render(context).strip()
    return found.template.render(Context(context, autoescape=False)).strip()


def space_url(language):
    """The address of the person's "Mon espace", in their language."""
    with translation.override(language):
        try:
            return absolute_url(reverse("accounts:dashboard"))
        except NoReverseMatch:
            return absolute_url("/espace/" if language == settings.LANGUAGE_CODE else f"/{language}/espace/")


@dataclass
class Rendered:
    subject: str = ""
    text: str = ""
    html: str = ""
    sms_text: str = ""


def message_render(*, template, context, language, channel):
    """Subject, text, HTML and SMS text of `template` for `channel`, written in `language`."""
    with translation.override(language):
        if channel == OutboxChannel.SMS:
            sms = _render(template, "sms.txt", context) or " ".join(
                _render(template, "subject.txt", context).split()
            )
            return Rendered(
                sms_text=sms_compose(
                    sms, link=context.get("sms_link", ""), shorten=context.get("sms_shorten", "")
                )
            )
        subject = " ".join(_render(template, "subject.txt", context).split())
        text = _render(template, "body.txt", context)
        # A message without an HTML template of its own is still sent as HTML and plain text:
        # its text, escaped once, with its links made clickable, in the portal's mail layout.
        html = (
            _render(template, "body.html", context)
            or render_to_string(
                "notifications/includes/text_body.html",
                {"subject": subject, "text": text, "LANGUAGE_CODE": language},
            ).strip()
        )
        return Rendered(subject=subject, text=text, html=html)


def phone_as_text(phone):
    """A phone number (PhoneNumber or text) as E.164 text, "" for none."""
    if not phone:
        return ""
    return getattr(phone, "as_e164", None) or str(phone)


def channel_choose(*, user, email, phone):
    """Who has only a phone gets SMS; who has both gets what they chose in their profile."""
    if email and phone:
        return user.preferred_channel if user else OutboxChannel.EMAIL
    if email:
        return OutboxChannel.EMAIL
    if phone:
        return OutboxChannel.SMS
    return None


def message_context(context, *, user, email, phone, language):
    """`context` plus what every message may use: the site, the recipient, Mon espace, the stop link."""
    address = email or phone
    return {
        **context,
        "site_url": settings.SITE_URL,
        "recipient": user,
        "recipient_name": context.get("recipient_name") or (user.get_full_name() if user else ""),
        "space_url": space_url(language),
        "unsubscribe_url": reminders_stop_url(user=user, address=address, language=language),
    }
