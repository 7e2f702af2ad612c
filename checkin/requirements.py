"""What a move-in asks for: the papers by who handles it (from the desk's procedure, step ①),
what is handed over by default (step ③), the default acceptance checklist (step ⑤) and the
archive (step ⑦). Estates add their own handover items and checklists in the admin."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from owners.models import Document

from .models import MoveInCase

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


DEFAULT_CHECKLIST = (
    (_("Entrance"), (_("Entrance door and lock"), _("Doorbell and intercom"))),
    (
        _("Living room"),
        (_("Walls and ceiling"), _("Floor"), _("Windows and glass"), _("Switches and sockets")),
    ),
    (_("Bedrooms"), (_("Walls and ceiling"), _("Floor"), _("Windows and glass"))),
    (
        _("Kitchen"),
        (_("Water supply and drain"), _("Gas pipe and valve"), _("Walls and floor tiles")),
    ),
    (
        _("Bathroom"),
        (_("Water supply and drain"), _("Waterproofing (closed-water test)"), _("Fittings")),
    ),
    (_("Balcony"), (_("Railing"), _("Floor drain"))),
    (_("Meters"), (_("Distribution box"), _("Water, electricity and gas meters"))),
)


def default_checklist() -> list[tuple[str, str]]:
    return [(str(room), str(item)) for room, items in DEFAULT_CHECKLIST for item in items]
