"""What an SMS costs and how a text is made to fit: the GSM 03.38 alphabet (GSM-7), its parts, and
composing a text of at most two parts that ends with a link.

A text whose every character is in GSM-7 goes as 160 septets, or 153 per part once split; one
character outside it sends the whole text as UCS-2 (70 characters, 67 per part). French mostly
fits GSM-7: é, è, à, ù, ì, ò, É and Ç are in it, but ê, â, î, ô, û, ë, ï and ç are not, and those
are folded to their letter without the accent (ê → e, ç → c), typographic signs to their plain
spelling (’ → ', « → ", … → ...). A character of the extension table (€, [, ], {, }, ~, ^, \\, |)
costs two septets, an escape then the character, and the two are never split across parts."""

import logging
import unicodedata

logger = logging.getLogger(__name__)

# The basic table, without its escape (0x1B), which is no character of a text.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each costs two septets (the escape, then the character).
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")

SINGLE_SEPTETS, PART_SEPTETS = 160, 153
SINGLE_UCS2, PART_UCS2 = 70, 67
ELLIPSIS = "..."

# What a decomposition (é → e + ´) does not give: typographic signs, ligatures, spaces.
_FOLD = {
    "…": "...",
    "’": "'",
    "‘": "'",
    "‚": ",",
    "‛": "'",
    "′": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "‹": "'",
    "›": "'",
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
    "−": "-",
    "•": "-",
    "·": ".",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\t": " ",
    "\x1b": " ",
    "œ": "oe",
    "Œ": "OE",
    "ð": "d",
    "Ð": "D",
    "đ": "d",
    "Đ": "D",
    "þ": "th",
    "Þ": "Th",
    "ł": "l",
    "Ł": "L",
    "`": "'",
    "´": "'",
    "°": "o",
    "×": "x",
    "÷": "/",
    "©": "(c)",
    "®": "(R)",
    "™": "TM",
}
UNKNOWN = "?"


def _fold_char(ch):
    if ch in GSM7_BASIC or ch in GSM7_EXTENDED:
        return ch
    if ch in _FOLD:
        return _FOLD[ch]
    # The letter without its accent (ê → e, Ç stays, ç → c), when that letter is in GSM-7.
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if base and all(c in GSM7_BASIC for c in base):
        return base
    if unicodedata.category(ch).startswith(("Z", "C")):  # spaces and controls: a space
        return " "
    return UNKNOWN


def gsm7_fold(text):
    """`text` in GSM-7 only: its GSM-7 characters kept (é, à, Ç, €…), the others folded to their
    nearest GSM-7 spelling (ê → e, ç → c, « → "), anything without one to "?"."""
    return "".join(_fold_char(ch) for ch in text)


def is_gsm7(text):
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def _septets(ch):
    return 2 if ch in GSM7_EXTENDED else 1


def sms_length(text):
    """(encoding, units): septets for GSM-7, UTF-16 code units for UCS-2."""
    if is_gsm7(text):
        return "gsm7", sum(_septets(ch) for ch in text)
    return "ucs2", len(text.encode("utf-16-le")) // 2


def _gsm7_parts(text):
    """Parts of a concatenated GSM-7 text: 153 septets each, an escaped character never split."""
    parts, used = 1, 0
    for ch in text:
        cost = _septets(ch)
        if used + cost > PART_SEPTETS:
            parts, used = parts + 1, 0
        used += cost
    return parts


def sms_segments(text):
    """The number of SMS parts `text` is sent as (0 for an empty text)."""
    encoding, units = sms_length(text)
    if units == 0:
        return 0
    if encoding == "gsm7":
        return 1 if units <= SINGLE_SEPTETS else _gsm7_parts(text)
    return 1 if units <= SINGLE_UCS2 else -(-units // PART_UCS2)


def _fits(text, max_segments):
    return sms_segments(text) <= max_segments


def _longest_prefix(text, fits):
    """The longest prefix of `text` (cut at a space when one is near) for which fits(prefix)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(text[:middle]):
            low = middle
        else:
            high = middle - 1
    prefix = text[:low]
    if low < len(text) and " " in prefix[-15:]:
        prefix = prefix[: prefix.rindex(" ")]  # a whole word rather than half of one
    return prefix.rstrip(" ,;:.-")


def sms_compose(text, *, link="", shorten="", max_segments=2):
    """`text` as one SMS of at most `max_segments` GSM-7 parts, ending with `link`.

    The text is folded to GSM-7 and its white space collapsed. When it is too long, `shorten` (a
    part of the text that may lose its end, a title) is cut first, with "..."; then, if still too
    long, the end of the text. `link` is kept whole; one that is not GSM-7 or does not fit on its
    own is left out (and logged), never sent mangled: the SMS still goes."""
    link = link.strip()
    if link and (not is_gsm7(link) or not _fits(link, max_segments)):
        logger.warning("SMS link left out, not GSM-7 or too long: %r", link)
        link = ""
    text = " ".join(gsm7_fold(text).split())
    shorten = " ".join(gsm7_fold(shorten).split())

    def whole(body):
        return f"{body} {link}" if body and link else body or link

    def fits(body):
        return _fits(whole(body), max_segments)

    if fits(text):
        return whole(text)
    if shorten and shorten in text:
        before, after = text.split(shorten, 1)
        room = _longest_prefix(shorten, lambda cut: fits(f"{before}{cut}{ELLIPSIS}{after}"))
        if fits(f"{before}{room}{ELLIPSIS}{after}"):
            return whole(f"{before}{room}{ELLIPSIS}{after}")
        text = f"{before}{ELLIPSIS}{after}"
    body = _longest_prefix(text, lambda cut: fits(f"{cut}{ELLIPSIS}"))
    return whole(f"{body}{ELLIPSIS}" if body else "")
