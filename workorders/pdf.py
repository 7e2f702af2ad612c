"""The printed order: repair order (maintenance registration form), engineering order or
internal coordination sheet, A4, with its number, QR code and signature lines."""

from django.conf import settings
from django.utils import timezone

from frontdesk.pdf import qr_data_uri, render_pdf

from .models import Kind, WorkOrder

TEMPLATES = {
    Kind.REPAIR: "workorders/pdf/repair.html",
    Kind.ENGINEERING: "workorders/pdf/engineering.html",
    Kind.COORDINATION: "workorders/pdf/coordination.html",
}


def render_order(order: WorkOrder) -> bytes:
    url = f"{settings.SITE_URL}{order.get_absolute_url()}"
    context = {
        "order": order,
        "estate": order.estate,
        "qr": qr_data_uri(url),
        "printed_at": timezone.localtime(),
    }
    return render_pdf(TEMPLATES[order.kind], context)
