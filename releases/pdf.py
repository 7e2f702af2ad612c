"""The release slip: A5, two parts (the guard's copy and the requester's), in the estate's
print language (Simplified Chinese), with the number, the one-time code as a QR code, the
items and signature lines. A slip with more items than half a sheet holds prints each part
on pages of its own, so no item is ever cut off."""

from django.utils import timezone, translation

from frontdesk.pdf import qr_data_uri, render_pdf

from .models import ReleaseSlip

PRINT_LANGUAGE = "zh-hans"
# Items that fit in one part (half an A5 sheet) beside the facts and the signature lines.
ITEMS_PER_HALF = 5


def render_slip(slip: ReleaseSlip, *, gate_url: str) -> bytes:
    items = list(slip.items.all())
    with translation.override(PRINT_LANGUAGE):
        return render_pdf(
            "releases/pdf/slip.html",
            {
                "slip": slip,
                "items": items,
                "halves": len(items) <= ITEMS_PER_HALF,
                "issued_at": timezone.localtime(slip.issued_at) if slip.issued_at else None,
                "qr": qr_data_uri(gate_url),
                "parts": ("guard", "requester"),
                "LANGUAGE_CODE": PRINT_LANGUAGE,
            },
        )
