"""Payment notices (缴费通知单 / 催缴通知单): one unit's statement of its open charges, and a
batch of them for an arrears list, printed as one PDF by a background job."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frontdesk.money import MoneySum
from frontdesk.pdf import Document, render_document, render_pdf, write_documents
from owners.models import Estate, Unit
from owners.selectors import current_owner_names

from . import arrears
from .models import ZERO, Charge, Payment
from .selectors import OPEN

JOB_KIND = "fees.notices"
BATCH_CAP = 2_000
CHUNK = 100
PAY_METHODS = (
    Payment.Method.CASH,
    Payment.Method.WECHAT,
    Payment.Method.ALIPAY,
    Payment.Method.BANK_CARD,
    Payment.Method.TRANSFER,
)


@dataclass
class Notice:
    unit: Unit
    as_of: datetime.date
    owners: list[str] = field(default_factory=list)
    charges: list[Charge] = field(default_factory=list)
    credit: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return sum((c.outstanding for c in self.charges), ZERO)

    @property
    def overdue(self) -> Decimal:
        return sum((c.outstanding for c in self.charges if c.due_date <= self.as_of), ZERO)

    @property
    def is_reminder(self) -> bool:
        """A reminder (催缴) when something has fallen due, else a plain notice (缴费)."""
        return self.overdue > ZERO

    @property
    def listed(self) -> list[Charge]:
        """A reminder asks for what has fallen due, and lists only that; a plain notice lists
        what was billed, with its due dates."""
        if not self.is_reminder:
            return self.charges
        return [c for c in self.charges if c.due_date <= self.as_of]

    @property
    def upcoming(self) -> Decimal:
        """Billed but not yet due: a reminder mentions it below its table, asks nothing for it."""
        return self.total - self.overdue if self.is_reminder else ZERO

    @property
    def to_pay(self) -> Decimal:
        asked = self.overdue if self.is_reminder else self.total
        return max(asked - self.credit, ZERO)


def notices_for(units: list[Unit], *, as_of: datetime.date) -> list[Notice]:
    """Notices of ``units`` (with estate and building loaded) in their order: three queries."""
    ids = [unit.pk for unit in units]
    owners = current_owner_names(ids, as_of)
    notices: dict[int | None, Notice] = {
        unit.pk: Notice(unit, as_of, owners.get(unit.pk, [])) for unit in units
    }
    charges = (
        Charge.objects.filter(unit_id__in=ids, status__in=OPEN)
        .select_related("fee_type")
        .order_by("unit_id", "due_date", "period", "id")
    )
    for charge in charges:
        notices[charge.unit_id].charges.append(charge)
    for unit_id, credit in unit_credits(ids).items():
        notices[unit_id].credit = credit
    return [notices[pk] for pk in ids]


def unit_credits(unit_ids: list[int]) -> dict[int, Decimal]:
    """Prepaid balances of many units in one query (``selectors.unit_credit`` for one)."""
    payments = (
        Payment.objects.filter(unit_id__in=unit_ids, reverses__isnull=True, reversal__isnull=True)
        .annotate(allocated=MoneySum("allocations__amount"))
        .values_list("unit_id", "amount", "allocated")
    )
    credits: dict[int, Decimal] = {}
    for unit_id, amount, allocated in payments:
        credits[unit_id] = credits.get(unit_id, ZERO) + amount - allocated
    return credits


def _how_to_pay() -> dict:
    # Opening hours differ by estate and no model holds them yet: shown when configured.
    return {
        "desk_hours": getattr(settings, "FEES_DESK_HOURS", ""),
        "methods": [Payment.Method(m).label for m in PAY_METHODS],
    }


def render_notice(notice: Notice) -> bytes:
    return render_pdf(
        "fees/pdf/notice.html", {"notice": notice, "printed_on": notice.as_of, **_how_to_pay()}
    )


def layout_notices(notices: list[Notice], *, as_of: datetime.date) -> Document:
    """Notices as one laid-out document, a page break between units (one HTML document is far
    faster than one per unit); ``write_documents`` joins several into one PDF."""
    return render_document(
        "fees/pdf/notices.html", {"notices": notices, "printed_on": as_of, **_how_to_pay()}
    )


# The batch job


def notices_job(job, progress) -> None:
    """Runner of ``fees.notices`` (started by ``services.notices_job_start``): the notices of
    the arrears list the user saw, as one PDF."""
    params = job.params
    as_of = datetime.date.fromisoformat(params["as_of"])
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        estates = list(Estate.objects.filter(pk__in=params["estate_ids"]).order_by("name"))
        filterset = arrears.ArrearsFilter(params.get("filters") or {}, estates=estates, as_of=as_of)
        if not filterset.is_valid():
            # Never print a wider list than the one asked for (a building since removed…).
            raise ValueError(_("The filters of this list are no longer valid."))
        rows = arrears.arrears_rows(filterset, limit=BATCH_CAP + 1, with_units=False)
        capped = len(rows) > BATCH_CAP
        ids = [row.unit_id for row in rows[:BATCH_CAP]]
        # Layout takes nearly all the time (~0.1 s a page): the bar moves with each part laid
        # out, and writing the joined PDF is the last tenth.
        total = len(ids) + len(ids) // 10 + 1
        progress(0, total)
        parts, printed = [], 0
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            units = Unit.objects.select_related("estate", "building").in_bulk(chunk)
            notices = notices_for([units[pk] for pk in chunk if pk in units], as_of=as_of)
            if notices:
                parts.append(layout_notices(notices, as_of=as_of))
                printed += len(notices)
            progress(start + len(chunk), total)
        if not parts:
            job.message = _("No unit in this list owes anything now.")
            return
        pdf = write_documents(parts)
        job.file.save(f"notices-{as_of:%Y%m%d}-{job.pk}.pdf", ContentFile(pdf), save=False)
        job.message = ngettext("%(n)s notice printed.", "%(n)s notices printed.", printed) % {
            "n": printed
        }
        if capped:
            job.message += " " + _(
                "Only the first %(cap)s units of the list were printed; narrow the filters "
                "(a building, an age) to print the rest."
            ) % {"cap": f"{BATCH_CAP:,}"}
        progress(total, total)
