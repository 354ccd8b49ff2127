"""The translation workflow (see locale/README.md): list, fill in, tidy and check the catalogues."""

import json
import os
import re
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal.ground import gettext_catalogues as catalogue


class Command(BaseCommand):
    help = (
        "update: makemessages for fr and en, then tidy; "
        "list: the English entries still to translate, as JSON (--offset, --limit); "
        'apply FILE: fill them in from such a JSON list where each item has "en"; '
        "tidy: headers and fuzzy flags after makemessages; "
        "check: fails when the source has strings missing from the English catalogue or untranslated."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["update", "list", "apply", "tidy", "check"])
        parser.add_argument("file", nargs="?", help="for apply: the JSON file ('-' reads standard input)")
        parser.add_argument("--offset", type=int, default=0)
        parser.add_argument("--limit", type=int, default=0, help="0: all")

    def handle(self, *args, action, file, offset, limit, **options):
        getattr(self, f"_{action}")(file=file, offset=offset, limit=limit)

    def _update(self, **_):
        """Extracts every marked string of the source into both catalogues (in the project's
        directory, whatever the current one), drops obsolete entries, then tidies."""
        previous = os.getcwd()
        os.chdir(settings.BASE_DIR)
        try:
            call_command(
                "makemessages",
                locale=list(catalogue.LANGUAGES),
                domain="django",
                no_obsolete=True,
                ignore_patterns=list(catalogue.IGNORED),
                verbosity=0,
            )
        finally:
            os.chdir(previous)
        self._tidy()
        self._list(offset=0, limit=0)

    def _list(self, *, offset, limit, **_):
        todo = catalogue.untranslated(catalogue.parse(catalogue.catalogue_path("en")))
        chunk = todo[offset : offset + limit] if limit else todo[offset:]
        items = [
            {
                key: value
                for key, value in (
                    ("msgctxt", e.msgctxt),
                    ("msgid", e.msgid),
                    ("msgid_plural", e.msgid_plural),
                )
                if value is not None
            }
            for e in chunk
        ]
        self.stdout.write(json.dumps(items, ensure_ascii=False, indent=1))
        self.stderr.write(f"{len(chunk)} of {len(todo)} entries to translate")

    def _apply(self, *, file, **_):
        if not file:
            raise CommandError("apply needs a JSON file")
        items = json.load(sys.stdin if file == "-" else open(file, encoding="utf-8"))
        path = catalogue.catalogue_path("en")
        entries = catalogue.parse(path)
        by_key = {(e.msgctxt, e.msgid): e for e in entries}
        unknown = []
        for item in items:
            entry = by_key.get((item.get("msgctxt"), item["msgid"]))
            if entry is None:
                unknown.append(item["msgid"])
                continue
            problem = catalogue.placeholder_problem(entry, item["en"])
            if problem:
                raise CommandError(problem)
            if entry.msgid_plural is not None:
                entry.msgstr_plural = dict(enumerate(item["en"]))
            else:
                entry.msgstr = item["en"]
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            entry.comments = [line for line in entry.comments if not line.startswith("#|")]
        catalogue.write(path, entries)
        self.stdout.write(f"{len(items) - len(unknown)} entries translated")
        for msgid in unknown:
            self.stderr.write(f"not in the catalogue: {msgid!r}")

    def _tidy(self, **_):
        """After makemessages: a proper header, no fuzzy guess left anywhere.

        French is the source language: its catalogue keeps every msgstr empty (gettext falls back
        to the msgid). A fuzzy English guess from msgmerge is emptied, so it is translated again.
        """
        for language in catalogue.LANGUAGES:
            path = catalogue.catalogue_path(language)
            entries = catalogue.parse(path)
            header = entries[0]
            header.flags = [flag for flag in header.flags if flag != "fuzzy"]
            header.msgstr = re.sub(r"Language: [^\n]*\n", f"Language: {language}\n", header.msgstr)
            for name, value in (
                ("Project-Id-Version", "Coproduction Sécurité"),
                ("Language-Team", "MISP"),
                ("Last-Translator", "MISP"),
                ("PO-Revision-Date", "2026-12-01 10:00+0100"),
            ):
                header.msgstr = re.sub(rf"{name}: [^\n]*\n", f"{name}: {value}\n", header.msgstr)
            header.comments = [f"# Coproduction Sécurité: the {language} catalogue (see locale/README.md)."]
            for entry in entries[1:]:
                if language == "fr" or entry.fuzzy:
                    entry.msgstr = ""
                    entry.msgstr_plural = {index: "" for index in entry.msgstr_plural}
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
                entry.comments = [line for line in entry.comments if not line.startswith("#|")]
            catalogue.write(path, [entry for entry in entries if not entry.obsolete])

    def _check(self, **_):
        entries = catalogue.parse(catalogue.catalogue_path("en"))
        known = {entry.key for entry in entries}
        missing = sorted(catalogue.source_msgids() - known, key=str)
        todo = catalogue.untranslated(entries)
        for key in missing:
            self.stderr.write(f"missing from locale/en: {key[1]!r}")
        for entry in todo:
            self.stderr.write(f"untranslated in locale/en: {entry.label!r}")
        if missing or todo:
            raise CommandError(f"{len(missing)} missing, {len(todo)} untranslated: run `make translations`")
        self.stdout.write(f"locale/en: {len(entries) - 1} entries, all translated")
