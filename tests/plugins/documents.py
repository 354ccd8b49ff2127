"""Files the portal produces and stores: the library's private storage, PDFs and QR codes read back."""

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
