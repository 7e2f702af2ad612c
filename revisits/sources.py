"""The seam to the sources of revisits: what a revisit needs to know of a completed work
order or a resolved complaint, read without importing the source app's models.

Work orders are read through the foreign key this app already holds (``Revisit.work_order``),
so this module stays the one place that knows how; complaints through
``complaints.selectors.awaiting_visit``; convenience services through
``services.selectors.awaiting_revisit``.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from complaints import selectors as complaint_selectors
from complaints.choices import Status as ComplaintStatus
from services import selectors as service_selectors
from workorders.choices import Kind
from workorders.choices import Status as OrderStatus

from .models import Revisit, RevisitSettings

# Work orders that end in a return visit: owner repairs and engineering orders. (Internal
# coordination sheets are work between departments, with no owner to ask.)
REVISITED_KINDS = (Kind.REPAIR, Kind.ENGINEERING)
# The statuses of an order whose work is done (a reopened order has its completion cleared).
DONE_STATUSES = (
    OrderStatus.COMPLETED,
    OrderStatus.VERIFIED,
    OrderStatus.BOOKED,
    OrderStatus.OWNER_CONFIRMED,
    OrderStatus.CLOSED,
)
ORDER_FIELDS = (
    "id",
    "estate_id",
    "kind",
    "category",
    "unit_id",
    "department_id",
    "assignee_id",
    "completed_at",
    "leak_test_at",
    "work_done",
    "status",
)


def work_orders() -> QuerySet:
    return Revisit._meta.get_field("work_order").related_model._default_manager.all()  # type: ignore[union-attr]


def completed_orders(order_ids=None) -> QuerySet:
    """Completed orders (of the kinds revisited) as ``ORDER_FIELDS`` dicts."""
    # Coordination sheets too in the estates whose settings say so.
    coordination = RevisitSettings.objects.filter(include_coordination=True).values("estate_id")
    kinds = Q(kind__in=REVISITED_KINDS) | Q(kind=Kind.COORDINATION, estate_id__in=coordination)
    orders = work_orders().filter(kinds, status__in=DONE_STATUSES, completed_at__isnull=False)
    if order_ids is not None:
        orders = orders.filter(pk__in=order_ids)
    return orders.values(*ORDER_FIELDS)


def orders_without_revisit() -> QuerySet:
    """Completed orders no revisit names yet: events lost, or the app installed after."""
    revisited = Revisit.objects.filter(work_order=OuterRef("pk"))
    return completed_orders().filter(~Exists(revisited)).order_by("pk")


def order_is_completed(order) -> bool:
    return order.completed_at is not None and order.status in DONE_STATUSES


COMPLAINT_FIELDS = (
    "id",
    "estate_id",
    "number",
    "description",
    "unit_id",
    "department_id",
    "handler_id",
    "handled_at",
    "reopen_count",
)


def resolved_complaints(complaint_ids=None) -> QuerySet:
    """Complaints handled and waiting for their return visit, as ``COMPLAINT_FIELDS`` dicts."""
    return complaint_selectors.awaiting_visit(ids=complaint_ids).values(*COMPLAINT_FIELDS)


def complaints_without_revisit() -> QuerySet:
    """Resolved complaints with no revisit for this resolution: events lost, or resolved
    again after a dissatisfied visit reopened them."""
    revisited = Revisit.objects.filter(
        complaint=OuterRef("pk"), complaint_round=OuterRef("reopen_count")
    )
    return resolved_complaints().filter(~Exists(revisited)).order_by("pk")


def complaint_awaits_visit(complaint) -> bool:
    return complaint.status == ComplaintStatus.HANDLED


SERVICE_FIELDS = (
    "id",
    "estate_id",
    "number",
    "unit_id",
    "department_id",
    "assignee_id",
    "accepted_at",
    "work_done",
    "item__name",
)


def accepted_services(service_ids=None) -> QuerySet:
    """Services the owner accepted, as ``SERVICE_FIELDS`` dicts."""
    return service_selectors.awaiting_revisit(ids=service_ids).values(*SERVICE_FIELDS)


def services_without_revisit() -> QuerySet:
    """Accepted services no revisit names yet: events lost, or the app installed after."""
    revisited = Revisit.objects.filter(service=OuterRef("pk"))
    return accepted_services().filter(~Exists(revisited)).order_by("pk")
