"""What a phone call can be turned into: a registry of "turn into" actions.

Reception registers the work order here; a complaints app registers its own action from its
``AppConfig.ready()`` (``conversions.register(Conversion(key="complaint", ...))``) and the
call page shows its button, with no change to this app. ``convert(actor=, call=, **options)``
creates the document inside the caller's transaction and returns it; it raises
``ReceptionError`` to refuse. ``reception.services.call_convert`` runs it and records the
link back from the call.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontdesk.errors import OTHER_ESTATE, DeskError
from frontdesk.models import Department
from workorders import services as workorder_services
from workorders.choices import Category

from .errors import ReceptionError
from .permissions import CONVERT_ROLES


@dataclass(frozen=True)
class Conversion:
    key: str
    label: Any  # a lazy translation: the button's text
    convert: Callable[..., Any] = field(compare=False)
    roles: tuple[str, ...] = CONVERT_ROLES
    icon: str = "arrow-right-circle"
    order: int = 100
    # Whether the target app is installed and ready (checked each time the page renders).
    available: Callable[[], bool] = field(default=lambda: True, compare=False)
    # A document's label for the call's list of links (defaults to str(target)).
    label_of: Callable[[Any], str] = field(default=str, compare=False)
    # One of these per call (a complaint); a call may still become several work orders.
    once: bool = False


_registry: dict[str, Conversion] = {}


def register(conversion: Conversion) -> Conversion:
    _registry[conversion.key] = conversion  # re-registering replaces: ready() may run twice
    return conversion


def get(key: str) -> Conversion | None:
    conversion = _registry.get(key)
    return conversion if conversion is not None and conversion.available() else None


def available() -> list[Conversion]:
    return sorted((c for c in _registry.values() if c.available()), key=lambda c: c.order)


# --- the work order -----------------------------------------------------------------------

WORK_ORDER = "workorder"

# Keywords of what the caller said, first match wins: a leak goes before a pipe, so a
# leaking pipe is a house leakage (its return visit follows the leak test).
CATEGORY_WORDS = (
    ("house_leakage", r"漏水|渗水|渗漏|滴水|leak|seep"),
    ("plumbing", r"水管|下水|堵|马桶|水龙头|地漏|pipe|drain|toilet|tap|blocked"),
    ("electrical", r"电|跳闸|灯|插座|开关|power|electric|light|socket|fuse"),
    ("safety_facility", r"消防|门禁|监控|护栏|防盗|fire|alarm|railing|camera"),
)


def guess_category(text: str) -> str:
    lowered = text.lower()
    for category, words in CATEGORY_WORDS:
        if re.search(words, lowered):
            return category
    return "other"


def default_department(call) -> Department | None:
    """The call's department when it was routed, else the estate's engineering department,
    so a repair call is dispatched as it is created."""
    if call.department_id:
        return call.department
    return Department.objects.filter(
        estate_id=call.estate_id, kind=Department.Kind.ENGINEERING
    ).first()


def work_order_categories() -> list[tuple[str, Any]]:
    """The work orders' categories, for the call page's select."""
    return list(Category.choices)


def to_work_order(
    *,
    actor,
    call,
    kind: str = "repair",
    category: str = "",
    department: Department | None = None,
    priority: str = "normal",
):
    """A work order carrying the call's unit, caller, phone and what was said."""
    if department is not None and department.estate_id != call.estate_id:
        raise ReceptionError(
            _("That department belongs to another estate."),
            code=OTHER_ESTATE,
            field="department",
        )
    try:
        return workorder_services.order_create(
            actor=actor,
            estate=call.estate,
            kind=kind,
            category=category or guess_category(call.content),
            description=call.content,
            unit=call.unit,
            location=call.location,
            reporter_name=call.caller_name,
            reporter_phone=call.contact_phone or call.caller_phone,
            department=department if department is not None else default_department(call),
            priority=priority,
            source="phone_call",
            source_object=call,
        )
    except DeskError as error:  # the work order's refusal, or the kernel's on its behalf
        raise ReceptionError(error.message, code=f"workorder_{error.code}") from error


def _order_label(order) -> str:
    return getattr(order, "number", "") or str(order)


def register_defaults() -> None:
    register(
        Conversion(
            key=WORK_ORDER,
            label=gettext_lazy("Create work order"),
            convert=to_work_order,
            icon="tools",
            order=10,
            label_of=_order_label,
        )
    )
