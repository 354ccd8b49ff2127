"""The printable report: WeasyPrint renders the same data as the public page, under the
ministry's header. Self-contained (text and CSS only), so rendering never fetches anything."""

from django.template.loader import render_to_string


def _fetch_nothing(url, *args, **kwargs):
    # The document is self-contained; refusing every fetch means no text typed in the admin can
    # ever make the server read a file or call an address while it renders.
    raise ValueError(f"le rapport PDF ne charge aucune ressource externe ({url})")


def report_pdf(*, report, participation, communications=()):
    from weasyprint import HTML  # imported here: loading Pango costs time the other pages need not pay

    html = render_to_string("reports/pdf.html", {
        "report": report, "workshop": report.workshop, "participation": participation,
        "communications": communications,
    })
    return HTML(string=html, base_url=None, url_fetcher=_fetch_nothing).write_pdf()
