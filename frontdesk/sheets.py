"""Excel workbooks of the desk's lists: one place that makes any stored value safe in a cell.

openpyxl refuses control characters in a cell (IllegalCharacterError), so one bad record
would break a whole estate's export; and a text starting with "=" would be written as a
formula that Excel runs. Every export writes its rows through ``Sheet.append``.
"""

import datetime
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

_FORMULA_START = ("=", "+", "-", "@")
# The rows of a list's export; a longer list says so in its last row (narrow the filters).
EXPORT_CAP = 50_000


def cell_value(value: Any) -> Any:
    """``value`` as a cell can hold it: aware datetimes in local time without zone, text
    without the characters Excel cannot store (each shown as U+FFFD)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


class Sheet:
    """A write-only workbook with one sheet; rows stream out, memory stays flat."""

    def __init__(self, title: str):
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(str(title)[:31])

    def append(self, values: Iterable[Any]) -> None:
        row = []
        for value in values:
            value = cell_value(value)
            if isinstance(value, str) and value.startswith(_FORMULA_START):
                # Text, never a formula, whatever it starts with.
                cell = WriteOnlyCell(self.sheet, value)
                cell.data_type = "s"
                row.append(cell)
            else:
                row.append(value)
        self.sheet.append(row)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def capped(sheet: Sheet, rows: Iterable[Any], cap: int = EXPORT_CAP) -> Iterator[Any]:
    """The first ``cap`` of ``rows`` (fetch ``cap + 1``); past them, a last row in ``sheet``
    says the list was cut."""
    for count, row in enumerate(rows, start=1):
        if count > cap:
            sheet.append(
                [
                    _("Only the first %(n)s rows are listed; narrow the filters to see the rest.")
                    % {"n": f"{cap:,}"}
                ]
            )
            return
        yield row
