"""The lists' keyset pages: a page is the rows after the last one of the page before (its
sort key in the ``after`` cursor), never an OFFSET, so page 40 costs what page 1 does.

Each list keeps its own sort and cursor (what "after" means depends on the order); the page,
its size and the cut are here, and ``templates/frontdesk/_keyset_pager.html`` shows it. The
queues sorted by a deadline (work orders, complaints) share ``deadline_page``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.db.models import Q, QuerySet

T = TypeVar("T")

PAGE_SIZE = 50


@dataclass
class Page(Generic[T]):
    rows: list[T] = field(default_factory=list)
    next_cursor: str = ""  # empty: the last page
    first: bool = True


def cursor_parts(cursor: str, count: int) -> list[str] | None:
    """The ``count`` parts of ``cursor`` ("a~b~…"), or None for a cursor that is not one."""
    parts = cursor.split("~")
    return parts if len(parts) == count else None


def page_of(rows: list[T], size: int, cursor: str, key: Callable[[T], str]) -> Page[T]:
    """``rows`` (up to ``size + 1`` fetched) as a page; ``key(row)`` is the next cursor."""
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows=rows, next_cursor=key(rows[-1]) if more else "", first=not cursor)


# Queues sorted by a deadline: "<deadline iso>~<id>" cursors, earliest first (so the overdue
# lead); with no deadline field, the whole list newest first with "<id>" cursors. A queue that
# spans several index ranges (one per status) names them as ``parts``: the keys are read from
# each range, merged, and the page's rows fetched in one query.


def by_deadline(queryset: QuerySet, field: str | None) -> QuerySet:
    return queryset.order_by(field, "id") if field else queryset.order_by("-id")


def _after_deadline(queryset: QuerySet, field: str | None, cursor: str) -> QuerySet:
    """Rows after ``cursor``; a cursor that is not one: from the top."""
    key, _sep, last = cursor.rpartition("~")
    try:
        last_id = int(last)
        if not field:
            return queryset.filter(id__lt=last_id)
        due = datetime.datetime.fromisoformat(key)
    except ValueError:
        return queryset
    return queryset.filter(Q(**{f"{field}__gt": due}) | Q(**{field: due, "id__gt": last_id}))


def deadline_page(
    queryset: QuerySet,
    *,
    field: str | None,
    cursor: str = "",
    size: int = PAGE_SIZE,
    parts: list[Q] | None = None,
    related: tuple[str, ...] = (),
) -> Page:
    """One page after ``cursor``, in ``by_deadline`` order."""
    queryset = by_deadline(queryset, field)
    if cursor:
        queryset = _after_deadline(queryset, field, cursor)
    limit = size + 1
    if parts is None or not field:
        rows = list(queryset.select_related(*related)[:limit])
    else:
        keys: set[tuple] = set()
        for part in parts:
            keys.update(queryset.filter(part).values_list(field, "id")[:limit])
        ids = [pk for _due, pk in sorted(keys)[:limit]]
        by_id = queryset.model._default_manager.select_related(*related).in_bulk(ids)
        rows = [by_id[pk] for pk in ids if pk in by_id]

    def next_cursor(last) -> str:
        return f"{getattr(last, field).isoformat()}~{last.pk}" if field else str(last.pk)

    return page_of(rows, size, cursor, next_cursor)
