"""A private upload is shown in the browser only as what it may be (an image, a PDF, a video,
a recording); anything else, whatever its stored name says, downloads as bytes."""

import io

import pytest

from frontdesk.http import private_file_response


class _Stored:
    """A stored upload as views hand it over: a name in storage and its bytes."""

    def __init__(self, name: str, data: bytes):
        self.name, self._data = name, data

    def open(self, mode="rb"):
        return io.BytesIO(self._data)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("documents/2026/12/scan.pdf", "application/pdf"),
        ("photos/a.JPG", "image/jpeg"),
        ("archive/clip.mp4", "video/mp4"),
        ("archive/voice.mp3", "audio/mpeg"),
    ],
)
def test_what_may_be_shown_is_shown_inline(name, shown):
    response = private_file_response(_Stored(name, b"%PDF-1.4"))
    assert response["Content-Type"] == shown
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "name", ["archive/show.html", "photos/x.svg", "a.js", "b.htm", "c.xhtml", "no-extension"]
)
def test_anything_else_downloads_as_bytes(name):
    response = private_file_response(_Stored(name, b"<script>alert(1)</script>"))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
