"""The printed order: repair order (maintenance registration form), engineering order or
internal coordination sheet, A4, with its number, QR code, the verification, what a paid
repair cost and what of it is paid, the return-visit block and signature lines."""

from django.conf import settings
from django.utils import timezone

from fees.selectors import charge_state
from frontdesk.pdf import qr_data_uri, render_pdf

from .models import Kind, WorkOrder, WorkOrderEvent

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
        "verified": order.events.filter(action=WorkOrderEvent.Action.VERIFIED)
        .select_related("actor")
        .order_by("-at")
        .first(),
        "charge": charge_state(order.charge_id),
    }
    return render_pdf(TEMPLATES[order.kind], context)
