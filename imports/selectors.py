"""The imports of the user's estates and the problems of one, in keyset pages."""

from django.db.models import Count, Q
from django.utils.dateparse import parse_date

from frontdesk.money import MoneySum
from frontdesk.paging import PAGE_SIZE, Page, page_of
from frontdesk.scoping import get_for_user_or_404

from .models import ImportBatch, ImportProblem, PastPayment

SECTION_ROWS = 8


def batch_get(*, user, pk: int) -> ImportBatch:
    return get_for_user_or_404(user, ImportBatch.objects.select_related("estate", "job"), pk=pk)


def batch_page(*, estate_ids, cursor: str = "", size: int = PAGE_SIZE) -> Page[ImportBatch]:
    rows = ImportBatch.objects.select_related("estate", "created_by").order_by("-id")
    if estate_ids is not None:
        rows = rows.filter(estate_id__in=estate_ids)
    if cursor.isdigit():
        rows = rows.filter(id__lt=int(cursor))
    return page_of(list(rows[: size + 1]), size, cursor, lambda b: str(b.pk))


def problem_page(
    *, batch: ImportBatch, cursor: str = "", size: int = PAGE_SIZE
) -> Page[ImportProblem]:
    """The problems by row: a cursor "<row>~<id>" is the last one shown."""
    rows = ImportProblem.objects.filter(batch=batch).order_by("row", "id")
    row, _sep, last = cursor.partition("~")
    if row.isdigit() and last.isdigit():
        rows = rows.filter(Q(row__gt=int(row)) | Q(row=int(row), id__gt=int(last)))
    return page_of(list(rows[: size + 1]), size, cursor, lambda p: f"{p.row}~{p.pk}")


def past_payments_summary(*, unit) -> dict:
    """The unit's payments before Front Desk for its dossier: the latest few, how many in all
    and their sum (two queries)."""
    rows = PastPayment.objects.filter(unit=unit)
    totals = rows.aggregate(count=Count("id"), amount=MoneySum("amount"))
    return {"latest": list(rows.order_by("-paid_on", "-id")[:SECTION_ROWS]), **totals}


def past_payment_page(*, unit, cursor: str = "", size: int = PAGE_SIZE) -> Page[PastPayment]:
    """All of a unit's payments before Front Desk, newest first; the cursor "<date>~<id>" is
    the last one shown."""
    rows = PastPayment.objects.filter(unit=unit).order_by("-paid_on", "-id")
    day, _sep, last = cursor.partition("~")
    if parse_date(day) and last.isdigit():
        rows = rows.filter(Q(paid_on__lt=day) | Q(paid_on=day, id__lt=int(last)))
    return page_of(list(rows[: size + 1]), size, cursor, lambda p: f"{p.paid_on}~{p.pk}")
