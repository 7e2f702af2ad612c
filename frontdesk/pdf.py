"""Printed documents: HTML templates rendered to PDF by WeasyPrint.

Every document extends ``frontdesk/pdf/base.html``, which links the shared print stylesheet
``static/print/print.css``; it names its CJK fonts explicitly so Chinese never prints as boxes.
"""

import base64
import ctypes.util
import io
import math
from functools import cache
from pathlib import Path

import qrcode
import qrcode.image.svg
from django.conf import settings
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


def render_pdf(template_name: str, context: dict | None = None) -> bytes:
    return render_document(template_name, context).write_pdf()


def render_document(template_name: str, context: dict | None = None) -> Document:
    """The laid-out pages of a document, not yet a PDF: a long batch is laid out in parts
    (so its progress can be shown) and written once with ``write_documents``."""
    html = render_to_string(template_name, {"print_css": PRINT_CSS.as_uri(), **(context or {})})
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


def print_language():
    """The language the office prints in (the site's default), whatever the page's: around a
    PDF's rendering and the figures' labels computed for it."""
    return translation.override(settings.LANGUAGE_CODE)
