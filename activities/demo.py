"""Demo activities for ``seed_demo``: each demo estate's facilities (a gym with rules, a club
that needs approval, a court, the library, two publicity columns), a few bookings of the gym
and the columns' current posts — one column up for 15 days, so its reminder shows."""

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils import timezone

from frontdesk import roles
from frontdesk.errors import DeskError
from owners.models import Estate, Ownership

from . import services
from .models import Facility

FACILITIES = (
    {
        "name": "会所健身房",
        "kind": "gym",
        "location": "会所二层",
        "capacity": 15,
        "weekly_limit": 3,
    },
    {
        "name": "多功能活动室",
        "kind": "club",
        "location": "会所一层",
        "capacity": 40,
        "approval_required": True,
        "max_minutes": 240,
    },
    {"name": "网球场", "kind": "court", "location": "北区", "capacity": 4, "buffer_minutes": 10},
    {"name": "社区图书室", "kind": "library", "location": "会所一层", "bookable": False},
    {"name": "中心广场", "kind": "square", "location": "小区中心", "bookable": False},
)
BOARDS = (
    ("南门宣传栏", "南门入口", "2.4 m × 1.2 m"),
    ("北区公告栏", "北区3号楼旁", "1.8 m × 1.2 m"),
)


def _user(estate: Estate, role: str):
    return (
        get_user_model()
        .objects.filter(groups__name=role, staff_profile__estates=estate)
        .order_by("pk")
        .first()
    )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed(estates: list[Estate], *, seed: int = 1, report: Callable[[str], None]) -> None:
    today = timezone.localdate()
    for estate in estates:
        if Facility.objects.filter(estate=estate).exists():
            report(f"{estate.code} activities: already seeded, skipped")
            continue
        desk = _user(estate, roles.RECEPTIONIST)
        if desk is None:
            report(f"{estate.code} activities: no receptionist, skipped")
            continue
        facilities = [
            Facility.objects.create(estate=estate, **{"bookable": True, **values})
            for values in FACILITIES
        ]
        boards = [
            Facility.objects.create(
                estate=estate, name=name, kind="publicity_column", location=where, size=size
            )
            for name, where, size in BOARDS
        ]
        ownerships = list(
            Ownership.objects.current()
            .filter(unit__estate=estate)
            .select_related("unit", "owner")
            .order_by("pk")[:3]
        )
        booked = 0
        for n, ownership in enumerate(ownerships):
            try:
                services.booking_create(
                    actor=desk,
                    facility=facilities[0],
                    unit=ownership.unit,
                    booked_for=ownership.owner.name,
                    slot=services.Slot(
                        start=_at(today + datetime.timedelta(days=1), 9 + 2 * n),
                        end=_at(today + datetime.timedelta(days=1), 10 + 2 * n),
                    ),
                )
                booked += 1
            except DeskError as error:
                report(f"{estate.code} activities: a booking refused: {error.message}")
        for board, age in zip(boards, (15, 3), strict=True):
            services.post_put_up(
                actor=desk,
                board=board,
                post=services.NewPost(
                    "safety", "冬季防火安全提示", "楼道内请勿堆放杂物，电动车请勿入户充电。"
                ),
                on=today - datetime.timedelta(days=age),
            )
        services.replacement_sweep(today)
        report(
            f"{estate.code} activities: {len(facilities) + len(boards)} facilities, "
            f"{booked} bookings, 2 posts"
        )
