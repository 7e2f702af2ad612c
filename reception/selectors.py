"""Reads of the phone log and the visitor log, scoped to the user's estates.

The logs are cut into pages by a keyset on (time, id), newest first, never by OFFSET or a
full COUNT(*): a page costs one query whatever its number and the size of the log.
"""

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import django_filters
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from frontdesk.months import midnight
from frontdesk.paging import PAGE_SIZE, Page, page_of
from frontdesk.scoping import get_for_user_or_404, scope
from frontdesk.timeline import Event, timeline
from frontdesk.widgets import DateInput
from owners.validators import mask_phone

from .models import CallLink, PhoneCall, Visit

PANEL_SIZE = 8
SECTION_SIZE = 10

T = TypeVar("T")


def _scoped(queryset: QuerySet, estate_ids: Iterable[int] | None) -> QuerySet:
    """``estate_ids`` None means every estate (superusers)."""
    return queryset if estate_ids is None else queryset.filter(estate_id__in=list(estate_ids))


class _LogFilter(django_filters.FilterSet):
    """Dates are the desk's local days; the estate choices are the user's only."""

    time_field = ""

    date_from = django_filters.DateFilter(
        label=_("From"),
        method="filter_from",
        widget=DateInput(),
    )
    date_to = django_filters.DateFilter(
        label=_("To"),
        method="filter_to",
        widget=DateInput(),
    )
    estate = django_filters.ChoiceFilter(
        label=_("Estate"), method="filter_estate", empty_label=_("All my estates")
    )

    def __init__(self, data=None, *, estates, **kwargs):
        ids = [e.pk for e in estates]
        queryset = self.Meta.model.objects.filter(estate_id__in=ids)
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["estate"].extra["choices"] = [(e.pk, e.name) for e in estates]

    def filter_from(self, queryset, name, value):
        return queryset.filter(**{f"{self.time_field}__gte": midnight(value)})

    def filter_to(self, queryset, name, value):
        end = midnight(value + datetime.timedelta(days=1))
        return queryset.filter(**{f"{self.time_field}__lt": end})

    def filter_estate(self, queryset, name, value):
        return queryset.filter(estate_id=int(value)) if value else queryset

    @property
    def several_estates(self) -> bool:
        return len(self.filters["estate"].extra["choices"]) > 1


class CallFilter(_LogFilter):
    time_field = "received_at"

    topic = django_filters.ChoiceFilter(
        label=_("Topic"), choices=PhoneCall.Topic.choices, empty_label=_("Any topic")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("awaiting", _("Awaiting a reply")), *PhoneCall.Status.choices],
        method="filter_status",
        empty_label=_("Any status"),
    )

    class Meta:
        model = PhoneCall
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        if value == "awaiting":
            return queryset.filter(awaiting_reply=True)
        return queryset.filter(status=value) if value else queryset


class VisitFilter(_LogFilter):
    time_field = "arrived_at"

    purpose = django_filters.ChoiceFilter(
        label=_("Purpose"), choices=Visit.Purpose.choices, empty_label=_("Any purpose")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("on_site", _("Still on site")), ("left", _("Left"))],
        method="filter_status",
        empty_label=_("Any status"),
    )

    class Meta:
        model = Visit
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        if value == "on_site":
            return queryset.filter(departed_at__isnull=True)
        if value == "left":
            return queryset.filter(departed_at__isnull=False)
        return queryset


def _after(queryset: QuerySet, time_field: str, cursor: str) -> QuerySet:
    """Rows after ``cursor`` ("<iso time>~<id>"), newest first; a bad cursor: from the top."""
    at_text, _sep, last_id = cursor.rpartition("~")
    at = parse_datetime(at_text) if at_text else None
    if at is None or not last_id.isdigit():
        return queryset
    return queryset.filter(
        Q(**{f"{time_field}__lt": at}) | Q(**{time_field: at, "id__lt": last_id})
    )


def _page(queryset: QuerySet, time_field: str, cursor: str, size: int) -> Page:
    queryset = queryset.order_by(f"-{time_field}", "-id")
    if cursor:
        queryset = _after(queryset, time_field, cursor)
    rows = list(queryset[: size + 1])
    return page_of(
        rows, size, cursor, lambda last: f"{getattr(last, time_field).isoformat()}~{last.pk}"
    )


def _labelled(rows: list, **choices: Any) -> list:
    """Each row's choice labels as ``<field>_label``, translated once per page: Django's
    ``get_<field>_display`` rebuilds its choices dict on every call, a cost per row."""
    for field_name, field_choices in choices.items():
        labels = {value: str(label) for value, label in field_choices}
        for row in rows:
            setattr(row, f"{field_name}_label", labels.get(getattr(row, field_name), ""))
    return rows


def _url_maker(name: str):
    """``pk -> reverse(name, args=[pk])`` at the cost of one reverse per page: a list of
    fifty rows would otherwise resolve a hundred URLs."""
    marker = 987654321
    head, _sep, tail = reverse(name, args=[marker]).partition(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def _with_urls(rows: list, detail: str) -> list:
    """Each row's own page (``url``) and its unit's dossier (``unit_url``)."""
    own, unit = _url_maker(detail), _url_maker("owners:unit-detail")
    for row in rows:
        row.url = own(row.pk)
        row.unit_url = unit(row.unit_id) if row.unit_id else ""
    return rows


def labelled_calls(calls: list[PhoneCall]) -> list[PhoneCall]:
    """Labels, and whether the reply is overdue, worked out once per call for the page."""
    today = timezone.localdate()
    for call in calls:
        overdue = call.awaiting_reply and call.reply_due is not None and call.reply_due < today
        setattr(call, "overdue", overdue)  # noqa: B010 -- a page-only attribute
    return _labelled(
        calls,
        topic=PhoneCall.Topic.choices,
        status=PhoneCall.Status.choices,
        caller_kind=PhoneCall.CallerKind.choices,
    )


def labelled_visits(visits: list[Visit]) -> list[Visit]:
    return _labelled(visits, purpose=Visit.Purpose.choices)


CALL_LIST_RELATED = ("estate", "unit", "department", "recorded_by")
VISIT_LIST_RELATED = ("estate", "unit", "department", "host", "recorded_by")


def call_page(filterset: CallFilter, *, cursor: str = "", size: int = PAGE_SIZE) -> Page:
    """One page of the filtered call log: one query."""
    queryset = filterset.qs.select_related(*CALL_LIST_RELATED)
    page = _page(queryset, "received_at", cursor, size)
    _with_urls(labelled_calls(page.rows), "reception:call-detail")
    return page


def visit_page(filterset: VisitFilter, *, cursor: str = "", size: int = PAGE_SIZE) -> Page:
    """One page of the filtered visitor log: one query."""
    queryset = filterset.qs.select_related(*VISIT_LIST_RELATED)
    page = _page(queryset, "arrived_at", cursor, size)
    _with_urls(labelled_visits(page.rows), "reception:visit-detail")
    left = _url_maker("reception:visit-left")
    for visit in page.rows:
        visit.left_url = left(visit.pk)
    return page


def call_rows(filterset: CallFilter, *, limit: int) -> Iterable[PhoneCall]:
    """The filtered log for an export, newest first, streamed in chunks."""
    queryset = filterset.qs.select_related(*CALL_LIST_RELATED, "replied_by")
    return queryset.order_by("-received_at", "-id")[:limit].iterator(chunk_size=2000)


def visit_rows(filterset: VisitFilter, *, limit: int) -> Iterable[Visit]:
    queryset = filterset.qs.select_related(*VISIT_LIST_RELATED, "departure_recorded_by")
    return queryset.order_by("-arrived_at", "-id")[:limit].iterator(chunk_size=2000)


# --- one call, one visit ----------------------------------------------------------------


def call_get(*, user: Any, pk: int) -> PhoneCall:
    call = get_for_user_or_404(
        user,
        PhoneCall.objects.select_related(
            "estate", "unit", "department", "recorded_by", "replied_by"
        ),
        pk=pk,
    )
    labelled_calls([call])
    return call


def call_links(call: PhoneCall) -> list[CallLink]:
    """What the call was turned into, each with its document: one query per kind."""
    links = list(call.links.select_related("target_type", "created_by"))
    targets: dict[int, list[CallLink]] = {}
    for link in links:
        targets.setdefault(link.target_type_id, []).append(link)
    for type_links in targets.values():
        model = type_links[0].target_type.model_class()
        if model is None:  # the app is gone: keep the stored label
            continue
        found = model._default_manager.in_bulk([link.target_id for link in type_links])
        for link in type_links:
            link._target_cache = found.get(link.target_id)  # type: ignore[attr-defined]
    return links


def link_url(link: CallLink) -> str:
    url = getattr(getattr(link, "_target_cache", None), "get_absolute_url", None)
    return url() if url is not None else ""


PHONE_MASKS = {"caller_phone": mask_phone, "contact_phone": mask_phone, "phone": mask_phone}


def call_timeline(call: PhoneCall) -> list[Event]:
    return timeline(
        [(PhoneCall.history.filter(id=call.pk), lambda r: r.caller_name)], masks=PHONE_MASKS
    )


def visit_get(*, user: Any, pk: int) -> Visit:
    return get_for_user_or_404(
        user,
        Visit.objects.select_related(
            "estate", "unit", "department", "host", "recorded_by", "departure_recorded_by"
        ),
        pk=pk,
    )


def _key(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def call_for_key(*, user: Any, key: Any) -> PhoneCall | None:
    """The call a call form's idempotency key produced, if the form was used (in the user's
    estates)."""
    key = _key(key)
    return None if key is None else scope(PhoneCall.objects.filter(form_key=key), user).first()


def visit_for_key(*, user: Any, key: Any) -> Visit | None:
    """The visit a visitor form's idempotency key produced, if the form was used."""
    key = _key(key)
    return None if key is None else scope(Visit.objects.filter(form_key=key), user).first()


def visit_timeline(visit: Visit) -> list[Event]:
    return timeline(
        [(Visit.history.filter(id=visit.pk), lambda r: f"{r.number} {r.name}")],
        masks=PHONE_MASKS,
    )


# --- the desk: today panels and the dossier ------------------------------------------------


@dataclass
class Panel(Generic[T]):
    count: int
    rows: list[T] = field(default_factory=list)


def calls_awaiting_reply(*, estate_ids: Iterable[int] | None) -> QuerySet[PhoneCall]:
    """Calls whose caller still waits for a reply, overdue (oldest due date) first."""
    return (
        _scoped(PhoneCall.objects.filter(awaiting_reply=True), estate_ids)
        .select_related("unit", "department")
        .order_by("reply_due", "received_at", "id")
    )


def awaiting_panel(*, estate_ids: Iterable[int] | None, size: int = PANEL_SIZE) -> Panel:
    calls = calls_awaiting_reply(estate_ids=estate_ids)
    return Panel(count=calls.count(), rows=labelled_calls(list(calls[:size])))


def visitors_on_site(*, estate_ids: Iterable[int] | None) -> QuerySet[Visit]:
    return (
        _scoped(Visit.objects.filter(departed_at__isnull=True), estate_ids)
        .select_related("unit", "department", "host")
        .order_by("arrived_at", "id")
    )


def on_site_panel(*, estate_ids: Iterable[int] | None, size: int = PANEL_SIZE) -> Panel:
    visits = visitors_on_site(estate_ids=estate_ids)
    return Panel(count=visits.count(), rows=list(visits[:size]))


@dataclass
class UnitReception:
    calls: list[PhoneCall]
    visits: list[Visit]


def unit_reception(*, unit: Any, size: int = SECTION_SIZE) -> UnitReception:
    """The unit's latest calls and visits for its dossier: two queries."""
    calls = unit.phone_calls.select_related("recorded_by", "department").order_by(
        "-received_at", "-id"
    )
    visits = unit.visits.order_by("-arrived_at", "-id")
    return UnitReception(
        calls=labelled_calls(list(calls[:size])), visits=labelled_visits(list(visits[:size]))
    )
