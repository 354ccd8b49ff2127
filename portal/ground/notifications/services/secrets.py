"""Messages with a secret link (a password reset, an invitation): queued with `secret=SecretLink(…)`
and `secret_placeholder(name)` where the secret goes. The row keeps the placeholder, and the
renderer the domain registered makes the secret again at delivery, in memory. The outbox knows no
domain: it only asks a renderer, by name, for the values of the placeholders."""

import re
from dataclasses import dataclass

from django.utils.html import escape

from .rendering import Rendered

# Lower-case letters and underscores only: a placeholder goes through URL reversing, HTML escaping
# and urlize unchanged, so it is found again at delivery wherever the template put it.
_PLACEHOLDER = re.compile(r"__secret_([a-z]+)__")
_SECRET_RENDERERS = {}


@dataclass(frozen=True)
class SecretLink:
    """A message's secret, as the row stores it: the name of a registered renderer and what it
    needs to make the secret again (an id, never the secret itself)."""

    renderer: str
    ref: str | int


def secret_placeholder(name):
    """What a message holds where its secret `name` (lower-case letters) goes until delivery."""
    if not (name.isascii() and name.isalpha() and name.islower()):
        raise ValueError(f"secret name {name!r}: lower-case letters only")
    return f"__secret_{name}__"


def outbox_secret_renderer_register(*, name, renderer):
    """Registers `renderer(ref)` for the messages queued with SecretLink(renderer=name, ref=…). It
    returns {placeholder name: value} for the message about to leave, or None when the secret no
    longer exists (a link used, revoked or expired): that message is then not sent. Domains
    register theirs in their AppConfig.ready, so every worker knows them."""
    _SECRET_RENDERERS[name] = renderer


def secret_fields(secret, rendered):
    """The row's fields for `secret`. A secret without a placeholder in the message means the domain
    rendered the link itself: refused, or the journal would show it."""
    if secret is None:
        return {}
    if secret.renderer not in _SECRET_RENDERERS:
        raise ValueError(f"no secret renderer registered as {secret.renderer!r}")
    if not any(
        _PLACEHOLDER.search(part)
        for part in (rendered.subject, rendered.text, rendered.html, rendered.sms_text)
    ):
        raise ValueError(f"a message carrying a secret ({secret.renderer}) shows no secret_placeholder()")
    return {"carries_secret": True, "secret_renderer": secret.renderer, "secret_ref": str(secret.ref)}


def delivered_parts(row):
    """What is sent for `row`: its stored parts, with its secrets made now, in memory only (the row
    is never saved with them: outcomes are written with update() on named fields). None when the
    renderer says the secret no longer exists."""
    parts = Rendered(subject=row.subject, text=row.text, html=row.html, sms_text=row.sms_text)
    if not row.carries_secret:
        return parts
    renderer = _SECRET_RENDERERS.get(row.secret_renderer)
    values = renderer(row.secret_ref) if renderer else None
    wanted = {name for part in vars(parts).values() for name in _PLACEHOLDER.findall(part)}
    if values is None or not wanted <= values.keys():
        return None

    def fill(content, html=False):
        return _PLACEHOLDER.sub(lambda match: escape(values[match[1]]) if html else values[match[1]], content)

    return Rendered(
        subject=fill(parts.subject),
        text=fill(parts.text),
        html=fill(parts.html, html=True),
        sms_text=fill(parts.sms_text),
    )
