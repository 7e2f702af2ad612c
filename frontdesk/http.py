"""HTTP helpers of the desk's pages: responses that carry a file (an Excel export, a printed
document), a list's filters carried into its links, and a safe way back (``?next=``)."""

from urllib.parse import urlencode

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def file_response(data: bytes, content_type: str, filename: str, *, inline: bool = False):
    """``inline`` opens a PDF in the browser (to print); else the browser saves the file.
    The desk's files carry owners' data: never cached on a shared computer or a proxy."""
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# What a private upload may be shown as in the browser; any other type (HTML, SVG, scripts,
# whatever a stored name says) is sent as bytes to download, so that nothing uploaded can run
# as a page of this site.
SHOWN_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "application/pdf",
        "video/mp4",
        "video/webm",
        "video/quicktime",
        "audio/mpeg",
        "audio/mp4",
        "audio/ogg",
        "audio/wav",
        "audio/x-wav",
        "audio/webm",
    }
)


def private_file_response(field_file) -> FileResponse:
    """A private upload (a scan, a photo) for a user the view has checked: never cached, never
    sniffed, and shown only when it is an image, a PDF, a video or a recording."""
    name = field_file.name.rsplit("/")[-1]
    response = FileResponse(field_file.open("rb"), filename=name)
    if response["Content-Type"].split(";")[0].strip() not in SHOWN_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def filter_values(filterset, fields) -> dict[str, str]:
    """A list's valid filters as the user gave them (``fields`` of a bound django-filter
    FilterSet), for the next page's link, an export or a background job."""
    if not filterset.is_bound:
        return {}
    return {
        key: filterset.data[key]
        for key in fields
        if filterset.data.get(key) and key not in filterset.errors
    }


def filter_query(filterset, fields) -> str:
    """``filter_values`` as a query string."""
    return urlencode(filter_values(filterset, fields))


def safe_next(request, default: str = "") -> str:
    """Where the page came from (``next`` in the POST, else the query string) when it is this
    site; else ``default``. Never an open redirect."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default
