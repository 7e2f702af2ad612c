"""The demo estates' move-in set-up and a few cases under way: the agreements owners sign, an
access card among the handover items, one move-in waiting for its papers, one waiting for a
re-inspection with the owner, and two houses in custody. Everything goes through the
services the desk uses. ``seed_demo`` calls ``seed``; an estate with cases is left alone."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from frontdesk import roles
from frontdesk.models import Department
from owners.models import Document, Estate, Unit
from owners.selectors import current_owners
from workorders import services as orders

from . import services
from .models import Agreement, HandoverItem, MoveInCase
from .selectors.movein import case_checklist, case_progress

AGREEMENTS = ("管理规约", "消防安全责任书", "装饰装修管理规定")


def _user(estate: Estate, role: str):
    return (
        get_user_model()
        .objects.filter(groups__name=role, staff_profile__estates=estate)
        .order_by("pk")
        .first()
    )


def _vacant_units(estate: Estate, count: int) -> list[Unit]:
    """Sold units not yet handed over, with one owner each."""
    units = (
        Unit.objects.filter(estate=estate, status=Unit.Status.UNOCCUPIED)
        .annotate(owner_count=Count("ownerships", filter=Q(ownerships__until__isnull=True)))
        .filter(owner_count=1)
        .order_by("code")
    )
    return list(units[:count])


def _owner(unit: Unit):
    return current_owners(unit).first()  # the vacant units chosen have one owner each


def seed(estates: list[Estate], *, seed: int = 1, report: Callable[[str], None]) -> None:
    for estate in estates:
        if MoveInCase.objects.filter(estate=estate).exists():
            report(f"{estate.code} check-in: already seeded, skipped")
            continue
        desk = _user(estate, roles.RECEPTIONIST)
        head = _user(estate, roles.DEPARTMENT_HEAD)
        if desk is None:
            report(f"{estate.code} check-in: no receptionist, skipped")
            continue
        for order, title in enumerate(AGREEMENTS):
            Agreement.objects.get_or_create(estate=estate, title=title, defaults={"order": order})
        HandoverItem.objects.get_or_create(estate=estate, name="门禁卡", defaults={"quantity": 2})
        units = _vacant_units(estate, 4)
        if len(units) < 4:
            report(f"{estate.code} check-in: too few vacant units, skipped")
            continue
        _waiting_for_papers(desk, units[0])
        _waiting_for_reinspection(desk, head, units[1])
        for unit in units[2:]:
            services.custody_start(
                actor=desk,
                unit=unit,
                owner=_owner(unit),
                readings=services.Readings(Decimal("2.5"), Decimal("11")),
                start_date=timezone.localdate() - datetime.timedelta(days=10),
            )
        created = services.inspections_sweep(estate_id=estate.pk)
        report(
            f"{estate.code} check-in: 2 move-ins under way, 2 custody houses, {created} inspections"
        )


def _waiting_for_papers(desk, unit: Unit) -> None:
    case = services.movein_open(
        actor=desk, unit=unit, owner=_owner(unit), handler=MoveInCase.Handler.OWNER
    )
    services.document_receive(
        actor=desk, case=case, kind=Document.Kind.ID_COPY, original_sighted=True
    )


def _waiting_for_reinspection(desk, head, unit: Unit) -> None:
    """Accepted with two defects, repaired and verified by maintenance: the desk's next move
    is to book the re-inspection with the owner."""
    owner = _owner(unit)
    case = services.movein_open(
        actor=desk, unit=unit, owner=owner, handler=MoveInCase.Handler.OWNER
    )
    for kind in (
        Document.Kind.ID_COPY,
        Document.Kind.OCCUPANCY_NOTICE,
        Document.Kind.SALES_CONTRACT,
    ):
        services.document_receive(actor=desk, case=case, kind=kind, original_sighted=True)
    items = [services.Checked(room, item, False) for room, item in case_checklist(case)]
    items[1] = services.Checked(items[1].room, items[1].item, True, "墙面有裂缝")
    items[-3] = services.Checked(items[-3].room, items[-3].item, True, "闭水试验渗水")
    services.acceptance_record(
        actor=desk,
        case=case,
        inspector="工程部 李工",
        present=owner.name,
        items=items,
        readings=services.Readings(Decimal("0.8"), Decimal("3.2"), Decimal("0.1")),
    )
    engineering = Department.objects.filter(estate_id=unit.estate_id, kind="engineering").first()
    if head is None or engineering is None or head.staff_profile.department_id != engineering.pk:
        return
    for defect in case_progress(case).defects:
        order = orders.order_sign(actor=head, order=defect.order)
        order = orders.order_start(actor=head, order=order)
        order = orders.order_complete(
            actor=head,
            order=order,
            work_done="已修复",
            leak_test_at=timezone.now() if order.category == "house_leakage" else None,
        )
        orders.order_verify(actor=head, order=order)
