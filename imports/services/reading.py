"""A spreadsheet read as rows of text: xlsx (first sheet, or the one named) or CSV in UTF-8
(with or without BOM) or GBK/GB18030, what Excel on Chinese Windows saves."""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..errors import ImportsError

MAX_BYTES = 20 * 1024 * 1024
SHEETS = ("资产信息", "房屋信息", "业主车辆信息", "车辆信息")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list[object]]]  # (row number as the spreadsheet shows it, cells)
    encoding: str


def decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gbk"
    except UnicodeDecodeError as error:
        raise ImportsError(
            _("The file is neither UTF-8 nor GBK text; save it again as CSV or xlsx."),
            code="encoding",
            field="file",
        ) from error


def read(data: bytes, file_name: str) -> Sheet:
    if len(data) > MAX_BYTES:
        raise ImportsError(
            _("The file is larger than %(mb)s MB; split it.") % {"mb": MAX_BYTES // 2**20},
            code="too_large",
            field="file",
        )
    if data[:2] == b"PK":
        return _xlsx(data)
    if file_name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise ImportsError(
            _("The file is not a readable xlsx workbook."), code="not_xlsx", field="file"
        )
    text, encoding = decode(data)
    rows: list[list[object]] = [list(row) for row in csv.reader(io.StringIO(text))]
    return _sheet(rows, encoding)


def _xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportsError(
            _("The file is not a readable xlsx workbook."), code="not_xlsx", field="file"
        ) from error
    name = next((n for n in SHEETS if n in book.sheetnames), book.sheetnames[0])
    rows = [list(row) for row in book[name].iter_rows(values_only=True)]
    book.close()
    return _sheet(rows, "xlsx")


def _sheet(rows: list[list[object]], encoding: str) -> Sheet:
    # The header row is the first with two or more filled cells (HC puts a title above).
    for index, row in enumerate(rows):
        if sum(1 for cell in row if text(cell)) >= 2:
            headers = [text(cell) for cell in row]
            body = [
                (number, list(cells))
                for number, cells in enumerate(rows[index + 1 :], start=index + 2)
                if any(text(cell) for cell in cells)  # a blank row is skipped
            ]
            return Sheet(headers, body, encoding)
    raise ImportsError(_("The file has no header row."), code="no_header", field="file")


def text(value: object) -> str:
    """A cell as trimmed text (full-width letters and digits made ASCII); a whole number
    stored as a float by Excel (18612345678.0) loses its ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return " ".join(unicodedata.normalize("NFKC", str(value)).split())


_DATE_FORMS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s+[\d:]+)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: object) -> datetime.date | None:
    """A date from a cell: a real date, an Excel serial number (43831), 2020-01-01,
    2020/1/1, 2020.01.01, 2020年1月1日, 20200101. None when it is not one."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    if re.fullmatch(r"\d{5}(\.0+)?", raw) and 20000 <= float(raw) <= 80000:
        return _EXCEL_EPOCH + datetime.timedelta(days=int(float(raw)))
    for form in _DATE_FORMS:
        match = form.match(raw)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


def parse_decimal(value: object) -> Decimal | None:
    raw = text(value).replace(",", "").removesuffix("㎡").removesuffix("m²").strip()
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
