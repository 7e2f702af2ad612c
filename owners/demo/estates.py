"""Demo estates and their buildings: what each estate is like and the units it is cut into."""

import dataclasses
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from frontdesk.models import Department

from ..models import Building, Unit


@dataclass(frozen=True)
class BuildingType:
    floors: int
    entrances: int
    rooms: int  # per entrance and floor
    storage: int = 0  # storage rooms per entrance in the basement


@dataclass(frozen=True)
class EstateSpec:
    code: str
    name: str
    address: str
    phone: str
    units: int
    types: tuple[BuildingType, ...]
    shop_every: int  # every n-th building faces the street, with shops on the ground floor
    delivered: tuple[int, int]  # years the buildings were handed over
    parking_share: float
    zhang_wei: int  # how many owners are literally called 张伟, for search demos
    history: bool = True
    company: str = "北京望京物业服务有限公司"


DEMO_ESTATES = (
    EstateSpec(
        code="LJ",
        name="丽景花园",
        address="北京市朝阳区望京西路 18 号",
        phone="010-64782201",
        units=1150,
        types=(
            BuildingType(18, 2, 2),
            BuildingType(26, 2, 2, storage=6),
            BuildingType(33, 2, 3),
        ),
        shop_every=4,
        delivered=(2016, 2018),
        parking_share=0.10,
        zhang_wei=6,
    ),
    EstateSpec(
        code="CH",
        name="翠湖苑",
        address="北京市海淀区翠湖南路 6 号",
        phone="010-62451180",
        units=850,
        types=(BuildingType(6, 3, 2, storage=2), BuildingType(11, 2, 2, storage=2)),
        shop_every=7,
        delivered=(2009, 2011),
        parking_share=0.08,
        zhang_wei=3,
    ),
)


def big_estate_spec(units: int) -> EstateSpec:
    return EstateSpec(
        code="BIG",
        name="天悦城",
        address="北京市昌平区天通苑北路 1 号",
        phone="010-81756600",
        units=units,
        types=(
            BuildingType(33, 2, 3),
            BuildingType(26, 2, 2, storage=4),
            BuildingType(18, 3, 2),
            BuildingType(11, 2, 2, storage=2),
        ),
        shop_every=8,
        delivered=(2012, 2022),
        parking_share=0.10,
        zhang_wei=max(3, units // 1000),
        history=False,
    )


def scaled(spec: EstateSpec, scale: float) -> EstateSpec:
    return dataclasses.replace(spec, units=max(20, round(spec.units * scale)))


DEPARTMENT_NAMES = {
    Department.Kind.CUSTOMER_SERVICE: "客服中心",
    Department.Kind.ENGINEERING: "工程维修部",
    Department.Kind.SECURITY: "秩序维护部",
    Department.Kind.CLEANING: "环境保洁部",
    Department.Kind.GREENING: "绿化部",
    Department.Kind.FINANCE: "财务部",
    Department.Kind.MANAGEMENT: "管理处",
}
DEPARTMENT_ENGLISH = {
    Department.Kind.CUSTOMER_SERVICE: "Customer service centre",
    Department.Kind.ENGINEERING: "Engineering & maintenance",
    Department.Kind.SECURITY: "Security",
    Department.Kind.CLEANING: "Cleaning & environment",
    Department.Kind.GREENING: "Greening",
    Department.Kind.FINANCE: "Finance",
    Department.Kind.MANAGEMENT: "Management office",
}


@dataclass
class UnitPlan:
    building: Building
    entrance: str
    floor: int
    room: str
    use: str
    area: Decimal


def _money(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(f"{rng.uniform(low, high):.2f}")


def plan_buildings(spec: EstateSpec, rng: random.Random) -> Iterator[UnitPlan]:
    """The units of ``spec`` building by building: flats, shops, storage rooms, parking.

    Rooms are numbered per entrance as ``<floor><nn>`` (``1201``). The last building is cut
    at a floor so the estate has exactly ``spec.units`` units.
    """
    parking = round(spec.units * spec.parking_share)
    left = spec.units - parking
    number = 0
    while left > 0:
        number += 1
        kind = spec.types[(number - 1) % len(spec.types)]
        shops = (4 if kind.entrances < 3 else 2) if number % spec.shop_every == 1 else 0
        # The same flat in every floor has the same plan and so the same area.
        flat_areas = [
            [_money(rng, 58, 145) for _room in range(kind.rooms)] for _e in range(kind.entrances)
        ]
        building = Building(estate=None, number=str(number), name=f"{number}栋", floors=0)
        plans = []
        if kind.storage:
            for entrance in range(1, kind.entrances + 1):
                for n in range(1, kind.storage + 1):
                    plans.append((entrance, -1, f"B{n:02d}", Unit.Use.STORAGE, (5, 16)))
        for floor in range(1, kind.floors + 1):
            for entrance in range(1, kind.entrances + 1):
                if floor == 1 and shops:
                    for n in range(1, shops + 1):
                        plans.append((entrance, 1, f"1{n:02d}", Unit.Use.COMMERCIAL, (35, 220)))
                    continue
                for n in range(1, kind.rooms + 1):
                    area = flat_areas[entrance - 1][n - 1]
                    plans.append((entrance, floor, f"{floor}{n:02d}", Unit.Use.RESIDENTIAL, area))
        plans = plans[:left]
        left -= len(plans)
        building.floors = max(1, max(floor for _e, floor, *_rest in plans))
        for entrance, floor, room, use, area in plans:
            if isinstance(area, tuple):
                area = _money(rng, *area)
            yield UnitPlan(building, str(entrance), floor, room, use, area)
    # Underground garages of up to two levels of 300 spaces.
    garage = 0
    while parking > 0:
        garage += 1
        building = Building(estate=None, number=f"P{garage}", name=f"{garage}号地下车库")
        building.floors = 1 if parking <= 300 else 2
        for level in (1, 2):
            for n in range(1, min(300, parking) + 1):
                area = Decimal(rng.choice(("12.50", "13.25", "13.25", "15.00", "16.80")))
                yield UnitPlan(building, f"B{level}", -level, f"{n:03d}", Unit.Use.PARKING, area)
            parking -= min(300, parking)
            if not parking:
                break
