"""One search box: units and people (owners, residents, agents) of the user's estates.

Every condition is an indexed prefix range (see ``frontdesk.dbsearch``); a query is read for
what it can be — a unit code, a phone or ID tail, a Chinese name, pinyin or initials — and
only the matching conditions are asked. Each group costs one query, whatever the data size.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from frontdesk.dbsearch import prefix_q

from .models import Authorization, Owner, Ownership, Resident, Unit
from .unitcodes import spoken_code

MIN_LENGTH = 2
LIMIT = 20

_UNIT_CODE = re.compile(r"^[0-9A-Za-z]+(-[0-9A-Za-z]+)*-?$")
_DIGITS = re.compile(r"^(\d{4,18}|\d{3,17}[Xx])$")
_LATIN = re.compile(r"^[A-Za-z]+$")
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")


@dataclass
class Person:
    role: str
    name: str
    phone_masked: str
    id_masked: str
    units: list[Unit]
    owner_id: int | None = None


@dataclass
class Results:
    query: str
    hint: str = ""
    units: list[Unit] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.units or self.people)


def search(*, estate_ids, query: str) -> Results:
    """``estate_ids`` is an iterable of ids, or None for every estate (superusers)."""
    query = query.strip()
    if len(query) < MIN_LENGTH:
        return Results(query=query, hint=str(_("Type at least two characters.")))
    results = Results(query=query)
    spoken = spoken_code(query)  # "3栋2单元1201" is the unit 3-2-1201, not a name
    if spoken:
        query = spoken
    unit_q = _unit_condition(query)
    if unit_q is not None:
        results.units = list(
            _scoped(Unit.objects, "estate", estate_ids)
            .filter(unit_q)
            .select_related("building")[:LIMIT]
        )
    person_q = person_condition(query)
    if person_q is not None:
        results.people = (
            _owners(estate_ids, person_q)
            + _residents(estate_ids, person_q)
            + _agents(estate_ids, person_q)
        )
    return results


def _scoped(manager, lookup, estate_ids):
    return manager.all() if estate_ids is None else manager.filter(**{f"{lookup}__in": estate_ids})


def _unit_condition(query: str) -> Q | None:
    if not _UNIT_CODE.match(query) or not any(c.isdigit() for c in query):
        return None
    condition = prefix_q("code", query) | prefix_q("code_reversed", query[::-1])
    if "-" not in query:
        condition |= Q(room=query)
    return condition


def person_condition(query: str) -> Q | None:
    if _DIGITS.match(query):
        digits = query.upper()
        condition = prefix_q("phone_reversed", digits[::-1]) | prefix_q("id_reversed", digits[::-1])
        if len(digits) == 11:
            condition |= Q(phone=digits)
        return condition
    if _CJK.search(query):
        return prefix_q("name", query) | prefix_q("name_reversed", query[::-1])
    if _LATIN.match(query):
        latin = query.lower()
        return prefix_q("name_pinyin", latin) | prefix_q("name_initials", latin)
    return None


def _owners(estate_ids, condition: Q) -> list[Person]:
    current = Prefetch(
        "ownerships",
        queryset=Ownership.objects.current().select_related("unit"),
        to_attr="current_ownerships",
    )
    owners = (
        _scoped(Owner.objects, "estate", estate_ids)
        .filter(condition)
        .prefetch_related(current)[:LIMIT]
    )
    return [
        Person(
            role=str(_("Owner")),
            name=owner.name,
            phone_masked=owner.phone_masked,
            id_masked=owner.id_masked,
            units=[o.unit for o in owner.current_ownerships],
            owner_id=owner.pk,
        )
        for owner in owners
    ]


def _residents(estate_ids, condition: Q) -> list[Person]:
    residents = (
        _scoped(Resident.objects, "unit__estate", estate_ids)
        .filter(condition, moved_out_on__isnull=True)
        .select_related("unit")[:LIMIT]
    )
    return [
        Person(
            role=str(resident.get_kind_display()),
            name=resident.name,
            phone_masked=resident.phone_masked,
            id_masked=resident.id_masked,
            units=[resident.unit],
        )
        for resident in residents
    ]


def _agents(estate_ids, condition: Q) -> list[Person]:
    agents = (
        _scoped(Authorization.objects, "owner__estate", estate_ids)
        .filter(condition)
        .select_related("unit", "owner")[:LIMIT]
    )
    return [
        Person(
            role=str(_("Agent of %(owner)s") % {"owner": agent.owner.name}),
            name=agent.name,
            phone_masked=agent.phone_masked,
            id_masked=agent.id_masked,
            units=[agent.unit] if agent.unit else [],
            owner_id=agent.owner_id,
        )
        for agent in agents
    ]
