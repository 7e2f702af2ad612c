"""Reads of owners data, always scoped to the user's estates."""

import datetime
import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.db.models import Case, Prefetch, Q, QuerySet, When
from django.utils import timezone

from frontdesk.scoping import get_for_user_or_404, require_role, scope
from frontdesk.timeline import Event, timeline

from . import search, unitcodes
from .models import Authorization, Document, Estate, Owner, Ownership, Resident, Unit
from .permissions import SCAN_ROLES
from .validators import mask_phone


def estate_list(*, user: Any) -> QuerySet[Estate]:
    return scope(Estate.objects.all(), user)


def document_get(*, user: Any, pk: int) -> Document:
    """An archived document with its scan: for ``SCAN_ROLES`` of its estate (403, 404)."""
    require_role(user, *SCAN_ROLES)
    return get_for_user_or_404(user, Document.objects.all(), pk=pk)


# The desk shows phones masked, so the history it shows does too.
PHONE_MASKS = {"phone": mask_phone, "phone2": mask_phone}


def units_coded(text: str) -> QuerySet[Unit]:
    """The units of a code as the desk types it: ``3-2-1201`` as it is, and a unit said in
    words (``3栋2单元1201室``, ``3号楼2单元1201``) read as its code, as the search box reads
    it; the caller narrows to its estate."""
    code = (text or "").strip()
    return Unit.objects.filter(code__in={code, unitcodes.spoken_code(code) or code})


def unit_get(*, user: Any, pk: int) -> Unit:
    return get_for_user_or_404(user, Unit.objects.select_related("building", "estate"), pk=pk)


class SplitsOwnerships:
    ownerships: list[Ownership]

    @property
    def current_ownerships(self) -> list[Ownership]:
        return [o for o in self.ownerships if o.is_current]

    @property
    def past_ownerships(self) -> list[Ownership]:
        return [o for o in self.ownerships if not o.is_current]


def _marked_valid_today(authorizations) -> list[Authorization]:
    today = timezone.localdate()
    authorizations = list(authorizations)
    for authorization in authorizations:
        authorization.valid_today = authorization.is_valid_on(today)
    return authorizations


@dataclass
class Dossier(SplitsOwnerships):
    unit: Unit
    ownerships: list[Ownership]
    residents: list[Resident]
    authorizations: list[Authorization]
    documents: list[Document]
    events: list[Event]

    @property
    def current_residents(self) -> list[Resident]:
        return [r for r in self.residents if r.moved_out_on is None]


def unit_dossier(*, user: Any, pk: int, with_history: bool = False) -> Dossier:
    """Everything about one unit, in a fixed number of queries; the history timeline (five
    more) only when asked: the page loads it on its own request."""
    unit = unit_get(user=user, pk=pk)
    ownerships = list(unit.ownerships.select_related("owner").order_by("-since", "-share"))
    owner_ids = [o.owner_id for o in ownerships if o.is_current]
    authorizations = _marked_valid_today(
        Authorization.objects.filter(Q(unit=unit) | Q(unit__isnull=True, owner__in=owner_ids))
        .select_related("owner", "power_of_attorney")
        .order_by("-valid_from")
    )
    return Dossier(
        unit=unit,
        ownerships=ownerships,
        residents=list(unit.residents.order_by("moved_out_on", "kind", "name_pinyin")),
        authorizations=authorizations,
        documents=list(unit.documents.select_related("received_by", "owner")),
        events=unit_timeline(unit=unit) if with_history else [],
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
        ],
        masks=PHONE_MASKS,
    )


@dataclass
class OwnerRecord(SplitsOwnerships):
    owner: Owner
    ownerships: list[Ownership]
    authorizations: list[Authorization]
    documents: list[Document]
    events: list[Event]


def owner_get(user: Any, pk: int) -> Owner:
    return get_for_user_or_404(user, Owner.objects.select_related("estate"), pk=pk)


def owner_record(*, user: Any, pk: int) -> OwnerRecord:
    """Everything about one owner, in a fixed number of queries."""
    owner = owner_get(user, pk)
    authorizations = _marked_valid_today(
        owner.authorizations.select_related("unit", "power_of_attorney").order_by("-valid_from")
    )
    return OwnerRecord(
        owner=owner,
        ownerships=list(owner.ownerships.select_related("unit").order_by("-since", "unit__code")),
        authorizations=authorizations,
        documents=list(owner.documents.select_related("unit", "received_by")),
        events=owner_timeline(owner=owner),
    )


def owner_timeline(*, owner: Owner) -> list[Event]:
    return timeline(
        [
            (Owner.history.filter(id=owner.pk), lambda r: r.name),
            (
                Ownership.history.filter(owner_id=owner.pk).select_related("unit"),
                lambda r: f"{r.unit.code} {r.share}%",
            ),
            (Authorization.history.filter(owner_id=owner.pk), lambda r: r.name),
        ],
        masks=PHONE_MASKS,
    )


def owner_candidates(*, unit: Unit, query: str, selected: int | None = None) -> list[Owner]:
    """Owners of the unit's estate matching ``query`` (at most LIMIT), the chosen one first."""
    query = query.strip()
    conditions = [Q(pk=selected)] if selected else []
    if len(query) >= search.MIN_LENGTH:
        matches = search.person_condition(query)
        if matches is not None:
            conditions.append(matches)
    if not conditions:
        return []
    current = Prefetch(
        "ownerships",
        queryset=Ownership.objects.current().select_related("unit"),
        to_attr="current_ownerships",
    )
    owners = (
        Owner.objects.filter(reduce(operator.or_, conditions), estate=unit.estate_id)
        .order_by(Case(When(pk=selected, then=0), default=1), "name_pinyin")
        .prefetch_related(current)
    )
    return list(owners[: search.LIMIT])


def current_owners(unit: Unit, on: datetime.date | None = None) -> QuerySet[Owner]:
    """The owners of ``unit`` on ``on`` (today when None): the choice of owner on a form, or
    the check that someone still owns the unit."""
    return Owner.objects.filter(
        ownerships__in=Ownership.objects.current(on).filter(unit=unit)
    ).distinct()


def current_owner_names(
    unit_ids: list[int], on: datetime.date | None = None
) -> dict[int, list[str]]:
    """The names of each unit's owners on ``on`` (today when None), largest share first: one
    query for a whole page of units."""
    names: dict[int, list[str]] = {}
    ownerships = (
        Ownership.objects.current(on)
        .filter(unit_id__in=unit_ids)
        .order_by("unit_id", "-share", "since", "id")
        .values_list("unit_id", "owner__name")
    )
    for unit_id, name in ownerships:
        names.setdefault(unit_id, []).append(name)
    return names
