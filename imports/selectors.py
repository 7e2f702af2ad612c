"""The imports of the user's estates and the problems of one, in keyset pages."""

from frontdesk.paging import PAGE_SIZE, Page, page_of
from frontdesk.scoping import get_for_user_or_404

from .models import ImportBatch, ImportProblem


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
        from django.db.models import Q

        rows = rows.filter(Q(row__gt=int(row)) | Q(row=int(row), id__gt=int(last)))
    return page_of(list(rows[: size + 1]), size, cursor, lambda p: f"{p.row}~{p.pk}")
