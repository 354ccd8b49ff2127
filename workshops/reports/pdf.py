"""The printable report: WeasyPrint renders the same data as the public page, under the
ministry's header. Self-contained (text and CSS only), so rendering never fetches anything."""

from django.template.loader import render_to_string


def report_pdf(*, report, participation):
    from weasyprint import HTML  # imported here: loading Pango costs time the other pages need not pay

    html = render_to_string("reports/pdf.html", {"report": report, "workshop": report.workshop, "participation": participation})
    return HTML(string=html, base_url=None).write_pdf()
