"""Responses that carry a file: an Excel export, a printed document."""

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def file_response(data: bytes, content_type: str, filename: str, *, inline: bool = False):
    """``inline`` opens a PDF in the browser (to print); else the browser saves the file."""
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
