"""The translation catalogues: read and write .po files, and find what the source asks for.

Only the standard library: the catalogues are simple enough, and gettext's own tools (`msgcat`,
`msgfmt`, which makemessages needs anyway) normalise what is written here. Used by
`manage.py translations` and by tests/site/test_translations.py.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

LANGUAGES = ("fr", "en")
# Never part of the portal's user-facing strings (dependencies, generated files, tests, benchmarks).
IGNORED = (".venv", "node_modules", "staticfiles", "var", "tests", "bench")


def catalogue_path(language, domain="django"):
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"{domain}.po"


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)  # "#." "#:" "# " lines, kept as they are
    flags: list = field(default_factory=list)
    obsolete: bool = False

    @property
    def key(self):
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def fuzzy(self):
        return "fuzzy" in self.flags

    @property
    def translated(self):
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)

    @property
    def label(self):
        context = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"{context}{self.msgid}"


def parse(path):
    """Every entry of the .po file at `path`, the header (msgid "") first."""
    entries, entry, last = [], None, None
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            continue
        starts_entry = line.startswith("#") or line.startswith(("msgctxt ", "msgid "))
        if starts_entry and (entry is None or last == "msgstr" or isinstance(last, int)):
            entry, last = Entry(msgid=""), None
            entries.append(entry)
        entry.obsolete = entry.obsolete or obsolete
        if line.startswith("#,"):
            entry.flags += [flag.strip() for flag in line[2:].split(",") if flag.strip()]
        elif line.startswith("#"):
            entry.comments.append(raw)
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(last, int):
                entry.msgstr_plural[last] += value
            else:
                setattr(entry, last, getattr(entry, last) + value)
        else:
            keyword, _, value = line.partition(" ")
            value = ast.literal_eval(value)
            if keyword.startswith("msgstr["):
                last = int(keyword[7:-1])
                entry.msgstr_plural[last] = value
            else:
                last = keyword
                setattr(entry, keyword, value)
    return entries


def _quote(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    return f'"{escaped}"'


def write(path, entries):
    """Writes `entries` to `path`, then lets msgcat normalise the layout (line wrapping)."""
    chunks = []
    for entry in entries:
        lines = list(entry.comments)
        if entry.flags:
            lines.append("#, " + ", ".join(entry.flags))
        if entry.msgctxt is not None:
            lines.append(f"msgctxt {_quote(entry.msgctxt)}")
        lines.append(f"msgid {_quote(entry.msgid)}")
        if entry.msgid_plural is not None:
            lines.append(f"msgid_plural {_quote(entry.msgid_plural)}")
            for index in sorted(entry.msgstr_plural):
                lines.append(f"msgstr[{index}] {_quote(entry.msgstr_plural[index])}")
        else:
            lines.append(f"msgstr {_quote(entry.msgstr)}")
        chunks.append("\n".join(lines))
    Path(path).write_text("\n\n".join(chunks) + "\n", encoding="utf-8")
    subprocess.run(["msgcat", "--use-first", "-o", str(path), str(path)], check=True)


def source_msgids(*, base_dir=None):
    """The keys of every string the source marks for translation, as makemessages extracts them.

    makemessages runs on a copy of the tree in a temporary directory, so the real catalogues are
    never touched; it takes a second or two.
    """
    base_dir = Path(base_dir or settings.BASE_DIR)
    with tempfile.TemporaryDirectory(prefix="catalogue-") as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(
            base_dir, copy, symlinks=True,
            ignore=shutil.ignore_patterns(*IGNORED, "locale", ".git", "__pycache__", "*.mo", "*.po"),
        )
        (copy / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "1"}
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "en", "-d", "django", "--no-obsolete",
             *[f"--ignore={name}" for name in IGNORED]],
            cwd=copy, env=environment, check=True, capture_output=True,
        )
        entries = parse(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    return {entry.key for entry in entries if entry.msgid}


def untranslated(entries):
    """The entries of a catalogue that still need a translator: empty, fuzzy or obsolete."""
    return [entry for entry in entries if entry.msgid and (entry.fuzzy or not entry.translated or entry.obsolete)]


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}")


def placeholder_problem(entry, translation):
    """Why `translation` (a string, or a list of plural forms) cannot stand for `entry`, or None.

    A translation keeps the %(name)s, %d and {{ name }} of its French original; a plural form may
    leave out the number ("Import the valid line"), never bring one of its own.
    """
    if entry.msgid_plural is None:
        if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(translation)):
            return f"placeholders differ: {entry.msgid!r} -> {translation!r}"
        return None
    allowed = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))
    for text in translation:
        if not set(PLACEHOLDER.findall(text)) <= allowed:
            return f"unknown placeholder: {entry.msgid!r} -> {text!r}"
    return None


def translations_of(entry):
    """The msgstr of `entry`, or the list of its plural forms."""
    if entry.msgid_plural is None:
        return entry.msgstr
    return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
