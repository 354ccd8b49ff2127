"""Files the portal produces and stores: the library's private storage, PDFs and QR codes, the
admin's spreadsheet exports, read back."""

import datetime
import io

import openpyxl
import pytest


@pytest.fixture
def library_storage(settings, tmp_path):
    """The communications' private storage in a fresh folder, so that a test sees exactly the
    files it stored (and those it removed are really gone)."""
    root = tmp_path / "private-media"
    settings.PRIVATE_MEDIA_ROOT = root
    return root


def decode_qr_codes(image):
    """The texts of the QR codes a real decoder (zxing-cpp) reads in a PIL image."""
    import zxingcpp

    return [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]


def pdf_qr_codes(content):
    """The distinct QR codes found in the pictures of a PDF, decoded back to text, in the order
    met. (WeasyPrint shares one resource dictionary between pages, so pictures are not per page.)"""
    import io

    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for picture in page.images:
            found += [text for text in decode_qr_codes(picture.image) if text not in found]
    return found


def pdf_text(content):
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):  # the admin writes real spreadsheet dates
        return value.strftime("%d/%m/%Y %H:%M")
    return str(value)


def xlsx_rows(content):
    """The rows of the first sheet of an XLSX file, each cell as text."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[_cell(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def admin_export(client, changelist, file_format, query=""):
    """The admin's export of `changelist` (with the list's filters in `query`, "?a=b")."""
    export_url = f"{changelist}export/{query}"
    form = client.get(export_url).context["form"]
    format_index = next(value for value, label in form.fields["format"].choices if label == file_format)
    data = {
        "format": format_index,
        "resource": 0,
        **{name: "on" for name in form.fields if "resource_" in name},
    }
    response = client.post(export_url, data)
    assert response.status_code == 200
    return response
