"""The way people write a unit, read into the canonical code ``building-entrance-room``.

The search box and the imports read the same forms: ``3-2-1201``, ``3栋2单元1201``,
``3号楼2单元1201室``, ``3幢2单元1201``, full-width digits, other dashes, and HC's
``1-1-1栋1单元501`` (a code glued in front of the spoken form). A building written ``3栋``,
``3号楼`` or ``03`` is building ``3``; a room ``0101`` is room ``101``.
"""

import re
import unicodedata
from dataclasses import dataclass

_DASHES = re.compile(r"\s*[-－—–_/~·]\s*")
_BUILDING = re.compile(r"^(?P<b>[0-9A-Za-z]+)\s*(号楼|号|栋|幢|座|楼|#)?$")
_ENTRANCE = re.compile(r"^(?P<e>[0-9A-Za-z]+)\s*(单元|门|号门)?$")
_ROOM = re.compile(r"^(?P<r>[0-9A-Za-z]+)\s*(室|号|号房|房)?$")
_SPOKEN = re.compile(
    r"(?P<b>[0-9A-Za-z]+)\s*(号楼|栋|幢|座|号)\s*"
    r"(?:(?P<e>[0-9A-Za-z]+)\s*(单元|门)\s*)?"
    r"(?P<r>[0-9A-Za-z]+)\s*(室|号|房)?$"
)
_HAS_SPOKEN = re.compile(r"号楼|栋|幢|座|单元|室")


@dataclass(frozen=True)
class UnitCode:
    building: str
    entrance: str
    room: str

    @property
    def code(self) -> str:
        return f"{self.building}-{self.entrance}-{self.room}"

    @property
    def floor(self) -> int | None:
        """The floor a room number says (1201: 12, 501: 5); None when it says none."""
        digits = self.room.lstrip("0")
        if digits.isdigit() and len(digits) >= 3:
            return int(digits[:-2])
        return None


def clean(text: object) -> str:
    """NFKC (full-width digits and letters become ASCII), spaces trimmed and squeezed."""
    value = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return " ".join(value.split())


def _number(value: str) -> str:
    value = value.upper()
    return value.lstrip("0") or value[-1:] if value.isdigit() else value


def building_number(text: object) -> str | None:
    match = _BUILDING.match(clean(text))
    return _number(match["b"]) if match else None


def entrance_number(text: object) -> str | None:
    match = _ENTRANCE.match(clean(text))
    return _number(match["e"]) if match else None


def room_number(text: object) -> str | None:
    match = _ROOM.match(clean(text))
    if not match or not any(c.isdigit() for c in match["r"]):
        return None
    return _number(match["r"])


def parse(text: object, *, building: str = "", entrance: str = "") -> UnitCode | None:
    """The unit a text names, or None. ``building`` and ``entrance`` fill in what a bare
    room number (``101``, ``0101``) leaves out."""
    value = clean(text)
    if not value:
        return None
    spoken = _SPOKEN.search(value)
    if spoken and _HAS_SPOKEN.search(value):
        room = room_number(spoken["r"])
        if room is None:
            return None
        entrance_part = _number(spoken["e"]) if spoken["e"] else (entrance or "1")
        return UnitCode(_number(spoken["b"]), entrance_part, room)
    parts = _DASHES.split(value)
    if len(parts) == 3:
        b, e, r = building_number(parts[0]), entrance_number(parts[1]), room_number(parts[2])
        return UnitCode(b, e, r) if b and e and r else None
    if len(parts) == 2 and building:
        e, r = entrance_number(parts[0]), room_number(parts[1])
        return UnitCode(building, e, r) if e and r else None
    if len(parts) == 1 and building:
        r = room_number(parts[0])
        return UnitCode(building, entrance or "1", r) if r else None
    return None


def spoken_code(query: str) -> str | None:
    """For the search box: the canonical code of a unit said in words (``3栋2单元1201``),
    None for anything else (a name, a bare code the box reads as it is)."""
    value = clean(query)
    if not _HAS_SPOKEN.search(value):
        return None
    unit = parse(value)
    return unit.code if unit else None
