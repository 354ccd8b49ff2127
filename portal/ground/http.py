"""Two things every part of the portal writes the same way: the absolute address of one of its
pages (in e-mails, SMS, calendars, QR codes, open data) and a file offered for download."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import content_disposition_header


def absolute_url(path):
    """`path` (from reverse() or get_absolute_url()) on the address the public reaches, SITE_URL."""
    return settings.SITE_URL.rstrip("/") + path


def attachment_response(content, *, filename, content_type):
    """`content` offered for download as `filename` (RFC 6266: an accented name survives)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
