"""Reads of move-in cases: a case's progress through its steps (what is done, what is
missing, what is next), the lists and panels, the dossier section and the timeline."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fees.selectors import move_in_fee_charges
from frontdesk.paging import PAGE_SIZE, Page, cursor_parts, page_of
from frontdesk.scoping import get_for_user_or_404, require_role
from frontdesk.timeline import Event, timeline
from owners import selectors as owner_selectors
from owners.models import Document, Unit
from owners.validators import layout_counts
from workorders.choices import Status as OrderStatus
from workorders.selectors import orders_by_id, orders_from_source

from .. import requirements
from ..models import (
    AcceptanceItem,
    Agreement,
    AgreementSigning,
    ChecklistTemplate,
    DocumentWaiver,
    HandoverItem,
    HandoverLine,
    MeterReading,
    MoveInCase,
    Reinspection,
)
from ..permissions import VIEW_ROLES

DONE, WAIVED, MISSING = "done", "waived", "missing"
# A defect is settled when the owner signed its repair (or the order was cancelled).
SETTLED_ORDER_STATUSES = (OrderStatus.OWNER_CONFIRMED, OrderStatus.CLOSED, OrderStatus.CANCELLED)
REINSPECTION_STATUSES = (OrderStatus.VERIFIED, OrderStatus.BOOKED)

STEP_LABELS = {
    "documents": ("①", gettext_lazy("Identity and documents")),
    "registration": ("②", gettext_lazy("Registration and agreements")),
    "handover": ("③", gettext_lazy("Handover")),
    "fee": ("④", gettext_lazy("Property fee")),
    "acceptance": ("⑤", gettext_lazy("House acceptance")),
    "archive": ("⑦", gettext_lazy("Archive")),
}


@dataclass
class Line:
    label: str
    state: str  # DONE, WAIVED or MISSING
    detail: str = ""
    kind: str = ""  # the document kind, for lines of papers
    document: Document | None = None
    waiver: DocumentWaiver | None = None


@dataclass
class Step:
    key: str
    lines: list[Line] = field(default_factory=list)
    done: bool = False
    state: str = MISSING  # DONE, "next" or MISSING, set by ``Progress``

    @property
    def number(self) -> str:
        return STEP_LABELS[self.key][0]

    @property
    def label(self) -> str:
        return str(STEP_LABELS[self.key][1])


@dataclass
class Defect:
    item: AcceptanceItem
    order: Any  # its repair work order; None when it could not be read

    @property
    def settled(self) -> bool:
        return self.order is not None and self.order.status in SETTLED_ORDER_STATUSES


@dataclass
class Progress:
    case: MoveInCase
    steps: list[Step]
    documents: dict[str, Line]
    agreements: list[tuple[Agreement, AgreementSigning | None]]
    handover: list[HandoverLine]
    charges: list[Any]  # fees' charges of the move-in's property fee
    outstanding: Decimal
    items: list[AcceptanceItem]
    defects: list[Defect]
    readings: list[MeterReading]
    reinspection: Reinspection | None  # the one booked and not yet recorded
    reinspections: list[Reinspection]

    def __post_init__(self) -> None:
        found_next = False
        for step in self.steps:
            if step.done:
                step.state = DONE
            elif not found_next:
                step.state, found_next = "next", True

    @property
    def step(self) -> dict[str, Step]:
        return {step.key: step for step in self.steps}

    @property
    def complete(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def charge_ids(self) -> str:
        """The move-in's charges still owing, "1,2,3", for the pay page to take exactly them."""
        return ",".join(str(charge.pk) for charge in self.charges if charge.outstanding > 0)

    @property
    def to_reinspect(self) -> list[Defect]:
        return [d for d in self.defects if d.order and d.order.status in REINSPECTION_STATUSES]

    @property
    def booked_orders(self) -> list[Any]:
        """The repair orders waiting for the booked re-inspection's result."""
        return [d.order for d in self.defects if d.order and d.order.status == OrderStatus.BOOKED]

    def missing(self) -> list[str]:
        """What keeps the case from completing, as the desk would say it."""
        said = []
        for step in self.steps:
            for line in step.lines:
                if step.key == "archive" and line.kind not in requirements.ARCHIVE_DOCUMENTS:
                    continue  # the other steps' papers, said once under their own step
                if line.state == MISSING:
                    said.append(f"{step.number} {line.label}")
        return said


def movein_get(*, user: Any, pk: int) -> MoveInCase:
    """A case of the user's estates, for VIEW_ROLES only (403; another estate's is a 404)."""
    require_role(user, *VIEW_ROLES)
    return get_for_user_or_404(
        user,
        MoveInCase.objects.select_related(
            "unit__building", "owner", "estate", "authorization", "opened_by", "closed_by"
        ),
        pk=pk,
    )


def open_movein(*, unit_id: int) -> MoveInCase | None:
    """The unit's move-in under way, if any (there is one at most)."""
    return MoveInCase.objects.open().filter(unit_id=unit_id).first()


def unit_by_code(*, estate_ids: frozenset[int] | None, code: str) -> Unit | None:
    """The unit of ``code`` in ``estate_ids`` (None: any), for the desk's "move-in of unit"."""
    units = owner_selectors.units_coded(code)
    if estate_ids is not None:
        units = units.filter(estate_id__in=estate_ids)
    return units.only("id").first()


def acceptance_photo_get(*, user: Any, pk: int) -> AcceptanceItem:
    """A defect's photo from a move-in acceptance (a 404 outside the user's estates)."""
    require_role(user, *VIEW_ROLES)
    return get_for_user_or_404(user, AcceptanceItem.objects.exclude(photo=""), pk=pk)


def _case_type() -> ContentType:
    return ContentType.objects.get_for_model(MoveInCase)


def case_documents(case: MoveInCase) -> list[Document]:
    return list(
        Document.objects.filter(source_type=_case_type(), source_id=case.pk)
        .select_related("received_by")
        .order_by("received_at", "id")
    )


def active_agreements(estate_id: int) -> list[Agreement]:
    return list(Agreement.objects.filter(estate_id=estate_id, active=True))


def case_agreements(case: MoveInCase) -> list[tuple[Agreement, AgreementSigning | None]]:
    """The estate's agreements, each with its signing on ``case`` (None: not signed yet)."""
    signings = {signing.agreement_id: signing for signing in case.signings.all()}
    return [(a, signings.get(a.pk)) for a in active_agreements(case.estate_id)]


def handover_items(estate_id: int) -> list[tuple[str, str, int]]:
    """(kind, name, quantity): the defaults (keys first), then the estate's own items."""
    own = HandoverItem.objects.filter(estate_id=estate_id, active=True)
    return requirements.default_handover() + [("", item.name, item.quantity) for item in own]


def checklist_rows(estate_id: int) -> list[requirements.ChecklistRow]:
    """(room, kind, item) rows of the estate's newest active checklist, else the default."""
    template = (
        ChecklistTemplate.objects.filter(estate_id=estate_id, active=True).order_by("-id").first()
    )
    if template is None:
        return requirements.default_rows()
    rows = [(row.room, row.room_kind, row.item) for row in template.items.all()]
    return rows or requirements.default_rows()


def checklist(estate_id: int) -> list[tuple[str, str]]:
    """(room, item) pairs of the estate's checklist for a unit with one room of each kind."""
    return requirements.expand(checklist_rows(estate_id), {})


def case_checklist(case: MoveInCase) -> list[tuple[str, str]]:
    """(room, item) pairs of a move-in's acceptance: the estate's checklist in the rooms of
    the unit's layout (主卧, 次卧…, 卫生间1, 卫生间2), then the rooms the desk added."""
    layout, _estimated = requirements.layout_of(case.unit)
    return requirements.expand(
        checklist_rows(case.estate_id), layout_counts(layout), case.added_rooms or ()
    )


def _document_lines(
    case: MoveInCase,
    documents: list[Document],
    waivers: list[DocumentWaiver],
    kinds: tuple[str, ...] = (),
) -> dict[str, Line]:
    received: dict[str, Document] = {}
    for document in documents:
        received.setdefault(document.kind, document)
    waived = {waiver.kind: waiver for waiver in waivers}
    lines = {}
    for kind in kinds or requirements.required_documents(case.handler):
        label = requirements.document_label(case.handler, kind)
        if kind in received:
            document = received[kind]
            how = _("scan") if document.file else _("original sighted")
            lines[kind] = Line(label, DONE, how, kind=kind, document=document)
        elif kind in waived:
            waiver = waived[kind]
            lines[kind] = Line(label, WAIVED, waiver.reason, kind=kind, waiver=waiver)
        else:
            lines[kind] = Line(label, MISSING, kind=kind)
    return lines


def _fee_charges(case: MoveInCase) -> list[Any]:
    if case.fee_first_month is None or not case.fee_months:
        return []
    return move_in_fee_charges(
        unit_id=case.unit_id, first_month=case.fee_first_month, months=case.fee_months
    )


def case_progress(case: MoveInCase) -> Progress:
    """Every step of ``case`` with what is done and missing: nine queries, whatever the case."""
    received = case_documents(case)
    waivers = list(case.waivers.all())
    documents = _document_lines(case, received, waivers)
    signed = _document_lines(case, received, waivers, requirements.ARCHIVE_DOCUMENTS)
    agreements = case_agreements(case)
    handover = list(case.handover_lines.all())
    charges = _fee_charges(case)
    outstanding = sum((charge.outstanding for charge in charges), Decimal("0"))
    items = list(case.acceptance_items.all())
    orders = orders_by_id([item.work_order_id for item in items if item.work_order_id])
    defects = [Defect(item, orders.get(item.work_order_id or 0)) for item in items if item.defect]
    reinspections = list(case.reinspections.select_related("booked_by"))
    readings = sorted(
        MeterReading.objects.filter(
            subject_type=_case_type(), subject_id=case.pk, context=MeterReading.Context.MOVE_IN
        ),
        key=lambda reading: MeterReading.Meter.values.index(reading.meter),  # water first
    )

    registration = [
        Line(
            _("Household registration form"),
            DONE if case.registered_at else MISSING,
        ),
        *(
            Line(
                agreement.title,
                DONE if signing else MISSING,
                signing.signed_on.isoformat() if signing else "",
            )
            for agreement, signing in agreements
        ),
    ]
    handed = Line(_("Keys and items handed over"), DONE if case.handed_over_at else MISSING)
    if case.fee_first_month is None:
        fee = [Line(_("Charge the move-in property fee"), MISSING)]
    elif not case.fee_months:
        fee = [Line(_("No property fee at move-in"), DONE)]
    else:
        fee = [
            Line(
                _("Property fee paid"),
                DONE if outstanding <= 0 else MISSING,
                _("%(amount)s outstanding") % {"amount": outstanding} if outstanding > 0 else "",
            )
        ]
    if case.accepted_at is None:
        acceptance = [Line(_("Record the house acceptance"), MISSING)]
    else:
        acceptance = [Line(_("House acceptance recorded"), DONE)] + [
            Line(
                _("Defect %(room)s · %(item)s signed off by the owner")
                % {"room": defect.item.room, "item": defect.item.item},
                DONE if defect.settled else MISSING,
                defect.order.get_status_display() if defect.order else "",
            )
            for defect in defects
        ]
    if not agreements:  # an estate without agreements has none to archive
        signed[Document.Kind.AGREEMENT].state = DONE
    archive = [
        *(line for line in documents.values() if line.kind != Document.Kind.SALES_CONTRACT),
        *signed.values(),
    ]
    steps = [
        Step("documents", list(documents.values())),
        Step("registration", registration),
        Step("handover", [handed]),
        Step("fee", fee),
        Step("acceptance", acceptance),
        Step("archive", archive),
    ]
    for step in steps:
        step.done = all(line.state != MISSING for line in step.lines)
    return Progress(
        case=case,
        steps=steps,
        documents=documents,
        agreements=agreements,
        handover=handover,
        charges=charges,
        outstanding=outstanding,
        items=items,
        defects=defects,
        readings=readings,
        reinspection=next((r for r in reinspections if r.done_at is None), None),
        reinspections=reinspections,
    )


def _waiting_reinspection() -> Exists:
    orders = orders_from_source(source_type=_case_type(), statuses=REINSPECTION_STATUSES)
    return Exists(orders.filter(source_id=OuterRef("pk")))


LIST_STATES = ("open", "reinspection", "completed", "cancelled", "all")


def movein_list(*, estate_ids: frozenset[int] | None, state: str) -> QuerySet[MoveInCase]:
    rows = MoveInCase.objects.all()
    if estate_ids is not None:
        rows = rows.filter(estate_id__in=estate_ids)
    if state in ("open", "reinspection"):
        rows = rows.filter(status=MoveInCase.Status.OPEN)
    elif state in ("completed", "cancelled"):
        rows = rows.filter(status=state)
    if state == "reinspection":
        rows = rows.filter(_waiting_reinspection())
    return rows.select_related("unit", "owner", "estate").order_by("-opened_at", "-id")


def _after_case(rows: QuerySet, cursor: str) -> QuerySet:
    """The cases opened before ``cursor`` ("<iso time>~<id>"); a bad cursor: from the top."""
    parts = cursor_parts(cursor, 2)
    at = parse_datetime(parts[0]) if parts else None
    if parts is None or at is None or not parts[1].isdigit():
        return rows
    return rows.filter(Q(opened_at__lt=at) | Q(opened_at=at, id__lt=int(parts[1])))


def _case_cursor(case: MoveInCase) -> str:
    return f"{case.opened_at.isoformat()}~{case.pk}"


def movein_page(
    *, estate_ids: frozenset[int] | None, state: str, cursor: str = "", size: int = PAGE_SIZE
) -> Page:
    """One page of ``movein_list`` after ``cursor``: one query whatever the page."""
    rows = movein_list(estate_ids=estate_ids, state=state)
    if cursor:
        rows = _after_case(rows, cursor)
    return page_of(list(rows[: size + 1]), size, cursor, _case_cursor)


def unit_movein_section(unit_id: int) -> dict:
    """The dossier's move-in section: the open case (or the last one), one query."""
    cases = list(
        MoveInCase.objects.filter(unit_id=unit_id)
        .select_related("owner")
        .order_by("-opened_at", "-id")[:3]
    )
    open_case = next((case for case in cases if case.is_open), None)
    return {"open_case": open_case, "cases": cases}


def movein_timeline(case: MoveInCase) -> list[Event]:
    """Who did what on the case: the case, its papers, waivers, agreements, handover,
    re-inspections and readings; seven queries."""
    return timeline(
        [
            (MoveInCase.history.filter(id=case.pk), lambda r: r.get_status_display()),
            (
                Document.history.filter(source_type=_case_type(), source_id=case.pk),
                lambda r: r.title or r.get_kind_display(),
            ),
            (DocumentWaiver.history.filter(case_id=case.pk), lambda r: r.get_kind_display()),
            (
                AgreementSigning.history.filter(case_id=case.pk).select_related("agreement"),
                lambda r: r.agreement.title,
            ),
            (HandoverLine.history.filter(case_id=case.pk), lambda r: f"{r.name} × {r.quantity}"),
            (
                Reinspection.history.filter(case_id=case.pk),
                lambda r: f"{timezone.localtime(r.scheduled_at):%Y-%m-%d %H:%M} {r.accompanied_by}",
            ),
            (
                MeterReading.history.filter(subject_type=_case_type(), subject_id=case.pk),
                lambda r: f"{r.get_meter_display()} {r.value}",
            ),
        ],
        limit=60,
    )
