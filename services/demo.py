"""Demo services for ``seed_demo``: each estate's catalogue (convenience and entrusted
services, with their departments and prices) and a handful of requests at every step — one
from the phone awaiting its agreement, one agreed for tomorrow, one dispatched for today, one
done awaiting the owner's acceptance after a first refusal, one accepted and charged (when
the estate has a service fee type, from fees' demo)."""

import contextlib
import datetime
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from frontdesk import roles
from frontdesk.errors import DeskError
from frontdesk.models import Department
from owners.models import Estate, Ownership

from . import services
from .models import ServiceItem, ServiceRequest

E, C = ServiceItem.Kind.ENTRUSTED, ServiceItem.Kind.CONVENIENCE
# name, kind, department kind, unit of charge, low, high, quote on site, what it includes
CATALOGUE = (
    (
        "管道疏通",
        C,
        "engineering",
        "job",
        "80",
        "150",
        False,
        "厨房、卫生间下水管道疏通，不含更换管件",
    ),
    (
        "家电安装",
        C,
        "engineering",
        "item",
        "50",
        "50",
        False,
        "空调、热水器、灯具安装调试（配件另计）",
    ),
    ("水电维修（户内）", C, "engineering", "job", "0", "0", True, "户内水电故障检修，现场报价"),
    ("家政保洁", C, "cleaning", "hour", "40", "60", False, "日常保洁、擦玻璃、厨房除油"),
    ("搬家协助", C, "security", "hour", "60", "60", False, "电梯预约、楼道保护、搬运协助"),
    ("代浇花草", E, "greening", "job", "20", "20", False, "业主外出期间每周两次浇水"),
    ("钥匙托管", E, "customer_service", "job", "0", "0", False, "封存登记，凭身份证件领取"),
    ("代收快递", E, "customer_service", "item", "0", "0", False, "前台代收，短信通知领取"),
)


def _user(estate: Estate, role: str, department: Department | None = None):
    users = get_user_model().objects.filter(groups__name=role, staff_profile__estates=estate)
    if department is not None:
        users = users.filter(staff_profile__department=department)
    return users.order_by("pk").first()


def _catalogue(estate: Estate) -> list[ServiceItem]:
    departments = {d.kind: d for d in Department.objects.filter(estate=estate)}
    items = []
    for n, (name, kind, dept, unit, low, high, quote, text) in enumerate(CATALOGUE):
        department = departments.get(dept) or departments.get("engineering")
        if department is None:
            continue
        items.append(
            ServiceItem.objects.create(
                estate=estate,
                name=name,
                kind=kind,
                department=department,
                charge_unit=unit,
                price_low=Decimal(low),
                price_high=Decimal(high),
                quote_on_site=quote,
                description=text,
                position=n,
            )
        )
    return items


def _slot(days: int, hour: int) -> tuple[datetime.datetime, datetime.datetime]:
    day = timezone.localdate() + datetime.timedelta(days=days)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return start, start + datetime.timedelta(hours=2)


def _terms(item: ServiceItem, when, area: str, effect: str) -> services.Terms:
    start, end = when
    return services.Terms(
        item=item,
        area=area,
        slot_start=start,
        slot_end=end,
        cost_kind="fixed" if item.fixed else "range",
        effect=effect,
    )


def seed(estates: list[Estate], *, seed: int = 1, report: Callable[[str], None]) -> None:
    for estate in estates:
        if ServiceItem.objects.filter(estate=estate).exists():
            report(f"{estate.code} services: already seeded, skipped")
            continue
        desk = _user(estate, roles.RECEPTIONIST)
        supervisor = _user(estate, roles.CS_SUPERVISOR)
        items = _catalogue(estate)
        if desk is None or supervisor is None or not items:
            report(f"{estate.code} services: catalogue only (no desk or departments)")
            continue
        ownerships = list(
            Ownership.objects.current()
            .filter(unit__estate=estate)
            .select_related("unit", "owner")
            .order_by("pk")[:5]
        )
        unblock = items[0]
        worker = _user(estate, roles.TECHNICIAN, unblock.department) or supervisor
        made = 0
        try:
            made += _requests(estate, desk, supervisor, worker, unblock, items, ownerships)
        except DeskError as error:
            report(f"{estate.code} services: stopped: {error.message}")
        report(f"{estate.code} services: {len(items)} catalogue services, {made} requests")


def _requests(estate, desk, supervisor, worker, unblock, items, ownerships) -> int:
    if len(ownerships) < 5:
        return 0
    now = timezone.now()

    def take(ownership, item, when, area, effect, source="desk"):
        return services.service_request_take(
            actor=desk,
            unit=ownership.unit,
            terms=_terms(item, when, area, effect),
            requester_name=ownership.owner.name,
            requester_phone="13900001111",
            source=source,
        )

    def agree(service):
        agreement = services.Agreement(
            kind="oral", agreed_by=service.requester_name, agreed_at=now, via="phone"
        )
        return services.agreement_record(
            actor=desk,
            service=service,
            terms=_terms(
                service.item, (service.slot_start, service.slot_end), service.area, service.effect
            ),
            agreement=agreement,
        )

    # From the phone, the terms still to agree.
    services.service_request_take(
        actor=desk,
        unit=ownerships[0].unit,
        terms=services.Terms(item=items[3], item_detail="春节前全屋保洁"),
        requester_name=ownerships[0].owner.name,
        requester_phone="13900001111",
        source="phone",
    )
    hour = min(max(timezone.localtime(now).hour + 1, 8), 16)
    today_slot = _slot(0, hour) if timezone.localtime(now).hour < 15 else _slot(1, 9)
    agree(take(ownerships[1], items[1], _slot(1, 14), "客厅", "空调安装牢固、试机正常、无渗漏"))
    dispatched = agree(take(ownerships[2], unblock, today_slot, "卫生间地漏", "排水通畅、无异味"))
    services.service_dispatch(actor=supervisor, service=dispatched, assignee=worker)
    refused = agree(
        take(ownerships[3], unblock, _slot(1, 10), "厨房水槽", "排水通畅、现场清理干净")
    )
    refused = services.service_dispatch(actor=supervisor, service=refused, assignee=worker)
    refused = services.service_done(actor=worker, service=refused, work_done="疏通厨房下水")
    refused = services.service_reject(actor=desk, service=refused, reason="水槽下方仍有渗水")
    services.service_done(actor=worker, service=refused, work_done="更换密封圈并复试，无渗水")
    billed = agree(take(ownerships[4], unblock, _slot(1, 15), "阳台地漏", "排水通畅"))
    billed = services.service_dispatch(actor=supervisor, service=billed, assignee=worker)
    billed = services.service_done(actor=worker, service=billed, work_done="疏通完毕，试水正常")
    billed = services.service_accept(
        actor=desk, service=billed, how="signed", accepted_by=billed.requester_name
    )
    # No service fee type in this estate: it stays accepted, not charged.
    with contextlib.suppress(DeskError):
        services.service_charge(actor=desk, service=billed, amount="120.00")
    return ServiceRequest.objects.filter(estate=estate).filter(~Q(status="cancelled")).count()
