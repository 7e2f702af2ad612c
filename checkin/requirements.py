"""What a move-in asks for: the papers by who handles it (from the desk's procedure, step ①),
what is handed over by default (step ③), the default acceptance checklist (step ⑤) and the
archive (step ⑦). Estates add their own handover items and checklists in the admin."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from owners.models import Document, Unit
from owners.validators import layout_counts

from .models import MoveInCase, RoomKind

Kind = Document.Kind
Handler = MoveInCase.Handler

_BASE = (Kind.ID_COPY, Kind.OCCUPANCY_NOTICE, Kind.SALES_CONTRACT)
REQUIRED_DOCUMENTS: dict[str, tuple[str, ...]] = {
    Handler.OWNER: _BASE,
    # the agent's ID card and the power of attorney
    Handler.AGENT: (*_BASE, Kind.AGENT_ID_COPY, Kind.POWER_OF_ATTORNEY),
    # the company certificate and the handling person's identity document
    Handler.COMPANY: (*_BASE, Kind.COMPANY_CERTIFICATE, Kind.AGENT_ID_COPY),
}
_LABELS: dict[str, object] = {
    Kind.ID_COPY: _("Owner's ID card"),
    Kind.OCCUPANCY_NOTICE: _("Occupancy notice"),
    Kind.SALES_CONTRACT: _("House sales contract"),
    Kind.AGENT_ID_COPY: _("Agent's ID card"),
    Kind.POWER_OF_ATTORNEY: _("Power of attorney"),
    Kind.COMPANY_CERTIFICATE: _("Company certificate"),
}


def required_documents(handler: str) -> tuple[str, ...]:
    return REQUIRED_DOCUMENTS.get(handler, ())


def document_label(handler: str, kind: str) -> str:
    if kind in _ARCHIVE_LABELS:
        return str(_ARCHIVE_LABELS[kind])
    if handler == Handler.COMPANY and kind == Kind.AGENT_ID_COPY:
        return str(_("Handling person's identity document"))
    if handler == Handler.COMPANY and kind == Kind.ID_COPY:
        return str(_("Legal representative's ID card"))
    return str(_LABELS.get(kind) or Kind(kind).label)


# What every handover must include (step ③): the keys, the household registration book and
# the water and electricity diagram; the estate's own items carry no kind.
KEYS, BOOK, DIAGRAM = "keys", "book", "diagram"
HANDOVER_KINDS = (KEYS, BOOK, DIAGRAM)


def default_handover() -> list[tuple[str, str, int]]:
    """(kind, name, usual quantity) handed over at every move-in (the procedure's step ③),
    before the estate's own items; the keys come first."""
    return [
        (KEYS, str(pgettext_lazy("handover", "Keys")), 3),
        (BOOK, str(pgettext_lazy("handover", "Household registration book")), 1),
        (DIAGRAM, str(pgettext_lazy("handover", "Water and electricity diagram")), 1),
    ]


# What the unit's archive must hold besides the papers of step ① (step ⑦): the household
# registration form and the agreements, both as the owner signed them (scan or original
# sighted).
ARCHIVE_DOCUMENTS = (Kind.REGISTRATION_BOOK, Kind.AGREEMENT)
_ARCHIVE_LABELS: dict[str, object] = {
    Kind.REGISTRATION_BOOK: _("Signed household registration form"),
    Kind.AGREEMENT: _("Signed agreements"),
}


# The default house quality acceptance checklist (step ⑤): (room, kind, items). A room with a
# kind is checked in each room of that kind the unit's layout has, named after it (主卧, 次卧…).
DEFAULT_CHECKLIST = (
    (_("Entrance"), "", (_("Entrance door and lock"), _("Doorbell and intercom"))),
    (
        _("Living room"),
        RoomKind.HALL,
        (_("Walls and ceiling"), _("Floor"), _("Windows and glass"), _("Switches and sockets")),
    ),
    (
        _("Bedroom"),
        RoomKind.BEDROOM,
        (_("Walls and ceiling"), _("Floor"), _("Windows and glass"), _("Switches and sockets")),
    ),
    (
        _("Kitchen"),
        RoomKind.KITCHEN,
        (_("Water supply and drain"), _("Gas pipe and valve"), _("Walls and floor tiles")),
    ),
    (
        _("Bathroom"),
        RoomKind.BATHROOM,
        (_("Water supply and drain"), _("Waterproofing (closed-water test)"), _("Fittings")),
    ),
    (_("Balcony"), RoomKind.BALCONY, (_("Railing"), _("Floor drain"))),
    (_("Meters"), "", (_("Distribution box"), _("Water, electricity and gas meters"))),
)

# (room, kind, item): a row of a checklist before the unit's layout names its rooms.
ChecklistRow = tuple[str, str, str]


def default_rows() -> list[ChecklistRow]:
    return [
        (str(room), kind, str(item)) for room, kind, items in DEFAULT_CHECKLIST for item in items
    ]


def default_checklist() -> list[tuple[str, str]]:
    """The default checklist for a unit with one room of each kind."""
    return expand(default_rows(), {})


# What the words of a layout count (owners.validators.layout_counts) for each kind of room.
_COUNTED: dict[str, str] = {
    RoomKind.BEDROOM: "bedrooms",
    RoomKind.HALL: "halls",
    RoomKind.KITCHEN: "kitchens",
    RoomKind.BATHROOM: "baths",
    RoomKind.BALCONY: "balconies",
}


def layout_of(unit) -> tuple[str, bool]:
    """The unit's layout (户型) and whether it is only estimated: a flat without one is
    taken for the usual layout of its area (a 130 m² flat has three bedrooms); the desk
    corrects it on the acceptance page."""
    if layout_counts(unit.layout).get("bedrooms"):
        return unit.layout, False
    if unit.use != Unit.Use.RESIDENTIAL or not unit.area:
        return "", False
    for below, layout in ((60, "1室1厅1卫"), (90, "2室2厅1卫"), (150, "3室2厅2卫")):
        if unit.area < below:
            return layout, True
    return "4室2厅2卫", True


def room_names(kind: str, count: int) -> list[str]:
    """The rooms of a kind as a Chinese office names them: 主卧, 次卧1, 次卧2; 客厅, 餐厅;
    卫生间1, 卫生间2."""
    if count <= 0:
        return []
    if kind == RoomKind.BEDROOM:
        if count == 1:
            return [str(_("Bedroom"))]
        if count == 2:
            return [str(_("Master bedroom")), str(_("Second bedroom"))]
        others = [str(_("Second bedroom %(n)s") % {"n": n}) for n in range(1, count)]
        return [str(_("Master bedroom")), *others]
    if kind == RoomKind.HALL:
        names = [str(_("Living room")), str(_("Dining room"))][:count]
        return names + [str(_("Hall %(n)s") % {"n": n}) for n in range(3, count + 1)]
    single, numbered = _NUMBERED[kind]
    if count == 1:
        return [str(single)]
    return [str(numbered) % {"n": n} for n in range(1, count + 1)]


_NUMBERED: dict[str, tuple[Any, Any]] = {
    RoomKind.KITCHEN: (_("Kitchen"), _("Kitchen %(n)s")),
    RoomKind.BATHROOM: (_("Bathroom"), _("Bathroom %(n)s")),
    RoomKind.BALCONY: (_("Balcony"), _("Balcony %(n)s")),
}


def expand(
    rows: list[ChecklistRow], counts: dict[str, int], added: list[dict] | tuple = ()
) -> list[tuple[str, str]]:
    """(room, item) pairs of a checklist for a unit: a row with a kind once in each room of
    that kind (``counts`` from the layout; one of each kind it does not name), in the place
    the kind first comes; then the rooms the desk added, each checked for the items of its
    kind."""
    by_kind: dict[str, list[str]] = {}
    for _room, kind, item in rows:
        if kind:
            by_kind.setdefault(kind, []).append(item)
    defaults: dict[str, list[str]] = {}
    for _room, kind, item in default_rows():
        if kind:
            defaults.setdefault(kind, []).append(item)
    pairs: list[tuple[str, str]] = []
    done: set[str] = set()
    for room, kind, item in rows:
        if not kind:
            pairs.append((room, item))
        elif kind not in done:
            done.add(kind)
            count = counts.get(_COUNTED[kind], 1)
            pairs += [(name, each) for name in room_names(kind, count) for each in by_kind[kind]]
    taken = {room for room, _item in pairs}
    for extra in added:
        name, kind = extra["name"], extra.get("kind", "")
        if name in taken:
            continue
        taken.add(name)
        pairs += [(name, item) for item in by_kind.get(kind) or defaults.get(kind, [])]
    return pairs
