"""Demo renovations for ``seed_demo``: an owner's application awaiting the plan review, an
agent's works running under a permit (fee and deposit paid, agreement signed, two worker passes
with their fees charged, a patrol with a violation and its notice). The running one needs the
estate's decoration-garbage fee to have a rate (fees' demo); without one it stays
approved-pending and says so."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from fees import services as fee_services
from fees.selectors import fee_type_of_kind
from frontdesk import roles
from frontdesk.errors import DeskError
from owners.models import Estate, Ownership

from . import services
from .models import Renovation, Settings

# Valid GB 11643 numbers (Beijing Chaoyang, 1985-06-01) and a valid GB 32100 code.
IDS = ("110105198506010011", "110105198506010038", "110105198506010054", "110105198506010070")
CREDIT_CODE = "91110000600037341L"
PDF = b"%PDF-1.4\n%%EOF\n"
DEPOSIT, PASS_FEE = Decimal("2000.00"), Decimal("10.00")


def _user(estate: Estate, role: str):
    return (
        get_user_model()
        .objects.filter(groups__name=role, staff_profile__estates=estate)
        .order_by("pk")
        .first()
    )


def _file(name: str) -> ContentFile:
    return ContentFile(PDF, name=name)


def _application(owner_name: str, *, agent: bool, start: datetime.date) -> services.Application:
    return services.Application(
        applicant="agent" if agent else "owner",
        applicant_name="李娜" if agent else owner_name,
        id_type="resident_id",
        id_number=IDS[1] if agent else IDS[0],
        applicant_phone="13900001111",
        contractor="北京美家装饰工程有限公司",
        contractor_code=CREDIT_CODE,
        contractor_licence=_file("营业执照.pdf"),
        site_manager="赵强",
        site_manager_phone="13800002222",
        scope="full" if agent else "single",
        description="全屋翻新：水电改造、厨卫防水、铺地板" if agent else "更换卫生间洁具",
        planned_start=start,
        planned_end=start + datetime.timedelta(days=60),
        workers=4,
        plans=[_file("装修方案.pdf")],
        attorney_scan=_file("委托书.pdf") if agent else None,
        agent_id_scan=_file("受托人身份证.pdf") if agent else None,
    )


def _pay(cashier, charge) -> None:
    """Paid at the desk for this charge alone (the unit may owe older property fees)."""
    fee_services.payment_take(
        actor=cashier,
        unit=charge.unit,
        amount=charge.outstanding,
        method="cash",
        allocations={charge.pk: charge.outstanding},
    )


def _settings(estate: Estate) -> None:
    """The demo estates take a ¥2,000 deposit, held 30 days after completion, and ¥10 a pass
    (fees' demo fee types, where they exist)."""
    Settings.objects.get_or_create(
        estate=estate,
        defaults={
            "deposit_fee_type": fee_type_of_kind(estate_id=estate.pk, kind="deposit"),
            "deposit_amount": DEPOSIT,
            "pass_fee_type": fee_type_of_kind(estate_id=estate.pk, kind="other"),
            "pass_fee": PASS_FEE,
        },
    )


def seed(estates: list[Estate], *, seed: int = 1, report: Callable[[str], None]) -> None:
    today = timezone.localdate()
    for estate in estates:
        if Renovation.objects.filter(estate=estate).exists():
            report(f"{estate.code} renovation: already seeded, skipped")
            continue
        desk = _user(estate, roles.RECEPTIONIST)
        supervisor = _user(estate, roles.CS_SUPERVISOR)
        cashier = _user(estate, roles.CASHIER) or supervisor
        if desk is None or supervisor is None:
            report(f"{estate.code} renovation: no receptionist or supervisor, skipped")
            continue
        busy = set(
            Renovation.objects.filter(status__in=Renovation.OPEN).values_list("unit_id", flat=True)
        )
        ownerships = [
            o
            for o in Ownership.objects.current()
            .filter(unit__estate=estate)
            .select_related("unit", "owner")
            .order_by("-pk")[:20]
            if o.unit_id not in busy
        ]
        if len(ownerships) < 2:
            report(f"{estate.code} renovation: not enough owned units, skipped")
            continue
        _settings(estate)
        waiting, running = ownerships[0], ownerships[1]
        services.renovation_apply(
            actor=desk,
            unit=waiting.unit,
            application=_application(waiting.owner.name, agent=False, start=today),
        )
        renovation = services.renovation_apply(
            actor=desk,
            unit=running.unit,
            application=_application(running.owner.name, agent=True, start=today),
        )
        try:
            renovation = services.renovation_approve(
                actor=supervisor, renovation=renovation, findings="方案符合要求"
            )
            charge = renovation.fee_charge
            assert charge is not None  # charged on approval
            _pay(cashier, charge)
            renovation = services.agreement_sign(
                actor=desk,
                renovation=renovation,
                signed_on=today,
                signed_by="李娜",
                contractor_signed_by="赵强",
            )
            if renovation.deposit is not None:
                _pay(cashier, renovation.deposit.charge)
            renovation = services.permit_issue(actor=desk, renovation=renovation)
        except DeskError as error:
            report(f"{estate.code} renovation: 2 applications; the second stops: {error.message}")
            continue
        for n, (name, trade) in enumerate((("刘师傅", "水电工"), ("陈师傅", "瓦工"))):
            services.pass_issue(
                actor=desk,
                renovation=renovation,
                name=name,
                id_type="resident_id",
                id_number=IDS[2 + n],
                trade=trade,
            )
        services.patrol_record(
            actor=supervisor,
            renovation=renovation,
            outcome="done",
            problems=["doors"],
            violation="入户门拟外移，已当场制止",
        )
        report(f"{estate.code} renovation: 2 renovations, a permit, 2 passes, a patrol")
