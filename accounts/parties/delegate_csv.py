"""Reading a roster of delegates from a CSV file, as parties produce it (often with Excel).

The whole file is checked before anything is written: the report lists every refused line with
its reason, and the rows that would be imported. Accepted: UTF-8 (with or without the BOM Excel
adds), Windows-1252/Latin-1 (Excel's "CSV" in French), ';' or ',' or tab as separator, headers in
any order, case or accentuation. Unknown or missing columns refuse the whole file, with a message
naming them: a misspelt column must not silently drop data.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from accounts.phones import parse_benin_phone
from portal.ground.geography import Commune

from ..models import Gender
from .models import Delegate

MAX_BYTES = 1024 * 1024
MAX_LINES = 2000


def _plain(text):
    """Lower case, no accents, single spaces: how headers and communes are compared."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("_", " ").replace("-", " ").lower().split())


# column -> (header shown in the template, accepted spellings)
COLUMNS = {
    "first_name": ("prenom", {"prenom", "prenoms", "first name"}),
    "last_name": ("nom", {"nom", "nom de famille", "last name"}),
    "gender": ("genre", {"genre", "sexe", "gender"}),
    "phone": ("telephone", {"telephone", "tel", "numero", "numero de telephone", "phone"}),
    "email": ("email", {"email", "e mail", "courriel", "adresse e mail", "adresse email"}),
    "commune": ("commune", {"commune"}),
    "party_role": ("fonction", {"fonction", "fonction dans le parti", "role", "role dans le parti"}),
}
# The gender is optional and self-declared (accounts.models.Gender): an empty cell is accepted.
REQUIRED = ["first_name", "last_name", "phone", "commune"]
TEMPLATE_HEADER = [header for header, _spellings in COLUMNS.values()]

GENDERS = {
    "f": Gender.FEMALE,
    "femme": Gender.FEMALE,
    "feminin": Gender.FEMALE,
    "m": Gender.MALE,
    "h": Gender.MALE,
    "homme": Gender.MALE,
    "masculin": Gender.MALE,
    "n": Gender.UNSAID,
    "nsp": Gender.UNSAID,
    "ne se prononce pas": Gender.UNSAID,
    "prefere ne pas repondre": Gender.UNSAID,
}


@dataclass
class Report:
    rows: list = field(default_factory=list)  # values for Delegate(**row), in file order
    lines: list = field(default_factory=list)  # file line number of each row
    refused: list = field(default_factory=list)  # (line number, reason)
    error: str = ""  # the whole file is refused
    encoding: str = ""

    @property
    def accepted(self):
        """(line number, row) of each line that would be imported, for the report."""
        return list(zip(self.lines, self.rows, strict=True))


def decode(content):
    """Text of the file: UTF-8 (a BOM is dropped), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _dialect(first_line):
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=counts.get)


def _map_headers(headers):
    mapping, unknown = {}, []
    for index, header in enumerate(headers):
        plain = _plain(header)
        if not plain:
            continue
        for column, (_shown, spellings) in COLUMNS.items():
            if plain in spellings:
                if column in mapping.values():
                    unknown.append(_("%(header)s (en double)") % {"header": header})
                mapping[index] = column
                break
        else:
            unknown.append(header)
    missing = [COLUMNS[column][0] for column in REQUIRED if column not in mapping.values()]
    return mapping, unknown, missing


def _communes():
    by_name = {}
    for commune in Commune.objects.all():
        by_name[_plain(commune.name)] = commune
        by_name[_plain(commune.slug)] = commune
    return by_name


def _read_row(values, communes):
    """The delegate's values from one line, or ValidationError listing every problem."""
    problems = []
    row = {column: (values.get(column) or "").strip() for column in COLUMNS}
    for column in REQUIRED:
        if not row[column]:
            problems.append(_("%(column)s manquant") % {"column": COLUMNS[column][0]})
    gender = GENDERS.get(_plain(row["gender"]))
    if row["gender"] and gender is None:
        problems.append(
            _("genre « %(value)s » inconnu (F, M, N pour « préfère ne pas répondre », ou vide)")
            % {"value": row["gender"]}
        )
    phone = None
    if row["phone"]:
        try:
            phone = parse_benin_phone(row["phone"])
        except ValidationError:
            problems.append(
                _(
                    "téléphone « %(value)s » invalide (numéro béninois attendu, par exemple +229 01 97 00 00 00)"
                )
                % {"value": row["phone"]}
            )
    commune = communes.get(_plain(row["commune"]))
    if row["commune"] and commune is None:
        problems.append(_("commune « %(value)s » inconnue") % {"value": row["commune"]})
    if row["email"]:
        try:
            validate_email(row["email"])
        except ValidationError:
            problems.append(_("adresse e-mail « %(value)s » invalide") % {"value": row["email"]})
    for column in ("first_name", "last_name", "party_role"):
        limit = Delegate._meta.get_field(column).max_length
        if len(row[column]) > limit:
            problems.append(
                _("%(column)s trop long (%(limit)d caractères au plus)")
                % {"column": COLUMNS[column][0], "limit": limit}
            )
    if problems:
        raise ValidationError(" ; ".join(problems))
    return {
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "gender": gender or "",
        "phone": phone,
        "email": row["email"].lower(),
        "commune": commune,
        "party_role": row["party_role"],
    }


def read_delegates(content, *, party):
    """Checks a whole CSV file of delegates for `party`; writes nothing. Returns a Report."""
    report = Report()
    if len(content) > MAX_BYTES:
        report.error = _("Le fichier dépasse 1 Mo. Découpez-le en plusieurs fichiers.")
        return report
    text, report.encoding = decode(content)
    # Old Mac line ends and stray NUL bytes (a file saved as UTF-16, a binary file) upset csv.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = text.split("\n")
    if not lines or not lines[0].strip():
        report.error = _("Le fichier est vide ou sa première ligne (les noms des colonnes) est vide.")
        return report
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(lines[0]))
    try:
        return _read_lines(reader, party, report)
    except csv.Error:
        report.rows, report.lines, report.refused = [], [], []
        report.error = _(
            "Le fichier n'est pas un fichier CSV lisible (ligne %(line)d). Enregistrez-le depuis Excel "
            "avec « Enregistrer sous », type CSV."
        ) % {"line": reader.line_num}
        return report


def _read_lines(reader, party, report):
    headers = next(reader)
    mapping, unknown, missing = _map_headers(headers)
    if unknown or missing:
        parts = []
        if missing:
            parts.append(_("colonnes manquantes : %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            parts.append(_("colonnes inconnues : %(columns)s") % {"columns": ", ".join(unknown)})
        report.error = _(
            "Les colonnes du fichier ne conviennent pas (%(problems)s). La première ligne doit nommer "
            "les colonnes : %(expected)s."
        ) % {"problems": " ; ".join(parts), "expected": ";".join(TEMPLATE_HEADER)}
        return report

    communes = _communes()
    taken = {
        phone.as_e164: archived for phone, archived in party.delegates.values_list("phone", "archived_at")
    }
    seen = {}
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(report.rows) + len(report.refused) >= MAX_LINES:
            report.error = _(
                "Le fichier compte plus de %(max)d délégués. Découpez-le en plusieurs fichiers."
            ) % {"max": MAX_LINES}
            return report
        if len(values) > len(headers):
            report.refused.append((line, _("plus de valeurs que de colonnes (un séparateur en trop ?)")))
            continue
        try:
            row = _read_row(
                {column: values[index] for index, column in mapping.items() if index < len(values)}, communes
            )
        except ValidationError as error:
            report.refused.append((line, error.messages[0]))
            continue
        phone = row["phone"].as_e164
        if phone in taken:
            reason = _("ce numéro figure déjà dans la liste des délégués du parti")
            if taken[phone]:
                reason += _(" (délégué archivé : rétablissez-le plutôt)")
            report.refused.append((line, reason))
            continue
        if phone in seen:
            report.refused.append(
                (line, _("ce numéro figure déjà ligne %(line)d du fichier") % {"line": seen[phone]})
            )
            continue
        seen[phone] = line
        report.rows.append(row)
        report.lines.append(line)
    if not report.rows and not report.refused:
        report.error = _("Le fichier ne contient aucun délégué sous la ligne des colonnes.")
    return report


def template_csv():
    """An empty roster to fill in, with one example line, as Excel in French opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(
        [
            "Awa",
            "Dossou",
            "F",
            "+229 01 97 00 00 00",
            "awa.dossou@exemple.bj",
            "Cotonou",
            "Secrétaire à la communication",
        ]
    )
    return "\ufeff" + out.getvalue()
