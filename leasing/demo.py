"""Demo leasing for ``seed_demo``, per demo estate: a lit advertising light box by the gate,
a storage room and the central square (common parts, but the storage room is the company's);
two lessees; a negotiation for the storage room still open; the square let to a market
organiser (its site management fee paid at signing), the light box let since months ago
with its rent cycles charged and ending within 90 days; an inspection with a
rectification; the ledger's cost categories with a cost and the allocation the owners
decided last year. Needs the fees demo's fee types (advertising and site rent, site
management fee, deposit)."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from frontdesk import roles
from frontdesk.errors import DeskError
from owners.models import Estate

from . import services
from .models import CostCategory, LedgerAllocation, LedgerCost, Space
from .services.terms import add_months


def _user(estate: Estate, role: str):
    return (
        get_user_model()
        .objects.filter(groups__name=role, staff_profile__estates=estate)
        .order_by("pk")
        .first()
    )


def _space(desk, estate, code, kind, name, location, ownership, **extra) -> Space:
    return services.space_create(
        actor=desk,
        estate_id=estate.pk,
        data=services.SpaceInput(
            code=code, kind=kind, name=name, location=location, ownership=ownership, **extra
        ),
    )


def seed(estates: list[Estate], *, seed: int = 1, report: Callable[[str], None]) -> None:
    from uuid import uuid4

    from stdnum.cn import uscc

    today = timezone.localdate()
    for estate in estates:
        if Space.objects.filter(estate=estate).exists():
            report(f"{estate.code} leasing: already seeded, skipped")
            continue
        desk = _user(estate, roles.RECEPTIONIST)
        supervisor = _user(estate, roles.CS_SUPERVISOR)
        cashier = _user(estate, roles.CASHIER) or supervisor
        if desk is None or supervisor is None:
            report(f"{estate.code} leasing: no receptionist or supervisor, skipped")
            continue
        box = _space(
            desk,
            estate,
            "GG-01",
            Space.Kind.ADVERTISING,
            "东门灯箱广告位",
            "东门入口右侧",
            Space.Ownership.COMMON,
            size="3 m × 2 m",
            lit=True,
        )
        room = _space(
            desk,
            estate,
            "CK-01",
            Space.Kind.WAREHOUSE,
            "地下室储藏间 B1-07",
            "3号楼地下一层",
            Space.Ownership.COMPANY,
            area=Decimal("18.60"),
        )
        square = _space(
            desk,
            estate,
            "CD-01",
            Space.Kind.SITE,
            "中心广场",
            "小区中心水景南侧",
            Space.Ownership.COMMON,
            area=Decimal("420.00"),
        )
        bodies = [f"91350100MA{estate.pk % 100:02d}{k:05d}" for k in (1, 2)]
        codes = [body + uscc.calc_check_digit(body) for body in bodies]
        adverts = services.lessee_create(
            actor=desk,
            estate_id=estate.pk,
            data=services.LesseeInput(
                kind="company",
                name="福州美联广告传媒有限公司",
                contact_name="陈经理",
                phone="13905910001",
                credit_code=codes[0],
                address="福州市鼓楼区五四路 88 号",
            ),
        )
        market = services.lessee_create(
            actor=desk,
            estate_id=estate.pk,
            data=services.LesseeInput(
                kind="company",
                name="闽都邻里市集文化有限公司",
                contact_name="林女士",
                phone="13805910002",
                credit_code=codes[1],
            ),
        )
        services.negotiation_open(actor=desk, space=room, lessee=adverts, purpose="存放广告物料")
        try:
            talks = services.negotiation_open(
                actor=desk, space=square, lessee=market, purpose="每月第一个周末举办便民市集"
            )
            services.contact_record(
                actor=desk,
                negotiation=talks,
                on=today - datetime.timedelta(days=10),
                counterpart="林女士",
                asked="场地每次 800 元，能否免管理费",
                offered="每月 1,500 元，场地管理费 300 元不可免",
                next_step="带合同样本上门",
                next_on=today,
            )
            site = services.contract_sign(
                actor=desk,
                space=square,
                lessee=market,
                negotiation=talks,
                terms=services.Terms(
                    start=today.replace(day=1),
                    end=add_months(today.replace(day=1), 12) - datetime.timedelta(days=1),
                    rent="1500.00",
                    cycle=1,
                    purpose="周末便民市集",
                    site_fee="300.00",
                    deposit="1000.00",
                    signed_on=today,
                ),
                form_key=uuid4(),
            )
            fee = site.charges.get(kind="site_fee")
            services.payment_take(
                actor=cashier,
                contract=site,
                charge_ids=[fee.charge_id],
                amount=fee.amount,
                method="wechat",
                reference="4200001234202612050001",
            )
            start = add_months(today.replace(day=1), -9)
            light = services.contract_sign(
                actor=desk,
                space=box,
                lessee=adverts,
                terms=services.Terms(
                    start=start,
                    end=add_months(start, 12) - datetime.timedelta(days=1),
                    rent="6000.00",
                    cycle=3,
                    purpose="楼盘广告灯箱",
                    rent_free_months=1,
                    escalation="0",
                    signed_on=start - datetime.timedelta(days=7),
                ),
            )
            services.rent_cycle_run(today=today)
            paid = [row.charge_id for row in light.charges.order_by("period_start")[:2]]
            owed = sum(row.amount for row in light.charges.order_by("period_start")[:2])
            services.payment_take(
                actor=cashier,
                contract=light,
                charge_ids=paid,
                amount=owed,
                method="transfer",
                reference="BANK-2026-0318",
            )
            services.supervision_record(
                actor=supervisor,
                contract=light,
                on=today - datetime.timedelta(days=3),
                finding="safety",
                findings="灯箱底座一颗螺栓松动",
                rectification="三日内紧固并复查",
                rectify_by=today,
            )
        except DeskError as error:
            report(f"{estate.code} leasing: stopped: {error.message}")
            continue
        categories = {
            name: CostCategory.objects.create(estate=estate, name=name)
            for name in ("电费", "维修费", "管理酬金", "税费")
        }
        LedgerCost.objects.create(
            estate=estate,
            month=today.replace(day=1),
            category=categories["电费"],
            amount=Decimal("86.40"),
            description="东门灯箱电费",
        )
        LedgerAllocation.objects.create(
            estate=estate,
            year=today.year - 1,
            use=LedgerAllocation.Use.MAINTENANCE_FUND,
            amount=Decimal("12000.00"),
            decision="业主委员会 2026 年第 1 次会议决议",
            decided_on=datetime.date(today.year, 1, 15),
        )
        report(f"{estate.code} leasing: 3 spaces, 2 contracts, 2 negotiations")
