"""The demo estates' phone log and visitor log: a morning at the desk. Repair calls become
work orders through the same conversion the desk's button uses, so the work-order queues
have something in them too. ``seed_demo`` calls ``seed`` once the estates and users exist;
an estate that already has calls is left alone."""

import datetime
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils import timezone

from frontdesk import roles
from owners.models import Estate, Ownership

from . import conversions, services
from .models import PhoneCall, Visit

# (topic, what was said, answered on the spot)
CALLS = (
    (PhoneCall.Topic.REPAIR, "厨房水管漏水，楼下天花板有水渍", False),
    (PhoneCall.Topic.REPAIR, "卫生间灯不亮，开关没有反应", False),
    (PhoneCall.Topic.REPAIR, "入户门锁坏了，钥匙拧不动", False),
    (PhoneCall.Topic.INQUIRY, "询问本月物业费的缴费方式和时间", True),
    (PhoneCall.Topic.FEE, "对上月物业费金额有疑问，要求核对面积", False),
    (PhoneCall.Topic.SUGGESTION, "建议在小区北门增加非机动车停放区", True),
    (PhoneCall.Topic.INQUIRY, "询问装修申请需要准备哪些资料", True),
    (PhoneCall.Topic.COMPLAINT, "楼上夜间装修噪音太大", False),
)
VISITS = (
    ("顺丰快递员", Visit.Purpose.DELIVERY, "送快递"),
    ("李师傅", Visit.Purpose.CONTRACTOR, "电梯维保"),
    ("赵女士", Visit.Purpose.OFFICE, "咨询房屋出租"),
)


def _receptionist(estate: Estate):
    return (
        get_user_model()
        .objects.filter(groups__name=roles.RECEPTIONIST, staff_profile__estates=estate)
        .order_by("pk")
        .first()
    )


def seed(estates: list[Estate], *, seed: int = 1, report: Callable[[str], None]) -> None:
    for estate in estates:
        if PhoneCall.objects.filter(estate=estate).exists():
            report(f"{estate.code} reception: already seeded, skipped")
            continue
        actor = _receptionist(estate)
        if actor is None:
            report(f"{estate.code} reception: no receptionist, skipped")
            continue
        rng = random.Random(f"{seed}-{estate.code}-reception")
        ownerships = list(
            Ownership.objects.current()
            .filter(unit__estate=estate, owner__phone__startswith="1")
            .select_related("unit", "owner")
            .order_by("pk")[:200]
        )
        now = timezone.now()
        orders = 0
        for n, (topic, content, on_spot) in enumerate(CALLS):
            ownership = rng.choice(ownerships)
            call = services.call_record(
                actor=actor,
                estate=estate,
                caller_name=ownership.owner.name,
                caller_phone=ownership.owner.phone,
                identity_confirmed=True,
                unit=ownership.unit,
                topic=topic,
                content=content,
                answered_on_spot=on_spot,
                answer="已告知" if on_spot else "",
                contact_phone="" if on_spot else ownership.owner.phone,
                received_at=now - datetime.timedelta(minutes=20 * (len(CALLS) - n)),
            )
            if topic == PhoneCall.Topic.REPAIR:
                services.call_convert(actor=actor, call=call, action=conversions.WORK_ORDER)
                orders += 1
        for n, (name, purpose, detail) in enumerate(VISITS):
            services.visit_record(
                actor=actor,
                estate=estate,
                name=name,
                purpose=purpose,
                purpose_detail=detail,
                identity_checked=True,  # the demo's visitors showed their ID cards
                host_name="客服前台",
                arrived_at=now - datetime.timedelta(minutes=15 * (n + 1)),
            )
        report(
            f"{estate.code} reception: {len(CALLS)} calls ({orders} turned into work orders), "
            f"{len(VISITS)} visitors"
        )
