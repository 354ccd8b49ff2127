"""How many SMS parts a text costs: GSM-7 (160 characters, 153 per part when split) when every
character is in the GSM 03.38 alphabet, UCS-2 (70, then 67) otherwise. French mostly fits GSM-7:
é, è, à, ù, ì, ò, É and Ç are in it, but ê, â, î, ô, û, ë, ï and ç are not."""

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Characters of the extension table cost two septets (an escape, then the character).
GSM7_EXTENDED = set("^{}\\[~]|€\f")


def is_gsm7(text):
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def sms_length(text):
    """(encoding, units): septets for GSM-7, UTF-16 code units for UCS-2."""
    if is_gsm7(text):
        return "gsm7", sum(2 if ch in GSM7_EXTENDED else 1 for ch in text)
    return "ucs2", len(text.encode("utf-16-le")) // 2


def sms_segments(text):
    """The number of SMS parts `text` is sent as (0 for an empty text)."""
    encoding, units = sms_length(text)
    single, part = (160, 153) if encoding == "gsm7" else (70, 67)
    if units == 0:
        return 0
    if units <= single:
        return 1
    return -(-units // part)


# Characters French texts often carry that GSM-7 lacks, with their nearest GSM-7 spelling. One of
# them (a title's "…" from truncatechars, a "ê") would switch the whole SMS to UCS-2: 70
# characters instead of 160, and a text written for one segment costs three.
_GSM7_FOLD = str.maketrans(
    {
        "…": "...",
        "’": "'",
        "‘": "'",
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "ê": "e",
        "ë": "e",
        "â": "a",
        "î": "i",
        "ï": "i",
        "ô": "o",
        "û": "u",
        "ç": "c",
        "œ": "oe",
        "Ê": "E",
        "È": "E",
        "Ë": "E",
        "Â": "A",
        "À": "A",
        "Î": "I",
        "Ï": "I",
        "Ô": "O",
        "Û": "U",
        "Ù": "U",
        "Œ": "OE",
    }
)


def gsm7_fold(text):
    """`text` with the characters above replaced by their GSM-7 spelling."""
    return text.translate(_GSM7_FOLD)
