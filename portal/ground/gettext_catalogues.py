"""The translation catalogues: read and write .po files, and find what the source asks for.

polib reads and writes the files; gettext's own `msgcat` (which makemessages needs anyway)
normalises the layout of what is written. Used by `manage.py translations` and by
tests/site/test_translations.py.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings

LANGUAGES = ("fr", "en")
# Never part of the portal's user-facing strings (dependencies, generated files, tests, benchmarks).
IGNORED = (".venv", "node_modules", "staticfiles", "var", "tests", "bench")


def catalogue_path(language, domain="django"):
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"{domain}.po"


@dataclass
class Entry:
    """One entry as the translation workflow sees it; the header is the entry whose msgid is ""."""

    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)  # "#." "#:" "# " "#|" lines, kept as they are
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


def _comment_lines(po_entry):
    lines = [f"# {line}" if line else "#" for line in po_entry.tcomment.splitlines()]
    lines += [f"#. {line}" for line in po_entry.comment.splitlines()]
    lines += [f"#: {name}:{line}" if line else f"#: {name}" for name, line in po_entry.occurrences]
    if po_entry.previous_msgctxt:
        lines.append(f"#| msgctxt {polib.escape(po_entry.previous_msgctxt)}")
    if po_entry.previous_msgid:
        lines.append(f'#| msgid "{polib.escape(po_entry.previous_msgid)}"')
    return lines


def parse(path):
    """Every entry of the .po file at `path`, the header (msgid "") first."""
    po = polib.pofile(str(path))
    header = Entry(
        msgid="",
        msgstr="".join(f"{name}: {value}\n" for name, value in po.ordered_metadata()),
        comments=[f"# {line}" if line else "#" for line in po.header.splitlines()],
        flags=["fuzzy"] if po.metadata_is_fuzzy else [],
    )
    return [header] + [
        Entry(
            msgid=e.msgid,
            msgctxt=e.msgctxt,
            msgid_plural=e.msgid_plural or None,
            msgstr=e.msgstr,
            msgstr_plural={int(index): text for index, text in e.msgstr_plural.items()},
            comments=_comment_lines(e),
            flags=list(e.flags),
            obsolete=e.obsolete,
        )
        for e in po
    ]


def _po_entry(entry):
    po_entry = polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural or "",
        msgstr=entry.msgstr,
        msgstr_plural=dict(entry.msgstr_plural),
        flags=list(entry.flags),
        obsolete=entry.obsolete,
    )
    tcomments, comments = [], []
    for line in entry.comments:
        marker, _, text = line.partition(" ")
        if marker == "#.":
            comments.append(text)
        elif marker == "#:":
            for reference in text.split():
                name, _, number = reference.rpartition(":")
                po_entry.occurrences.append((name, number) if name else (reference, ""))
        elif marker == "#|":
            keyword, _, value = text.partition(" ")
            setattr(po_entry, f"previous_{keyword}", polib.unescape(value.strip().strip('"')))
        else:
            tcomments.append(text)
    po_entry.comment, po_entry.tcomment = "\n".join(comments), "\n".join(tcomments)
    return po_entry


def write(path, entries):
    """Writes `entries` to `path` (polib), then lets msgcat normalise the layout (line wrapping)."""
    header, *rest = entries
    po = polib.POFile(wrapwidth=79)
    po.header = "\n".join(line[2:] if line.startswith("# ") else line[1:] for line in header.comments)
    po.metadata = dict(line.split(": ", 1) for line in header.msgstr.splitlines() if ": " in line)
    po.metadata_is_fuzzy = "fuzzy" in header.flags
    for entry in rest:
        po.append(_po_entry(entry))
    po.save(str(path))
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
            base_dir,
            copy,
            symlinks=True,
            ignore=shutil.ignore_patterns(*IGNORED, "locale", ".git", "__pycache__", "*.mo", "*.po"),
        )
        (copy / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "1"}
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-l",
                "en",
                "-d",
                "django",
                "--no-obsolete",
                *[f"--ignore={name}" for name in IGNORED],
            ],
            cwd=copy,
            env=environment,
            check=True,
            capture_output=True,
        )
        entries = parse(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    return {entry.key for entry in entries if entry.msgid}


def untranslated(entries):
    """The entries of a catalogue that still need a translator: empty, fuzzy or obsolete."""
    return [
        entry for entry in entries if entry.msgid and (entry.fuzzy or not entry.translated or entry.obsolete)
    ]


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
