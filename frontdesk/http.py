"""HTTP helpers of the desk's pages: responses that carry a file (an Excel export, a printed
document) and a list's filters carried into its links."""

from urllib.parse import urlencode

from django.http import FileResponse, HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def file_response(data: bytes, content_type: str, filename: str, *, inline: bool = False):
    """``inline`` opens a PDF in the browser (to print); else the browser saves the file."""
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def private_file_response(field_file) -> FileResponse:
    """A private upload (a scan, a photo) for a user the view has checked: never cached, and
    never sniffed into something the browser would run."""
    response = FileResponse(field_file.open("rb"), filename=field_file.name.rsplit("/")[-1])
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
