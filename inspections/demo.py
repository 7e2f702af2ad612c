"""Demo inspections for ``seed_demo``: each estate's places (its first buildings, the gate
posts, the central garden), the seed's five templates, today's building round for the desk,
and yesterday's round done with a broken corridor light on a coordination sheet."""

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from frontdesk import roles
from frontdesk.models import Department
from owners.models import Building, Estate

from . import services
from .models import Place, Round, Template

POSTS = ("南门岗", "北门岗", "地下车库岗")
AREAS = ("中心花园", "垃圾收集点")


def _user(estate: Estate, role: str):
    users = get_user_model().objects.filter(groups__name=role, staff_profile__estates=estate)
    return users.order_by("pk").first()


def _places(estate: Estate) -> tuple[list[Place], list[Place], list[Place]]:
    buildings = []
    for position, building in enumerate(Building.objects.filter(estate=estate)[:4]):
        place, _ = Place.objects.get_or_create(
            estate=estate,
            name=str(building),
            defaults={"kind": Place.Kind.BUILDING, "building": building, "position": position},
        )
        buildings.append(place)
    posts = [
        Place.objects.get_or_create(
            estate=estate, name=name, defaults={"kind": Place.Kind.POST, "position": 10 + i}
        )[0]
        for i, name in enumerate(POSTS)
    ]
    areas = [
        Place.objects.get_or_create(
            estate=estate, name=name, defaults={"kind": Place.Kind.AREA, "position": 20 + i}
        )[0]
        for i, name in enumerate(AREAS)
    ]
    return buildings, posts, areas


def seed(estates: list[Estate], *, seed: int = 1, report: Callable[[str], None]) -> None:
    with translation.override("zh-hans"):
        for estate in estates:
            count = _seed_estate(estate)
            report(f"inspections: {estate.code} {count} rounds")


def _seed_estate(estate: Estate) -> int:
    for kind in ("customer_service", "engineering", "security", "cleaning", "greening"):
        Department.objects.get_or_create(estate=estate, kind=kind)
    buildings, posts, areas = _places(estate)
    templates = {t.kind: t for t in services.templates_seed(estate=estate)}
    coverage = {
        "building": buildings,
        "security": posts,
        "engineering": buildings,
        "cleaning": buildings + areas,
        "greening": areas,
    }
    for kind, places in coverage.items():
        if not templates[kind].places.exists():
            templates[kind].places.set(places)
    supervisor = _user(estate, roles.CS_SUPERVISOR)
    desk = _user(estate, roles.RECEPTIONIST) or supervisor
    if supervisor is None or not buildings:
        return 0
    if Round.objects.filter(estate=estate).exists():
        return Round.objects.filter(estate=estate).count()
    today = timezone.localdate()
    building = templates["building"]
    services.round_plan(actor=supervisor, template=building, assignee=desk, due_on=today)
    services.round_plan(
        actor=supervisor, template=templates["security"], assignee=supervisor, due_on=today
    )
    # Yesterday's round, walked today: done late, with a broken light on a sheet.
    done = services.round_plan(actor=supervisor, template=building, assignee=desk, due_on=today)
    Round.objects.filter(pk=done.pk).update(due_on=today - datetime.timedelta(days=1))
    done.refresh_from_db()
    light = building.items.get(department_kind="engineering")
    for visit in done.visits.select_related("place"):
        services.visit_confirm(actor=desk, round=done, place=visit.place, token=visit.place.token)
        for item in building.items.all():
            broken = item == light and visit.place == buildings[0]
            services.result_record(
                actor=desk,
                round=done,
                place=visit.place,
                item=item,
                outcome="nonconforming" if broken else "pass",
                note="3楼走廊灯不亮" if broken else "",
            )
    services.round_complete(actor=desk, round=done)
    nonconformity = done.results.get(outcome="nonconforming").nonconformity
    services.nonconformity_open_sheet(
        actor=supervisor, nonconformity=nonconformity, note="班长现场无法修复"
    )
    # From here on the beat plans: the daily building round for the desk (tomorrow's, today
    # has one by hand), the weekly security supervision for the supervisor (next week's).
    Template.objects.filter(pk=building.pk).update(default_assignee=desk)
    Template.objects.filter(pk=templates["security"].pk).update(
        default_assignee=supervisor, frequency=Template.Frequency.WEEKLY
    )
    return 3 + services.rounds_plan_due(today=today, estate_id=estate.pk)
