"""Printed documents: HTML templates rendered to PDF by WeasyPrint.

Every document extends ``frontdesk/pdf/base.html``, which links the shared print stylesheet
``static/print/print.css``; it names its CJK fonts explicitly so Chinese never prints as boxes.

Documents speak to the owner: each is rendered in its estate's print language (the estate
given as ``estate`` in its context), texts, numbers and dates alike, whatever the language of
the desk's screens, unless the desk asked for another with ``?lang=en`` on the document's URL
(``requested_language``); without an estate, in the office's language (LANGUAGE_CODE).
"""

import base64
import ctypes.util
import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "print" / "print.css"


@cache
def _font_config() -> FontConfiguration:
    # One font configuration per process: WeasyPrint reuses parsed and subset fonts.
    return FontConfiguration()


# The language the desk asked a request's documents in (``?lang=``), else None.
_requested: ContextVar[str | None] = ContextVar("print_language_requested", default=None)


def supported_language(code: str | None) -> str | None:
    """``code`` as one of settings.LANGUAGES ("zh-cn" → "zh-hans"), or None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code.strip().lower())
    except LookupError:
        return None


@contextmanager
def requested_language(code: str | None) -> Iterator[None]:
    """Documents rendered inside print in ``code`` (one of settings.LANGUAGES), whatever their
    estate's print language; None or an unknown code changes nothing."""
    language = supported_language(code)
    if language is None:
        yield
        return
    token = _requested.set(language)
    try:
        yield
    finally:
        _requested.reset(token)


def requested_language_middleware(get_response):
    """A document URL with ``?lang=en`` (any of settings.LANGUAGES) prints in that language."""

    def middleware(request):
        with requested_language(request.GET.get("lang")):
            return get_response(request)

    return middleware


def language_for(estate=None) -> str:
    """The language a document of ``estate`` prints in: the desk's request, else the
    estate's print language, else the office's."""
    return (
        _requested.get()
        or supported_language(getattr(estate, "print_language", None))
        or settings.LANGUAGE_CODE
    )


def _estate_of(context: dict):
    """The context's ``estate``, else the estate of its first record that names one (a
    model's ``estate_lookup``: a visit's, a release slip's, a renovation's)."""
    estate = context.get("estate")
    if hasattr(estate, "print_language"):
        return estate
    for value in context.values():
        lookup = getattr(type(value), "estate_lookup", None)
        if not isinstance(value, Model) or not lookup:
            continue
        if lookup == "id":
            return value
        for name in lookup.split("__"):
            value = getattr(value, name, None)
        if hasattr(value, "print_language"):
            return value
    return None


def render_pdf(template_name: str, context: dict | None = None) -> bytes:
    return render_document(template_name, context).write_pdf()


def render_document(template_name: str, context: dict | None = None) -> Document:
    """The laid-out pages of a document, not yet a PDF: a long batch is laid out in parts
    (so its progress can be shown) and written once with ``write_documents``. Rendered in
    the print language of the context's ``estate`` (see the module's docstring)."""
    context = context or {}
    language = language_for(_estate_of(context))
    with translation.override(language):
        html = render_to_string(
            template_name,
            {"print_css": PRINT_CSS.as_uri(), **context, "LANGUAGE_CODE": language},
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=_font_config())


MM_PER_PX = 25.4 / 96


def render_fitted(template_name: str, context: dict | None = None) -> bytes:
    """A document for a roll of paper (an 80 mm receipt), cut where its content ends: laid
    out once on a very long page to measure it, then on a page exactly as long. Its
    template sizes the page with ``{{ page_height }}`` and keeps a bottom margin of
    ``{{ page_margin }}``."""
    context = {"page_margin": "3mm", **(context or {})}
    first = render_document(template_name, {**context, "page_height": "2000mm"})
    root = first.pages[0]._page_box.children[0]  # the <html> box: all the content
    content_mm = (root.position_y + root.margin_height()) * MM_PER_PX
    margin_mm = float(context["page_margin"].removesuffix("mm"))
    height = f"{math.ceil(content_mm + margin_mm + 1)}mm"
    return render_document(template_name, {**context, "page_height": height}).write_pdf()


def write_documents(documents: list[Document]) -> bytes:
    """One PDF of the pages of ``documents`` in order."""
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


@cache
def fast_font_subsetting() -> bool:
    """Whether HarfBuzz's subsetter is present; without it a Chinese page takes seconds."""
    return ctypes.util.find_library("harfbuzz-subset") is not None


def qr_data_uri(text: str) -> str:
    """A QR code of ``text`` as an SVG data URI, for an ``<img>`` in a printed document."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def print_language(estate=None):
    """Around the labels and figures computed for a document before it is rendered: the
    language it prints in (``language_for``), whatever the page's."""
    return translation.override(language_for(estate))
