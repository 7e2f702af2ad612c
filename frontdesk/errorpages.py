"""The server-error page (``handler500`` in ``frontdesk.urls``)."""

import logging

from django.http import HttpResponseServerError
from django.template import loader

from .logging import request_id_var

logger = logging.getLogger(__name__)


def server_error(request):
    """The 500 page, with the request id for the user to quote to the administrator.

    It renders without the request's context processors: they query the database, which may
    be what failed. If even this page cannot render (a missing static manifest, say), the user
    still gets the id, as plain text.
    """
    request_id = getattr(request, "request_id", None) or request_id_var.get() or ""
    try:
        html = loader.render_to_string("500.html", {"request_id": request_id})
    except Exception:
        logger.exception("The server error page did not render")
        return HttpResponseServerError(
            f"Server error. Request id: {request_id}\n", content_type="text/plain; charset=utf-8"
        )
    return HttpResponseServerError(html)
