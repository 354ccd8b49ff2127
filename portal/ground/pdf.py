"""The one way the portal prints a PDF: WeasyPrint from HTML, fetching nothing but data: URIs.

Convocations, certificates, reports and the demo's talks are self-contained (text, CSS, and
QR codes as data: URIs): refusing every other fetch means that no text typed by a user or in the
admin can make the server read a file or call an address while it renders.
"""

import logging

from django.dispatch import Signal

# Sent after every rendering, with the size of the PDF: rendering is the costly part of a PDF
# (a tenth to a few tenths of a second of CPU), so what renders how often is worth watching.
pdf_rendered = Signal()  # kwargs: size


def render_pdf(html):
    """The PDF bytes of the HTML document `html`."""
    # Imported here: loading Pango costs time the pages without a PDF need not pay.
    from weasyprint import HTML  # noqa: PLC0415 -- Pango loads only for a PDF
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 -- same

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per step otherwise
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    content = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
    pdf_rendered.send(sender=render_pdf, size=len(content))
    return content
