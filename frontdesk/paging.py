"""The lists' keyset pages: a page is the rows after the last one of the page before (its
sort key in the ``after`` cursor), never an OFFSET, so page 40 costs what page 1 does.

Each list keeps its own sort and cursor (what "after" means depends on the order); the page,
its size and the cut are here, and ``templates/frontdesk/_keyset_pager.html`` shows it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

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
