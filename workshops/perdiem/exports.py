"""The payment sheet as files: the printable PDF (with a column to sign, « Émargement »), XLSX,
and the mobile-money payout CSV. Names are typed by the public: every text cell goes through
safe_cell()."""

import csv
import io

import openpyxl
from django.template.loader import render_to_string

from portal.ground.pdf import render_pdf
from portal.ground.spreadsheets import safe_cell, safe_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = [
    "Référence",
    "Nom",
    "Parti",
    "Commune d'origine",
    "Téléphone",
    "Jours de présence",
    "Nombre de jours",
    "Per diem (FCFA)",
    "Transport (FCFA)",
    "Total (FCFA)",
    "Remarques",
]
PAYOUT_HEADER = ["telephone", "montant", "reference", "nom"]
FICTITIOUS = "Exemple fictif"


def _title(sheet):
    status = "validé" if sheet.validated else "provisoire"
    title = f"État de paiement ({status}) — {sheet.workshop.title}"
    return f"{FICTITIOUS} — {title}" if sheet.illustrative else title


def paymentsheet_xlsx(*, sheet):
    book = openpyxl.Workbook()
    table = book.active
    table.title = "État de paiement"
    table.append([safe_cell(_title(sheet))])
    table.append(HEADER)
    for row in sheet.rows:
        table.append(
            safe_row(
                [
                    row.reference,
                    row.name,
                    row.party,
                    row.commune,
                    row.phone,
                    row.days_label,
                    row.days_present,
                    row.per_diem,
                    row.transport,
                    row.total,
                    " ; ".join(row.notes),
                ]
            )
        )
    totals = sheet.totals
    table.append(
        [
            "Total",
            "",
            "",
            "",
            "",
            "",
            totals["days"],
            totals["per_diem"],
            totals["transport"],
            totals["total"],
            "",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def paymentsheet_payout_csv(*, sheet):
    """One line per person with a phone and something to receive: phone in E.164, amount in FCFA,
    a reference unique to the person in this workshop. Those without a phone are on the sheet,
    flagged, and paid otherwise."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",")
    writer.writerow(PAYOUT_HEADER)
    for row in sheet.rows:
        if row.phone and row.total > 0:
            writer.writerow(safe_row([row.phone, row.total, row.reference, row.name]))
    return buffer.getvalue()


def paymentsheet_pdf(*, sheet):
    html = render_to_string("perdiem/sheet_pdf.html", {"sheet": sheet, "totals": sheet.totals})
    return render_pdf(html)
