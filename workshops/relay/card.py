"""The share card of a communication: a square 1080 px picture (what Facebook, WhatsApp and X show
best) with the talk's title, its speakers, the workshop and the ministry's name, drawn with Pillow.

It is drawn once per version of those facts and kept as a file (services.relay_card_get): its
name carries a digest of what it shows, so a changed title or speaker gives a new card. The
fonts are DejaVu, which Debian installs with fontconfig and which WeasyPrint already uses for the
PDFs (settings.RELAY_CARD_FONT_DIR). A flat palette keeps the PNG well under 100 KB.
"""

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.formats import date_format
from PIL import Image, ImageDraw, ImageFont

SIZE = 1080
MAX_BYTES = 100 * 1024
MARGIN = 80
# Changing the drawing below: bump this, so that every card is drawn again.
LAYOUT_VERSION = "1"

GREEN = (0, 107, 63)
DARK_GREEN = (0, 77, 46)
YELLOW = (252, 209, 22)
RED = (232, 17, 45)
WHITE = (255, 255, 255)
PALE = (214, 236, 224)

MINISTRY = "Ministère de l'Intérieur et de la Sécurité Publique"
REPUBLIC = "République du Bénin"
SLOGAN = "La sécurité, une coproduction citoyenne"


@dataclass(frozen=True)
class CardFacts:
    title: str
    speakers: tuple
    workshop: str
    date: str

    @property
    def digest(self):
        text = json.dumps({"layout": LAYOUT_VERSION, **asdict(self)}, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:24]


def card_facts(communication, speakers):
    """What the card of `communication` shows; `speakers` are its Speaker rows."""

    people = tuple(f"{s.name}, {s.title}" if s.title else s.name for s in speakers)
    return CardFacts(
        title=communication.title,
        speakers=people,
        workshop=communication.workshop.title,
        date=date_format(communication.date, "j F Y", use_l10n=False),
    )


def _font(bold, size):

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = Path(settings.RELAY_CARD_FONT_DIR) / name
    if not path.exists():
        raise ImproperlyConfigured(
            f"The share cards need the DejaVu fonts ({path}): install Debian's fonts-dejavu-core or set "
            "RELAY_CARD_FONT_DIR."
        )
    return ImageFont.truetype(str(path), size)


def _wrap(draw, text, font, width, max_lines):
    """The lines of `text` within `width` pixels, at most `max_lines`, the last one cut with "…"
    when the text is longer; None when a single word is wider than the card."""
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            current = candidate
            continue
        if not current:
            return None
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(f"{last}…", font=font) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = f"{last}…"
    return lines


def _fit(draw, text, *, bold, sizes, width, max_lines):
    """The largest of `sizes` at which `text` fits; the smallest, cut, otherwise."""
    for size in sizes:
        font = _font(bold, size)
        lines = _wrap(draw, text, font, width, max_lines)
        if lines is not None and not lines[-1].endswith("…"):
            return font, lines
    font = _font(bold, sizes[-1])
    return font, _wrap(draw, text, font, width, max_lines) or [text[:40] + "…"]


def card_render(facts):
    """The PNG bytes of the card (1080 × 1080, at most MAX_BYTES)."""

    image = Image.new("RGB", (SIZE, SIZE), GREEN)
    draw = ImageDraw.Draw(image)
    width = SIZE - 2 * MARGIN
    third = SIZE // 3
    # The flag's colours along the top, the ministry under them.
    draw.rectangle([0, 0, third, 18], fill=GREEN)
    draw.rectangle([third, 0, 2 * third, 18], fill=YELLOW)
    draw.rectangle([2 * third, 0, SIZE, 18], fill=RED)
    draw.rectangle([0, 18, SIZE, 190], fill=DARK_GREEN)
    draw.text((MARGIN, 50), REPUBLIC.upper(), font=_font(True, 30), fill=YELLOW)
    ministry_font, ministry_lines = _fit(
        draw, MINISTRY, bold=False, sizes=(34, 30, 26), width=width, max_lines=2
    )
    y = 95
    for line in ministry_lines:
        draw.text((MARGIN, y), line, font=ministry_font, fill=WHITE)
        y += ministry_font.size + 8

    # The speakers (two at most, a name and its title) are laid out from the bottom band up;
    # the title takes the largest size that fits in the room left above them.
    bottom = SIZE - 230 - 40
    name_font, role_font = _font(True, 36), _font(False, 30)
    speaker_rows = []
    for speaker in facts.speakers[:2]:
        name, _sep, role = speaker.partition(", ")
        speaker_rows.append(
            (
                _wrap(draw, name, name_font, width, 1) or [name[:30]],
                _wrap(draw, role, role_font, width, 1) if role else [],
            )
        )
    speakers_height = sum(len(n) * 46 + len(r) * 40 + 14 for n, r in speaker_rows)
    y = bottom - speakers_height
    for names, roles in speaker_rows:
        for line in names:
            draw.text((MARGIN, y), line, font=name_font, fill=WHITE)
            y += 46
        for line in roles:
            draw.text((MARGIN, y), line, font=role_font, fill=PALE)
            y += 40
        y += 14
    rule_y = bottom - speakers_height - 50
    draw.rectangle([MARGIN, rule_y, MARGIN + 140, rule_y + 8], fill=YELLOW)

    top, room = 240, rule_y - 40 - 240
    for size in (76, 66, 58, 50, 44):
        max_lines = max(int(room // (size * 1.22)), 1)
        title_font = _font(True, size)
        title_lines = _wrap(draw, f"« {facts.title} »", title_font, width, max_lines)
        if title_lines is not None and not title_lines[-1].endswith("…"):
            break
    if title_lines is None:
        title_lines = [facts.title[:30] + "…"]
    y = top
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_font, fill=WHITE)
        y += int(title_font.size * 1.22)

    draw.rectangle([0, SIZE - 230, SIZE, SIZE], fill=DARK_GREEN)
    workshop_font, workshop_lines = _fit(
        draw, facts.workshop, bold=True, sizes=(36, 32, 28), width=width, max_lines=2
    )
    y = SIZE - 205
    for line in workshop_lines:
        draw.text((MARGIN, y), line, font=workshop_font, fill=WHITE)
        y += int(workshop_font.size * 1.25)
    draw.text((MARGIN, y + 6), facts.date, font=_font(False, 30), fill=PALE)
    draw.text((MARGIN, SIZE - 62), SLOGAN, font=_font(False, 28), fill=YELLOW)

    for colours in (64, 32, 16):
        buffer = io.BytesIO()
        image.quantize(colors=colours, dither=Image.Dither.NONE).save(buffer, format="PNG", optimize=True)
        if buffer.tell() <= MAX_BYTES:
            return buffer.getvalue()
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=70, optimize=True)
    return buffer.getvalue()
