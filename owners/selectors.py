"""Reads of owners data, always scoped to the user's estates."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from frontdesk.scoping import get_for_user_or_404, scope
from frontdesk.timeline import Event, timeline

from .models import Authorization, Document, Estate, Ownership, Resident, Unit


def estate_list(*, user: Any) -> QuerySet[Estate]:
    return scope(Estate.objects.all(), user)


def document_get(*, user: Any, pk: int) -> Document:
    return get_for_user_or_404(user, Document.objects.all(), pk=pk)


def unit_get(*, user: Any, pk: int) -> Unit:
    return get_for_user_or_404(user, Unit.objects.select_related("building", "estate"), pk=pk)


@dataclass
class Dossier:
    unit: Unit
    ownerships: list[Ownership]
    residents: list[Resident]
    authorizations: list[Authorization]
    documents: list[Document]
    events: list[Event]

    @property
    def current_ownerships(self) -> list[Ownership]:
        return [o for o in self.ownerships if o.is_current]

    @property
    def past_ownerships(self) -> list[Ownership]:
        return [o for o in self.ownerships if not o.is_current]

    @property
    def current_residents(self) -> list[Resident]:
        return [r for r in self.residents if r.moved_out_on is None]


def unit_dossier(*, user: Any, pk: int) -> Dossier:
    """Everything about one unit, in a fixed number of queries."""
    unit = unit_get(user=user, pk=pk)
    ownerships = list(unit.ownerships.select_related("owner").order_by("-since", "-share"))
    owner_ids = [o.owner_id for o in ownerships if o.is_current]
    today = timezone.localdate()
    authorizations = list(
        Authorization.objects.filter(Q(unit=unit) | Q(unit__isnull=True, owner__in=owner_ids))
        .select_related("owner", "power_of_attorney")
        .order_by("-valid_from")
    )
    for authorization in authorizations:
        authorization.valid_today = authorization.is_valid_on(today)
    return Dossier(
        unit=unit,
        ownerships=ownerships,
        residents=list(unit.residents.order_by("moved_out_on", "kind", "name_pinyin")),
        authorizations=authorizations,
        documents=list(unit.documents.select_related("received_by", "owner")),
        events=unit_timeline(unit=unit),
    )


def unit_timeline(*, unit: Unit) -> list[Event]:
    return timeline(
        [
            (Unit.history.filter(id=unit.pk), lambda r: r.code),
            (
                Ownership.history.filter(unit_id=unit.pk).select_related("owner"),
                lambda r: f"{r.owner.name if r.owner else ''} {r.share}%",
            ),
            (Resident.history.filter(unit_id=unit.pk), lambda r: r.name),
            (Document.history.filter(unit_id=unit.pk), lambda r: r.title or r.get_kind_display()),
            (Authorization.history.filter(unit_id=unit.pk), lambda r: r.name),
        ]
    )
