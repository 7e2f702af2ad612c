"""Every row read, cleaned and checked before anything is written: each problem named with
its row (as the spreadsheet numbers it) and cell, in words a supervisor acts on."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from frontdesk.text import check_text
from owners import unitcodes
from owners.validators import (
    IdType,
    normalize_id_number,
    normalize_phone,
    normalize_plate,
    validate_id_number,
    validate_phone,
    validate_plate,
)

from ..models import Kind
from . import schemas
from .reading import Sheet, parse_date, parse_decimal, text

# HC fills what its forms require with these; they are not facts about anyone.
PLACEHOLDER_PHONES = {"18999999999", "11111111111", "13800000000", "00000000000"}
PLACEHOLDER_IDS = {"111111111111111111", "000000000000000000", "123456789012345678"}
HUNDRED = Decimal("100")
HOUSEHOLDS = (Kind.HC_ROOMS, Kind.ROSTER)


@dataclass
class Problem:
    row: int
    column: str
    value: str
    message: str
    is_error: bool = True


@dataclass
class Record:
    row: int
    unit: unitcodes.UnitCode
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Checked:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0

    @property
    def rejected_rows(self) -> set[int]:
        return {p.row for p in self.problems if p.is_error}


# The largest number a cell may hold: what the amounts and areas store (12 digits, 2 of them
# after the point), so a number that passes the check is one the import can write.
NUMBER_LIMIT = Decimal(10) ** 10
AREA_LIMIT = Decimal(10) ** 6  # a unit's area: 8 digits, 2 after the point


def missing_required(kind: str, mapping: dict[str, str]) -> list[str]:
    return [str(c.label) for c in schemas.columns(kind) if c.required and not mapping.get(c.key)]


class _Row:
    def __init__(self, number, cells, headers, mapping, kind, problems):
        self.number, self.kind, self.problems = number, kind, problems
        self.mapping = mapping
        index = {h: i for i, h in enumerate(headers)}
        self.raw = {
            key: (cells[index[header]] if index.get(header, len(cells)) < len(cells) else None)
            for key, header in mapping.items()
            if header in index
        }
        self.bad = False

    def header(self, key: str) -> str:
        return self.mapping.get(key, str(schemas.column(self.kind, key).label))

    def problem(self, key: str, message: str, *, error: bool = True) -> None:
        value = text(self.raw.get(key))[:200]
        self.problems.append(Problem(self.number, self.header(key), value, message, error))
        self.bad = self.bad or error

    def text(self, key: str, max_length: int = 100) -> str:
        value = text(self.raw.get(key))
        try:
            check_text(value, max_length=max_length)
        except ValidationError as error:
            self.problem(key, " ".join(error.messages))
            return ""
        return value

    def coded(self, key: str) -> str | None:
        value = self.text(key)
        if not value:
            return None
        allowed = schemas.column(self.kind, key).values
        found = allowed.get(value) or allowed.get(value.upper())
        if found is None:
            self.problem(
                key,
                _("%(value)s is not one of the allowed values: %(allowed)s.")
                % {"value": value, "allowed": "、".join(allowed)},
            )
        return found

    def number_(
        self, key: str, *, positive: bool = True, limit: Decimal = NUMBER_LIMIT
    ) -> Decimal | None:
        if not text(self.raw.get(key)):
            return None
        value = parse_decimal(self.raw.get(key))
        if value is None or (positive and value <= 0):
            self.problem(key, _("Not a positive number."))
            return None
        if abs(value) >= limit:  # 1e20 typed for 120, or a cell of digits gone wrong
            self.problem(key, _("Too large a number: check this cell."))
            return None
        return value.quantize(Decimal("0.01"))

    def whole(self, key: str) -> int | None:
        value = self.number_(key, positive=False)
        if value is None:
            return None
        if value != value.to_integral_value() or not -10 <= value <= 200:
            self.problem(key, _("Not a floor number."))
            return None
        return int(value)

    def date(self, key: str) -> datetime.date | None:
        if not text(self.raw.get(key)):
            return None
        value = parse_date(self.raw.get(key))
        if value is None or not datetime.date(1950, 1, 1) <= value <= datetime.date(2100, 1, 1):
            self.problem(
                key,
                _("Not a date: write it as 2020-01-01, 2020/1/1, 2020.01.01 or 2020年1月1日."),
            )
            return None
        return value

    def unit(self) -> unitcodes.UnitCode | None:
        building = unitcodes.building_number(self.raw.get("building")) or ""
        entrance = unitcodes.entrance_number(self.raw.get("entrance")) or ""
        if text(self.raw.get("building")) and not building:
            self.problem("building", _("Not a building number (e.g. 3, 3栋, 3号楼)."))
        if text(self.raw.get("entrance")) and not entrance:
            self.problem("entrance", _("Not an entrance number (e.g. 2, 2单元)."))
        room = text(self.raw.get("room"))
        if not room:
            self.problem("room", _("The room is missing."))
            return None
        unit = unitcodes.parse(room, building=building, entrance=entrance)
        if unit is None:
            self.problem(
                "room",
                _(
                    "Cannot read this as a unit (write 3-2-1201, 3栋2单元1201 or 1201 with the "
                    "building and entrance in their columns)."
                ),
            )
            return None
        if building and unit.building != building or entrance and unit.entrance != entrance:
            self.problem(
                "room",
                _(
                    "The room says unit %(code)s but the building and entrance columns say "
                    "%(building)s-%(entrance)s."
                )
                % {"code": unit.code, "building": building, "entrance": entrance or "?"},
            )
        return unit

    def phone(self, key: str) -> str:
        value = normalize_phone(self.text(key, 30))
        if value in PLACEHOLDER_PHONES:
            self.problem(key, _("A placeholder phone number; it was left out."), error=False)
            return ""
        if value:
            try:
                validate_phone(value)
            except ValidationError as error:
                self.problem(key, " ".join(error.messages))
                return ""
        return value

    def id_number(self, key: str, id_type: str) -> str:
        value = normalize_id_number(self.text(key, 32))
        if value in PLACEHOLDER_IDS:
            self.problem(key, _("A placeholder ID number; it was left out."), error=False)
            return ""
        if value:
            try:
                validate_id_number(id_type, value)
            except ValidationError as error:
                self.problem(key, " ".join(error.messages))
                return ""
        return value


def check(kind: str, sheet: Sheet, mapping: dict[str, str]) -> Checked:
    result = Checked()
    for number, cells in sheet.rows:
        result.rows += 1
        row = _Row(number, cells, sheet.headers, mapping, kind, result.problems)
        if kind == Kind.HC_VEHICLES:
            record = _vehicle(row)
        elif kind == Kind.HC_FEES:
            record = _fee(row)
        elif kind == Kind.HC_PAYMENTS:
            record = _payment(row)
        else:
            record = _household(row)
        if record is not None and not row.bad:
            result.records.append(record)
    if kind in HOUSEHOLDS:
        _check_across(result, mapping)
    # A row with an error is rejected whole: keep only the records of clean rows.
    rejected = result.rejected_rows
    result.records = [r for r in result.records if r.row not in rejected]
    if kind in HOUSEHOLDS:
        _split_shares(result.records)
    return result


def _household(row: _Row) -> Record | None:
    unit = row.unit()
    values: dict[str, Any] = {
        "area": row.number_("area", limit=AREA_LIMIT),
        "floor": row.whole("floor"),
        "floors": row.whole("floors"),
        "use": row.coded("use") if "use" in row.mapping else None,
        "status": row.coded("status") if "status" in row.mapping else None,
    }
    if values["area"] is None and "area" in row.mapping and not row.bad:
        row.problem("area", _("The area is missing."))
    name = row.text("name")
    role = (row.coded("role") if "role" in row.mapping else None) or (
        row.coded("owner_type") if "owner_type" in row.mapping else None
    )
    kind = (row.coded("person_type") if "person_type" in row.mapping else None) or "person"
    if name and kind == "person" and any(w in name for w in ("公司", "有限", "集团", "中心")):
        kind = "company"  # HC exports companies as P more often than not
    id_type = IdType.CREDIT_CODE if kind == "company" else IdType.RESIDENT_ID
    values["person"] = {
        "name": name,
        "role": role or schemas.ROLE_OWNER,
        "kind": kind,
        "id_type": id_type,
        "id_number": row.id_number("id_number", id_type),
        "phone": row.phone("phone"),
        "contact": row.text("contact", 50),
        "share": row.number_("share"),
        "since": row.date("since"),
    }
    if values["person"]["share"] is not None and values["person"]["share"] > HUNDRED:
        row.problem("share", _("A share is at most 100%."))
    if not name and any(text(row.raw.get(k)) for k in ("phone", "id_number")):
        row.problem("name", _("The name is missing."))
    if unit is None:
        return None
    return Record(row.number, unit, values)


def _vehicle(row: _Row) -> Record | None:
    unit = row.unit()
    plate = normalize_plate(row.text("plate", 16))
    try:
        validate_plate(plate)
    except ValidationError as error:
        row.problem("plate", " ".join(error.messages))
    description = " ".join(
        v
        for v in (row.text("brand", 40), row.text("vehicle_type", 30), row.text("colour", 20))
        if v
    )
    if unit is None:
        return None
    return Record(
        row.number,
        unit,
        {"plate": plate, "description": description, "space": row.text("space", 30)},
    )


def _fee(row: _Row) -> Record | None:
    unit = row.unit()
    amount = row.number_("amount")
    if amount is None and not row.bad:
        row.problem("amount", _("The amount owed is missing."))
    start, end = row.date("start"), row.date("end")
    if start and end and end < start:
        row.problem("end", _("The end date is before the start date."))
    if unit is None:
        return None
    values = {"fee": row.text("fee", 50), "start": start, "end": end, "amount": amount}
    return Record(row.number, unit, values)


def _payment(row: _Row) -> Record | None:
    unit = row.unit()
    amount = row.number_("amount")
    paid_on = row.date("paid_on")
    if amount is None and not row.bad:
        row.problem("amount", _("The amount paid is missing."))
    if paid_on is None and not row.bad:
        row.problem("paid_on", _("The payment date is missing."))
    start, end = row.date("start"), row.date("end")
    if start and end and end < start:
        row.problem("end", _("The end date is before the start date."))
    if unit is None:
        return None
    values = {
        "fee": row.text("fee", 50),
        "start": start,
        "end": end,
        "amount": amount,
        "paid_on": paid_on,
        "receipt": row.text("receipt", 40),
        "method": row.text("method", 20),
        "payer": row.text("payer", 50),
    }
    return Record(row.number, unit, values)


def _person_key(person: dict) -> str:
    return person["id_number"] or f"{person['name']}|{person['phone']}"


def _check_across(result: Checked, mapping: dict[str, str]) -> None:
    """What one row cannot see: the same person twice in a unit, one ID number under two
    names, one unit with two areas."""
    seen: dict[tuple[str, str], int] = {}
    names: dict[str, tuple[str, int]] = {}
    areas: dict[str, tuple[Decimal, int]] = {}
    for record in result.records:
        person = record.values["person"]
        if record.values["area"] is not None:
            first = areas.setdefault(record.unit.code, (record.values["area"], record.row))
            if first[0] != record.values["area"]:
                result.problems.append(
                    Problem(
                        record.row,
                        mapping.get("area", ""),
                        str(record.values["area"]),
                        _(
                            "Row %(row)s gives unit %(code)s an area of %(area)s; the first "
                            "one is kept."
                        )
                        % {"row": first[1], "code": record.unit.code, "area": first[0]},
                        is_error=False,
                    )
                )
        if not person["name"]:
            continue
        key = (record.unit.code, _person_key(person))
        if key in seen:
            result.problems.append(
                Problem(
                    record.row,
                    mapping.get("name", ""),
                    person["name"],
                    _("%(name)s is already listed for unit %(code)s in row %(row)s.")
                    % {"name": person["name"], "code": record.unit.code, "row": seen[key]},
                )
            )
            continue
        seen[key] = record.row
        if person["id_number"]:
            first_name = names.setdefault(person["id_number"], (person["name"], record.row))
            if first_name[0] != person["name"]:
                result.problems.append(
                    Problem(
                        record.row,
                        mapping.get("id_number", ""),
                        person["id_number"][:6] + "…",
                        _("This ID number belongs to %(name)s in row %(row)s.")
                        % {"name": first_name[0], "row": first_name[1]},
                    )
                )


def _split_shares(records: list[Record]) -> None:
    """Co-owners share a unit evenly unless the file gives their shares."""
    owners: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        person = record.values["person"]
        if person["name"] and person["role"] == schemas.ROLE_OWNER:
            owners[record.unit.code].append(person)
    for people in owners.values():
        given = sum((p["share"] for p in people if p["share"] is not None), Decimal("0"))
        open_ = [p for p in people if p["share"] is None]
        if not open_:
            continue
        each = ((HUNDRED - given) / len(open_)).quantize(Decimal("0.01"))
        for person in open_:
            person["share"] = max(each, Decimal("0.01"))
        # The last takes the rounding, so three owners hold 33.33 + 33.33 + 33.34.
        open_[-1]["share"] = max(HUNDRED - given - each * (len(open_) - 1), Decimal("0.01"))
