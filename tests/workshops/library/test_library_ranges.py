"""Downloads resume and recordings seek: HTTP Range on the file and zip download views."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import CommunicationFactory, CommunicationFileFactory
from workshops.library.ranges import Unsatisfiable, parse_range

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library_storage")]

RECORDING = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 40  # 10,250 bytes
SIZE = len(RECORDING)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, SIZE - 1)),
        ("bytes=-500", (SIZE - 500, SIZE - 1)),
        ("bytes=-999999", (0, SIZE - 1)),
        ("bytes=5000-999999", (5000, SIZE - 1)),
        ("bytes=0-0", (0, 0)),
        ("bytes=10-5", None),  # invalid: ignored
        ("bytes=0-10,20-30", None),  # several ranges: the whole file instead
        ("items=0-10", None),
        ("bytes=-", None),
    ],
)
def test_range_header_is_read_as_the_rfc_says(header, expected):
    assert parse_range(header, SIZE) == expected


@pytest.mark.parametrize("header", [f"bytes={SIZE}-", f"bytes={SIZE + 10}-{SIZE + 20}", "bytes=-0"])
def test_range_beyond_the_file_is_unsatisfiable(header):
    with pytest.raises(Unsatisfiable):
        parse_range(header, SIZE)


def _recording():
    communication = CommunicationFactory()
    return CommunicationFileFactory(communication=communication, file=ContentFile(RECORDING, name="voix.mp3"))


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_phone_seeking_in_a_recording_gets_exactly_the_bytes_asked_for(client):
    stored = _recording()
    response = client.get(stored.get_absolute_url(), HTTP_RANGE="bytes=1000-1999")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 1000-1999/{SIZE}"
    assert response["Content-Length"] == "1000"
    assert response["Accept-Ranges"] == "bytes"
    assert _body(response) == RECORDING[1000:2000]
    stored.refresh_from_db()
    assert stored.download_count == 0  # a seek in the middle is not a new download


def test_suffix_range_gets_the_end_of_the_file(client):
    stored = _recording()
    response = client.get(stored.get_absolute_url(), HTTP_RANGE="bytes=-250")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {SIZE - 250}-{SIZE - 1}/{SIZE}"
    assert _body(response) == RECORDING[-250:]


def test_interrupted_download_resumes_from_where_it_stopped(client):
    stored = _recording()
    first = _body(client.get(stored.get_absolute_url(), HTTP_RANGE="bytes=0-4095"))
    rest = client.get(stored.get_absolute_url(), HTTP_RANGE="bytes=4096-", HTTP_IF_RANGE=f'"{stored.sha256}"')
    assert rest.status_code == 206
    assert first + _body(rest) == RECORDING
    stored.refresh_from_db()
    assert stored.download_count == 1  # counted once, on the first byte


def test_range_out_of_bounds_gets_416_with_the_size(client):
    stored = _recording()
    response = client.get(stored.get_absolute_url(), HTTP_RANGE=f"bytes={SIZE}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"
    stored.refresh_from_db()
    assert stored.download_count == 0


def test_stale_if_range_gets_the_whole_new_file(client):
    stored = _recording()
    response = client.get(
        stored.get_absolute_url(), HTTP_RANGE="bytes=100-", HTTP_IF_RANGE='"ancienne-version"'
    )
    assert response.status_code == 200
    assert _body(response) == RECORDING


def test_ranges_are_never_gzipped(client):
    stored = _recording()
    response = client.get(stored.get_absolute_url(), HTTP_RANGE="bytes=0-99", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in response
    assert _body(response) == RECORDING[:100]
    whole = client.get(stored.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in whole
    assert whole["Content-Length"] == str(SIZE)


def test_the_workshop_zip_resumes_too(client):
    stored = _recording()
    url = reverse("library:workshop_zip", args=[stored.communication.workshop.slug])
    whole = _body(client.get(url))
    response = client.get(url, HTTP_RANGE="bytes=10-29")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-29/{len(whole)}"
    assert _body(response) == whole[10:30]
    assert client.get(url, HTTP_RANGE=f"bytes={len(whole)}-").status_code == 416


def test_behind_nginx_the_file_is_handed_over_with_x_accel_redirect(client, settings):
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = "/_protected/"
    stored = _recording()
    response = client.get(stored.get_absolute_url(), HTTP_RANGE="bytes=0-99")
    assert response.status_code == 200  # nginx answers the range itself
    assert response["X-Accel-Redirect"] == f"/_protected/{stored.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Content-Disposition"] == 'inline; filename="voix.mp3"'
    stored.refresh_from_db()
    assert stored.download_count == 1


def test_pages_are_still_gzipped_for_slow_lines(client):
    CommunicationFactory(title="Une communication au titre assez long pour que la page vaille la compression")
    response = client.get(reverse("library:index"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
