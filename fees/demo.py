"""Fees for the demo estates: fee types with rates, the last months billed, some paid.

``seed_demo`` calls ``seed`` once the estates and users exist; an estate that already has
fee types is left alone, so running it again adds nothing."""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from owners.models import Estate, Unit

from . import services
from .models import FeeRate, FeeType, Payment
from .permissions import PAY_ROLES

MONTHS = 4
PAYING_SHARE = 0.3  # of units, each paying every month billed so far
RATES = {"": "2.80", Unit.Use.COMMERCIAL: "4.50", Unit.Use.PARKING: "0.80"}
ONE_OFF = (
    (FeeType.Kind.DECORATION_GARBAGE, "装修垃圾清运费"),
    (FeeType.Kind.SERVICE, "有偿维修服务费"),
    (FeeType.Kind.ADVERTISING_RENT, "广告位租金"),
    (FeeType.Kind.WAREHOUSE_RENT, "仓库租金"),
    (FeeType.Kind.SITE_MANAGEMENT, "场地管理费"),
    (FeeType.Kind.SITE_RENT, "场地租金"),
    (FeeType.Kind.DEPOSIT, "装修押金"),
    (FeeType.Kind.OTHER, "其他费用"),
)
ENGLISH = {  # the demo's fee types by their Chinese name, for the desk in English
    "物业管理费": "Property management fee",
    "装修垃圾清运费": "Decoration-garbage transport fee",
    "有偿维修服务费": "Paid repair service",
    "广告位租金": "Advertising space rent",
    "仓库租金": "Warehouse rent",
    "场地管理费": "Site management fee",
    "场地租金": "Site rent",
    "装修押金": "Renovation deposit",
    "其他费用": "Other fee",
}
# The decoration-garbage transport fee: a fixed sum per renovation in the demo estates.
DECORATION_GARBAGE_FEE = Decimal("300.00")


def months_back(today: datetime.date, months: int) -> list[datetime.date]:
    first = today.replace(day=1)
    periods = []
    for _ in range(months):
        periods.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return sorted(periods)


def fee_types_create(estate: Estate, since: datetime.date) -> None:
    fee_type = FeeType.objects.create(
        estate=estate,
        kind=FeeType.Kind.PROPERTY,
        name="物业管理费",
        name_en=ENGLISH["物业管理费"],
        basis=FeeType.Basis.PER_SQUARE_METRE_MONTH,
    )
    for use, rate in RATES.items():
        FeeRate.objects.create(
            fee_type=fee_type, unit_use=use, rate=Decimal(rate), effective_from=since
        )
    for kind, name in ONE_OFF:
        one_off = FeeType.objects.create(estate=estate, kind=kind, name=name, name_en=ENGLISH[name])
        if kind == FeeType.Kind.DECORATION_GARBAGE:
            FeeRate.objects.create(
                fee_type=one_off, rate=DECORATION_GARBAGE_FEE, effective_from=since
            )


def one_off_fee_types_ensure(estate: Estate) -> int:
    """The demo's one-off fee types the estate lacks (by kind), for another app's bench or
    demo on an estate fees did not set up (the bench's BIG); returns how many were made."""
    have = set(FeeType.objects.filter(estate=estate).values_list("kind", flat=True))
    names = set(FeeType.objects.filter(estate=estate).values_list("name", flat=True))
    made = 0
    for kind, name in ONE_OFF:
        if kind not in have and name not in names:
            FeeType.objects.create(estate=estate, kind=kind, name=name, name_en=ENGLISH[name])
            made += 1
    return made


def _desk_cashier(estate: Estate):
    """Who takes the demo's payments in ``estate``: its cashier, else its supervisor (the
    payment service takes money only from someone who works in the estate)."""
    for role in PAY_ROLES:
        users = get_user_model().objects.filter(groups__name=role, staff_profile__estates=estate)
        user = users.order_by("pk").first()
        if user is not None:
            return user
    return None


def seed(estates: list[Estate], *, seed: int = 1, report: Callable[[str], None]) -> None:
    today = timezone.localdate()
    periods = months_back(today, MONTHS)
    for estate in estates:
        if FeeType.objects.filter(estate=estate).exists():
            report(f"{estate.code} fees: already seeded, skipped")
            continue
        cashier = _desk_cashier(estate)
        fee_types_create(estate, since=periods[0])
        billed = sum(
            services.billing_run(estate_id=estate.pk, period=period, paced=False).created
            for period in periods
        )
        rng = random.Random(f"{seed}-{estate.code}")
        units = list(Unit.objects.filter(estate=estate, charges__isnull=False).distinct())
        payers = rng.sample(units, int(len(units) * PAYING_SHARE))
        methods = [m for m in Payment.Method.values if m != Payment.Method.PREPAID]
        for unit in payers if cashier else []:
            owed = sum(c.outstanding for c in unit.charges.all() if c.due_date <= today)
            if owed:
                method = rng.choice(methods)
                reference = "" if method == Payment.Method.CASH else f"DEMO{rng.randrange(10**8)}"
                services.payment_take(
                    actor=cashier, unit=unit, amount=owed, method=method, reference=reference
                )
        services.arrears_snapshot_build(estate_id=estate.pk, paced=False)
        report(
            f"{estate.code} fees: {billed} monthly charges over {len(periods)} months, "
            f"{len(payers)} units paid up"
        )
