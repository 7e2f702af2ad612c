"""The printed papers of a move-in (入伙), A4, signed on paper: the household registration
form, the handover confirmation and the house quality acceptance form.

Before a step is recorded its paper prints blank (the default items, the estate's
checklist) so the owner or maintenance can fill it in by hand."""

from dataclasses import dataclass

from django.utils import timezone

from frontdesk.pdf import print_language, render_pdf

from ..models import MeterReading, MoveInCase
from ..requirements import layout_of
from ..selectors.movein import case_agreements, case_checklist, case_progress, handover_items


def _case_context(case: MoveInCase) -> dict:
    return {
        "case": case,
        "unit": case.unit,
        "owner": case.owner,
        "estate": case.estate,
        "printed_at": timezone.localtime(),
    }


def render_registration(case: MoveInCase) -> bytes:
    """住户登记表: the owner's contacts (masked), the household, its vehicles and the
    agreements signed, as written to owners by ``registration_save``."""
    return render_pdf(
        "checkin/pdf/registration.html",
        {
            **_case_context(case),
            "residents": list(case.unit.residents.filter(moved_out_on__isnull=True)),
            "vehicles": list(case.unit.vehicles.filter(active=True)),
            "agreements": case_agreements(case),
        },
    )


def render_handover(case: MoveInCase) -> bytes:
    """入伙物品交接确认书: what was handed over, or the estate's items to fill in by hand."""
    with print_language(case.estate):
        return _render_handover(case)


def _render_handover(case: MoveInCase) -> bytes:
    lines = list(case.handover_lines.all())
    return render_pdf(
        "checkin/pdf/handover.html",
        {
            **_case_context(case),
            "lines": lines,
            "blank": []
            if lines
            else [name for _kind, name, _quantity in handover_items(case.estate_id)],
        },
    )


@dataclass
class Row:
    item: str
    defect: bool | None = None  # None: not inspected yet (a blank box)
    note: str = ""
    order_number: str = ""


def _rooms(pairs: list[tuple[str, Row]]) -> list[tuple[str, list[Row]]]:
    """The rows grouped by room, rooms in the order they first come."""
    rooms: dict[str, list[Row]] = {}
    for room, row in pairs:
        rooms.setdefault(room, []).append(row)
    return list(rooms.items())


def render_acceptance(case: MoveInCase) -> bytes:
    """房屋质量验收登记表: the checklist with each item's result and the defects' repair orders,
    and the meters' base readings; the blank checklist while the acceptance is not recorded,
    in the rooms of the unit's layout and those the desk added."""
    with print_language(case.estate):
        return _render_acceptance(case)


def _render_acceptance(case: MoveInCase) -> bytes:
    if case.accepted_at is None:
        pairs = [(room, Row(item)) for room, item in case_checklist(case)]
        readings: dict[str, MeterReading] = {}
    else:
        progress = case_progress(case)
        numbers = {
            defect.item.pk: defect.order.number for defect in progress.defects if defect.order
        }
        pairs = [
            (item.room, Row(item.item, item.defect, item.note, numbers.get(item.pk, "")))
            for item in progress.items
        ]
        readings = {reading.meter: reading for reading in progress.readings}
    return render_pdf(
        "checkin/pdf/acceptance.html",
        {
            **_case_context(case),
            "layout": layout_of(case.unit)[0],
            "rooms": _rooms(pairs),
            "readings": [
                (label, readings.get(meter)) for meter, label in MeterReading.Meter.choices
            ],
        },
    )
