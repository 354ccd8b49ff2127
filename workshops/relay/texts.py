"""The ready texts of a relay kit, for WhatsApp, Facebook and X, each ending with the actor's own
short link. Always in French; also in the talk's language when it is not French: written by
staff in the kit (Fon, Yoruba…), or, for a talk in English, from the English catalogue."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from workshops.library.models import Language

HASHTAGS = "#CoproductionSécurité #Bénin"
X_LIMIT = 280
X_LINK_LENGTH = 23  # X counts every link as 23 characters, whatever its length


@dataclass(frozen=True)
class ReadyText:
    platform: str  # "whatsapp", "facebook", "x", or "all"
    label: str
    text: str
    share_url: str = ""  # the platform's own "share" address, pre-filled with the text


@dataclass(frozen=True)
class TextsInLanguage:
    language: str
    label: str
    texts: tuple


def _share_url(platform, text, link):
    if platform == "whatsapp":
        return f"https://wa.me/?{urlencode({'text': text}, quote_via=quote)}"
    if platform == "facebook":
        return f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': link}, quote_via=quote)}"
    if platform == "x":
        return f"https://x.com/intent/post?{urlencode({'text': text}, quote_via=quote)}"
    return ""


def _x_text(title, by, link):
    """The post for X within 280 characters, the title shortened when it must be."""
    call = _("La sécurité se construit ensemble.")

    def compose(shown):
        head = _("« %(title)s »") % {"title": shown}
        return " ".join(part for part in (f"{head}{' — ' + by if by else ''}.", call, link, HASHTAGS) if part)

    text = compose(title)
    excess = len(text) - len(link) + X_LINK_LENGTH - X_LIMIT
    if excess > 0:
        text = compose(Truncator(title).chars(max(len(title) - excess, 20)))
    return text


def _platform_texts(*, communication, speakers, link):
    title = communication.title
    by = ", ".join(speakers)
    by_line = _("Par %(speakers)s") % {"speakers": by} if by else ""
    workshop = _("Atelier « %(workshop)s », ministère de l'Intérieur et de la Sécurité Publique.") % {
        "workshop": communication.workshop.title
    }
    call = _("La sécurité se construit avec chacun de nous : écoutez, lisez et partagez.")
    whatsapp = "\n".join(part for part in (f"*{title}*", by_line, workshop, call, link) if part)
    summary = Truncator(communication.summary.strip()).chars(400) if communication.summary.strip() else ""
    quoted = _("« %(title)s »") % {"title": title}
    facebook = "\n\n".join(
        part for part in (quoted, by_line, summary, workshop, call, f"{link}\n{HASHTAGS}") if part
    )
    texts = (
        ("whatsapp", "WhatsApp", whatsapp),
        ("facebook", "Facebook", facebook),
        ("x", "X", _x_text(title, by, link)),
    )
    return tuple(
        ReadyText(platform=key, label=label, text=text, share_url=_share_url(key, text, link))
        for key, label, text in texts
    )


def relay_texts(*, communication, speakers, link, kit=None):
    """The ready texts for `communication` (whose speakers' names are `speakers`) ending with
    `link`: French first, then the talk's own language when there is a text in it."""
    with translation.override("fr"):
        blocks = [
            TextsInLanguage(
                "fr",
                _("En français"),
                _platform_texts(communication=communication, speakers=speakers, link=link),
            )
        ]
    local = kit.local_text.strip() if kit else ""
    if local:
        text = f"{local}\n{link}"
        blocks.append(
            TextsInLanguage(
                communication.language,
                Language(communication.language).label,
                (ReadyText("all", _("Tous les réseaux"), text, _share_url("whatsapp", text, link)),),
            )
        )
    elif communication.language == Language.ENGLISH:
        with translation.override("en"):
            texts = _platform_texts(communication=communication, speakers=speakers, link=link)
        blocks.append(TextsInLanguage("en", Language.ENGLISH.label, texts))
    return blocks
