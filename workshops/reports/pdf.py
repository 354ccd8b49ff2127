"""The printable report: WeasyPrint renders the same data as the public page, under the
ministry's header. Self-contained (text and CSS only), so rendering never fetches anything."""

from django.template.loader import render_to_string

from portal.ground.pdf import render_pdf


def report_pdf(*, report, participation, communications=()):
    html = render_to_string(
        "reports/pdf.html",
        {
            "report": report,
            "workshop": report.workshop,
            "participation": participation,
            "communications": communications,
        },
    )
    return render_pdf(html)
