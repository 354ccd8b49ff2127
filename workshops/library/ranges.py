"""Sending a stored file with HTTP Range support (RFC 9110 §14), so that a download cut off on a
slow line resumes where it stopped and a phone can seek in a recording.

Django's FileResponse always sends the whole file. `file_response` answers a single byte range
with 206 and Content-Range, an unsatisfiable one with 416, and anything it does not handle
(several ranges, a stale If-Range, a malformed header) with the whole file, as the RFC allows.
Behind nginx (settings.PROTECTED_MEDIA_ACCEL_PREFIX) it hands the file to nginx with
X-Accel-Redirect instead, and nginx does the ranges itself.
"""

import os
import re
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

CHUNK = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Unsatisfiable(Exception):
    pass


def parse_range(header, size):
    """(first, last) byte positions, inclusive, for a Range header; None to send the whole file.
    Raises Unsatisfiable when the one range asked for lies beyond the file."""
    if not header:
        return None
    match = _RANGE.match(header.strip().replace(" ", ""))
    if not match:
        return None  # several ranges or another unit: ignored, the whole file is sent
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # a suffix: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(size - length, 0), size - 1
    first = int(first)
    if last and int(last) < first:
        return None  # syntactically invalid: ignored
    if first >= size:
        raise Unsatisfiable
    return first, min(int(last) if last else size - 1, size - 1)


def _read_slice(path, first, length):
    with open(path, "rb") as handle:
        handle.seek(first)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


def _if_range_allows(request, etag):
    if_range = request.headers.get("If-Range")
    return if_range is None or if_range.strip() == etag


def file_response(
    request, *, path, relative_name, content_type, filename, inline=False, private=True, etag=None
):
    """A response sending the file at `path` (whose name inside the private storage is
    `relative_name`), honouring Range. Returns (response, starts_at_zero): the caller counts a
    download only when the response starts at the file's first byte."""
    size = os.path.getsize(path)
    etag = f'"{etag}"' if etag else None
    byte_range = None
    status = 200
    try:
        if etag is None or _if_range_allows(request, etag):
            byte_range = parse_range(request.headers.get("Range"), size)
    except Unsatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        _common_headers(
            response, content_type=None, filename=filename, inline=inline, private=private, etag=etag
        )
        return response, False

    accel = settings.PROTECTED_MEDIA_ACCEL_PREFIX
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(relative_name)
    elif byte_range is None:
        response = FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115 -- closed by Django
        response["Content-Length"] = str(size)
    else:
        first, last = byte_range
        length = last - first + 1
        status = 206
        response = StreamingHttpResponse(
            _read_slice(path, first, length), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(length)
    _common_headers(
        response, content_type=content_type, filename=filename, inline=inline, private=private, etag=etag
    )
    starts_at_zero = byte_range is None or byte_range[0] == 0
    return response, starts_at_zero and status in (200, 206)


def _common_headers(response, *, content_type, filename, inline, private, etag):
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=3600"
    if etag:
        response["ETag"] = etag
    if inline:
        # Played inside our own pages only: no other site may frame or script it.
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
