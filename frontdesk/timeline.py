"""A history timeline of several records, from their simple-history tables.

Each source is one query (the latest ``per_source`` records); changes are found by comparing
consecutive records of the same object in memory, so the cost does not grow with history.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import BooleanField, ForeignKey, QuerySet
from django.utils.translation import gettext_lazy as _

VERBS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
SKIPPED_FIELDS = {
    "id",
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_user_id",
}


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class Event:
    at: datetime
    user: Any
    verb: str
    kind: str
    label: str
    changes: list[Change] = field(default_factory=list)


def timeline(
    sources: list[tuple[QuerySet, Any]],
    *,
    masks: Mapping[str, Callable[[str], str]] | None = None,
    limit: int = 50,
    per_source: int = 60,
) -> list[Event]:
    """``sources``: (historical queryset, function(record) -> label) pairs; ``masks`` maps a
    field name to the function that masks its values (e.g. phones) before they are shown."""
    events: list[Event] = []
    for queryset, label in sources:
        records = list(
            queryset.select_related("history_user").order_by("-history_date")[:per_source]
        )
        events.extend(_events(records, label, masks or {}))
    events.sort(key=lambda event: event.at, reverse=True)
    return events[:limit]


def _events(records, label, masks) -> list[Event]:
    if not records:
        return []
    model = records[0].instance_type
    fields = [f for f in records[0]._meta.fields if f.attname not in SKIPPED_FIELDS]
    previous_of: dict[Any, Any] = {}
    # Oldest first, so each record meets the one before it.
    for record in sorted(records, key=lambda r: r.history_date):
        record.previous = previous_of.get(record.id)
        previous_of[record.id] = record
    return [
        Event(
            at=record.history_date,
            user=record.history_user,
            verb=str(VERBS.get(record.history_type, record.history_type)),
            kind=str(model._meta.verbose_name),
            label=label(record),
            changes=_changes(record, fields, masks),
        )
        for record in records
    ]


def _changes(record, fields, masks) -> list[Change]:
    if record.history_type != "~" or record.previous is None:
        return []
    changes = []
    for model_field in fields:
        old = getattr(record.previous, model_field.attname)
        new = getattr(record, model_field.attname)
        if old != new:
            if model_field.choices:
                choices = dict(model_field.flatchoices)
                old, new = choices.get(old, old), choices.get(new, new)
            if isinstance(model_field, BooleanField):
                old, new = _yes_no(old), _yes_no(new)
            if isinstance(model_field, ForeignKey):
                old, new = "", ""  # the row's label already says what it links to
            if model_field.attname in masks:
                mask = masks[model_field.attname]
                old, new = mask(old or ""), mask(new or "")
            changes.append(Change(str(model_field.verbose_name), old, new))
    return changes


def _yes_no(value) -> Any:
    """A yes/no field's value as the desk says it (not Python's True and False)."""
    return value if value is None else (_("Yes") if value else _("No"))
