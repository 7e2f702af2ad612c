"""Demo release slips for ``seed_demo``: an owner's slip issued today, a tenant moving out
waiting for the owner's call, one used at the gate with an item held back. Units with
arrears are skipped (a demo slip is issued the way the desk would)."""

import random
from collections.abc import Callable

from django.contrib.auth import get_user_model

from fees.selectors import arrears_for_unit
from frontdesk import roles
from owners.models import Estate, Ownership
from owners.validators import IdType

from . import services
from .models import ReleaseSlip

# Valid GB 11643 numbers (Beijing Chaoyang, 1985-06-01).
IDS = ("110105198506010011", "110105198506010038", "110105198506010054")


def _user(estate: Estate, role: str):
    return (
        get_user_model()
        .objects.filter(groups__name=role, staff_profile__estates=estate)
        .order_by("pk")
        .first()
    )


def seed(estates: list[Estate], *, seed: int = 1, report: Callable[[str], None]) -> None:
    for estate in estates:
        if ReleaseSlip.objects.filter(estate=estate).exists():
            report(f"{estate.code} releases: already seeded, skipped")
            continue
        desk = _user(estate, roles.RECEPTIONIST)
        guard = _user(estate, roles.SECURITY_GUARD)
        if desk is None:
            report(f"{estate.code} releases: no receptionist, skipped")
            continue
        rng = random.Random(f"{seed}-{estate.code}-releases")
        ownerships = [
            o
            for o in Ownership.objects.current()
            .filter(unit__estate=estate)
            .select_related("unit", "owner")
            .order_by("pk")[:60]
            if not arrears_for_unit(o.unit)
        ]
        if len(ownerships) < 3:
            report(f"{estate.code} releases: no units without arrears, skipped")
            continue
        first, second, third = rng.sample(ownerships, 3)
        common = {"actor": desk, "id_type": IdType.RESIDENT_ID, "plate": "京A12345"}
        services.slip_request(
            **common,
            unit=first.unit,
            requester_name=first.owner.name,
            relation=ReleaseSlip.Relation.OWNER,
            id_number=IDS[0],
            reason=ReleaseSlip.Reason.RENOVATION,
            items=[services.ItemInput("旧瓷砖", 20), services.ItemInput("旧门", 2)],
        )
        services.slip_request(
            **common,
            unit=second.unit,
            requester_name="刘洋",
            relation=ReleaseSlip.Relation.TENANT,
            id_number=IDS[1],
            reason=ReleaseSlip.Reason.MOVING_OUT,
            items=[services.ItemInput("双人床", 1), services.ItemInput("纸箱", 15)],
        )
        used = services.slip_request(
            **common,
            unit=third.unit,
            requester_name="陈静",
            relation=ReleaseSlip.Relation.TENANT,
            id_number=IDS[2],
            reason=ReleaseSlip.Reason.MOVING_OUT,
            items=[services.ItemInput("冰箱", 1), services.ItemInput("沙发", 1)],
            confirmed_by_name=third.owner.name,
            confirm_phone=third.owner.phone or "13900001111",
            confirm_answer=ReleaseSlip.Answer.AGREED,
        )
        if guard is not None:
            fridge, sofa = used.items.order_by("pk")
            services.gate_use(
                actor=guard,
                slip_id=used.pk,
                checks=[
                    services.ItemCheck(fridge.pk, True),
                    services.ItemCheck(sofa.pk, False, "沙发不在清单所列型号"),
                ],
                gate="东门",
            )
        report(f"{estate.code} releases: 3 slips")
