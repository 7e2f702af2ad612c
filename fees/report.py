"""The monthly collection-rate report (收缴率), per estate and building, for the director.

For a month M:

- **billed**: the charges of M (their period is in M; a one-off charge without a period counts
  in the month it falls due), less what was waived on them;
- **collected**: what payments put on those charges by the end of M (reversals subtract);
- **arrears collected**: what payments put, during M, on charges of earlier months — of the
  same year, and of earlier years.

Collected counts the money by the time it was put on the charge (an allocation's time), so a
prepaid balance used by the month's bill counts in M, and a closed month's figures no longer
change. Three queries whatever the number of units.
"""

import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from openpyxl import Workbook

from frontdesk.money import MoneySum
from frontdesk.months import midnight, month_start, next_month
from owners.models import Building

from .models import CENT, ZERO, Allocation, Charge

_DIGITS = re.compile(r"(\d+)")


def _cents(value) -> Decimal:
    # SQLite hands sums back without their places (450 for 450.00).
    return (value or ZERO).quantize(CENT)


def _month_between(start: datetime.date, end: datetime.date, prefix: str = "") -> Q:
    """Charges whose month is in [start, end): by period, else by due date."""
    return Q(**{f"{prefix}period__gte": start, f"{prefix}period__lt": end}) | Q(
        **{
            f"{prefix}period__isnull": True,
            f"{prefix}due_date__gte": start,
            f"{prefix}due_date__lt": end,
        }
    )


def _month_before(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}period__lt": day}) | Q(
        **{f"{prefix}period__isnull": True, f"{prefix}due_date__lt": day}
    )


@dataclass
class Line:
    label: str
    billed: Decimal = ZERO
    waived: Decimal = ZERO
    collected: Decimal = ZERO
    arrears_this_year: Decimal = ZERO
    arrears_earlier: Decimal = ZERO
    charges: int = 0

    @property
    def due(self) -> Decimal:
        return self.billed - self.waived

    @property
    def rate(self) -> Decimal | None:
        """Collected as a percentage of what was due, one decimal; None when nothing was."""
        if self.due <= ZERO:
            return None
        return (self.collected * 100 / self.due).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def add(self, other: "Line") -> None:
        self.billed += other.billed
        self.waived += other.waived
        self.collected += other.collected
        self.arrears_this_year += other.arrears_this_year
        self.arrears_earlier += other.arrears_earlier
        self.charges += other.charges


@dataclass
class EstateBlock:
    estate_id: int
    name: str
    total: Line
    buildings: list[Line] = field(default_factory=list)


@dataclass
class Report:
    month: datetime.date
    estates: list[EstateBlock]
    total: Line

    def chart(self) -> dict:
        """Bars per building for the page's chart (floats: it is only a picture)."""
        several = len(self.estates) > 1
        labels, billed, collected, rates = [], [], [], []
        for block in self.estates:
            for line in block.buildings:
                labels.append(f"{block.name} · {line.label}" if several else line.label)
                billed.append(float(line.due))
                collected.append(float(line.collected))
                rates.append(float(line.rate) if line.rate is not None else None)
        return {
            "labels": labels,
            "billed": billed,
            "collected": collected,
            "rate": rates,
            "names": {
                "billed": _("Due"),
                "collected": _("Collected"),
                "rate": _("Collection rate (%)"),
            },
        }


def collection_report(*, estates, month: datetime.date) -> Report:
    """``estates``: the estates to report on (objects with pk and name)."""
    month = month_start(month)
    end_day = next_month(month)
    year_start = month.replace(month=1)
    start, end = midnight(month), midnight(end_day)
    names = {e.pk: e.name for e in estates}
    ids = list(names)

    lines: dict[tuple[int, int | None], Line] = {}

    def line(estate_id: int, building_id: int | None) -> Line:
        return lines.setdefault((estate_id, building_id), Line(label=""))

    billed = (
        Charge.objects.filter(_month_between(month, end_day), estate_id__in=ids)
        .values("estate_id", "unit__building_id")
        .annotate(billed=MoneySum("amount"), waived=MoneySum("waived_amount"), n=Count("id"))
        .order_by()
    )
    for row in billed:
        target = line(row["estate_id"], row["unit__building_id"])
        target.billed, target.waived = _cents(row["billed"]), _cents(row["waived"])
        target.charges = row["n"]

    this_month = _month_between(month, end_day, "charge__")
    in_month = Q(created_at__gte=start)
    this_year = in_month & _month_between(year_start, month, "charge__")
    earlier = in_month & _month_before(year_start, "charge__")
    collected = (
        Allocation.objects.filter(charge__estate_id__in=ids, created_at__lt=end)
        .filter(this_month | (in_month & _month_before(month, "charge__")))
        .values("charge__estate_id", "charge__unit__building_id")
        .annotate(
            collected=MoneySum("amount", filter=this_month),
            this_year=MoneySum("amount", filter=this_year),
            earlier=MoneySum("amount", filter=earlier),
        )
        .order_by()
    )
    for row in collected:
        target = line(row["charge__estate_id"], row["charge__unit__building_id"])
        target.collected = _cents(row["collected"])
        target.arrears_this_year = _cents(row["this_year"])
        target.arrears_earlier = _cents(row["earlier"])

    buildings = Building.objects.in_bulk([b for _e, b in lines if b is not None])
    blocks: dict[int, EstateBlock] = {}
    for (estate_id, building_id), item in sorted(
        lines.items(), key=lambda kv: _building_order(buildings.get(kv[0][1]))
    ):
        building = buildings.get(building_id)
        item.label = str(building) if building else _("Other payers")
        block = blocks.setdefault(
            estate_id, EstateBlock(estate_id, names[estate_id], Line(label=names[estate_id]))
        )
        block.buildings.append(item)
        block.total.add(item)
    total = Line(label=_("All estates"))
    ordered = sorted(blocks.values(), key=lambda b: b.name)
    for block in ordered:
        total.add(block.total)
    return Report(month=month, estates=ordered, total=total)


def _building_order(building: Building | None) -> tuple:
    """Buildings in natural number order (2 before 10); charges without a unit last."""
    if building is None:
        return (1, ())
    return (
        0,
        tuple(
            (0, int(p), "") if p.isdigit() else (1, 0, p) for p in _DIGITS.split(building.number)
        ),
    )


def report_workbook(report: Report) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Collection rate"))
    sheet.append([_("Collection rate %(month)s") % {"month": report.month.strftime("%Y-%m")}])
    sheet.append(
        [
            _("Estate"),
            _("Building"),
            _("Billed (CNY)"),
            _("Waived (CNY)"),
            _("Collected (CNY)"),
            _("Collection rate (%)"),
            _("Arrears collected, this year (CNY)"),
            _("Arrears collected, earlier years (CNY)"),
        ]
    )

    def append(estate: str, label: str, item: Line) -> None:
        sheet.append(
            [
                estate,
                label,
                item.billed,
                item.waived,
                item.collected,
                item.rate,
                item.arrears_this_year,
                item.arrears_earlier,
            ]
        )

    for block in report.estates:
        for item in block.buildings:
            append(block.name, item.label, item)
        append(block.name, _("Total"), block.total)
    append(_("All estates"), "", report.total)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
