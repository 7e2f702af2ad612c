"""Demo and benchmark data: estates, units, owners, residents, agents and demo staff.

Everything is generated from a seeded ``random.Random`` (one per estate), so a run is
reproducible, and without Faker: ``seed_demo`` runs in ``make run`` with the main
dependencies only. Rows are written with ``bulk_create`` in chunks, which skips ``save()``
(so derived columns are filled by calling ``refresh_derived()`` here) and signal-based
history (the small demo estates get their "created" history rows written in bulk; the large
benchmark estate gets none, for speed).
"""

import dataclasses
import datetime
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from frontdesk import roles
from frontdesk.maintenance import analyze_database
from frontdesk.models import Department, StaffProfile

from .models import Authorization, Building, Document, Estate, Owner, Ownership, Resident, Unit
from .validators import IdType

# Dates are drawn around a fixed day rather than today, so two runs give the same data.
ANCHOR = min(datetime.date(2026, 6, 30), datetime.date.today())
DEMO_PASSWORD = "frontdesk-demo"
BATCH_SIZE = 2000
# Units whose owners, residents and agents are generated and written together.
CHUNK_UNITS = 5000


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- names -----------------------------------------------------------------------------------

# The common surnames with a rough weight (per mille of the population).
SURNAMES = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 22),
    ("赵", 20), ("吴", 20), ("周", 19), ("徐", 13), ("孙", 12), ("马", 12), ("朱", 11),
    ("胡", 10), ("郭", 10), ("何", 9), ("高", 9), ("林", 9), ("罗", 8), ("郑", 8), ("梁", 7),
    ("谢", 6), ("宋", 5), ("唐", 5), ("许", 5), ("韩", 5), ("冯", 4), ("邓", 4), ("曹", 4),
    ("彭", 4), ("曾", 4), ("肖", 4), ("田", 4), ("董", 4), ("袁", 3), ("潘", 3), ("于", 3),
    ("蒋", 3), ("蔡", 3), ("余", 3), ("杜", 3), ("叶", 3), ("程", 3), ("苏", 3), ("魏", 3),
    ("吕", 3), ("丁", 3), ("任", 3), ("沈", 3), ("姚", 2), ("卢", 2), ("姜", 2), ("崔", 2),
    ("钟", 2), ("谭", 2), ("陆", 2), ("汪", 2), ("范", 2), ("金", 2), ("石", 2), ("廖", 2),
    ("贾", 2), ("夏", 2), ("韦", 2), ("付", 2), ("方", 2), ("白", 2), ("邹", 2), ("孟", 2),
    ("熊", 2), ("秦", 2), ("邱", 2), ("江", 2), ("尹", 2), ("薛", 1), ("闫", 1), ("段", 1),
    ("雷", 1), ("侯", 1), ("龙", 1), ("史", 1), ("陶", 1), ("黎", 1), ("贺", 1), ("顾", 1),
    ("毛", 1), ("郝", 1), ("龚", 1), ("邵", 1), ("万", 1), ("钱", 1), ("严", 1), ("武", 1),
    ("戴", 1), ("莫", 1), ("孔", 1), ("向", 1), ("汤", 1), ("欧阳", 1),
)  # fmt: skip
_SURNAME_LIST = tuple(s for s, _ in SURNAMES)
_SURNAME_WEIGHTS = tuple(w for _, w in SURNAMES)

# Whole given names as parents choose them, by sex and generation; most people get one of
# these, the rest a combination of two characters from the lists below.
GIVEN_NAMES = {
    (True, "old"): _words(
        "伟 强 军 勇 刚 平 明 杰 斌 涛 建国 建华 建军 国强 国庆 志强 志明 志刚 卫东 卫国 "
        "海涛 红军 振华 永刚 德明 长春 文斌 立新 学军 建平 庆丰 福生"
    ),
    (True, "mid"): _words(
        "伟 磊 涛 超 鹏 浩 洋 勇 斌 杰 亮 宇 晓东 海波 俊杰 文博 志伟 家豪 晓峰 建伟 "
        "振宇 鹏飞 明辉 立伟 智勇 晓明 海龙 少华 伟杰 宏伟 天明"
    ),
    (True, "young"): _words(
        "浩然 子轩 宇轩 梓豪 浩宇 一鸣 俊熙 博文 天佑 思远 皓轩 宇航 明轩 睿泽 子墨 "
        "嘉懿 梓睿 沐宸 奕辰 承泽 弘毅 逸飞 昊天 锦程 瑞 航 晨 宸"
    ),
    (False, "old"): _words(
        "芳 秀英 桂英 秀兰 玉兰 桂兰 淑珍 凤英 玉珍 秀珍 丽华 淑英 红梅 春梅 玉梅 "
        "秀云 桂芳 素芬 美华 金凤 月娥 爱华 丽 敏 静 红"
    ),
    (False, "mid"): _words(
        "芳 娜 敏 静 丽 艳 娟 霞 燕 婷 雪 琳 丽娟 晓燕 海燕 丽萍 晓丽 雪梅 慧敏 静怡 "
        "晓红 春燕 佳丽 文静 晓霞 婷婷 丹丹 倩 颖 洁 萍"
    ),
    (False, "young"): _words(
        "欣怡 梓涵 诗涵 雨桐 一诺 可馨 佳怡 思琪 紫萱 梦琪 子涵 语嫣 雨萱 若曦 欣妍 "
        "芷若 依诺 梓萱 语桐 安琪 可欣 心怡 沐晴 雅琪 思彤 悦 彤 瑶"
    ),
}
GIVEN_CHARS = {
    True: tuple(
        "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊旭宁龙林阳建国"
        "志文海东峰亮成晨博轩泽昊睿航嘉振家庆永德新立春毅然"
    ),
    False: tuple(
        "芳娜敏静丽艳娟霞秀英玲燕萍婷雪琳慧晶颖倩洁佳欣怡梅莉红月兰凤"
        "琴云蕾璐瑶涵萱梓雨思诗可婉晓美丹楠茜悦玉彤"
    ),
}

# --- identity numbers -------------------------------------------------------------------------

# Administrative divisions for the first six digits, with the first birth year python-stdnum
# accepts for them (a code is only valid for people born after it was assigned).
LOCAL_REGIONS = (
    ("110101", 0), ("110102", 0), ("110105", 0), ("110106", 0), ("110108", 0),
)  # fmt: skip
OTHER_REGIONS = (
    ("120101", 0), ("120103", 0), ("310101", 0), ("310104", 0), ("310105", 0), ("310110", 0),
    ("320102", 1983), ("330106", 1983), ("370102", 1983), ("410105", 1983), ("420106", 1983),
    ("440104", 1983), ("610113", 1983), ("130102", 1983), ("210102", 1983), ("230102", 1983),
    ("440305", 1990), ("440304", 1990), ("510107", 1990), ("510104", 1990), ("500103", 1997),
)  # fmt: skip
_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
MOBILE_PREFIXES = _words(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 176 177 "
    "180 181 182 183 185 186 187 188 189 191 198 199"
)


def resident_id_number(region: str, born: datetime.date, serial: int) -> str:
    """A mainland resident ID (GB 11643): region, birth date, 3-digit serial, check digit.

    The serial's last digit is odd for men and even for women.
    """
    body = f"{region}{born:%Y%m%d}{serial:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, _RIC_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def credit_code(region: str, organisation: str) -> str:
    """A unified social credit code (GB 32100) for a company (``91``) registered in ``region``.

    ``organisation`` is the 8-digit organisation code body; its own GB 11714 check character
    is added, then the GB 32100 check character over the whole.
    """
    org_total = sum(int(c) * w for c, w in zip(organisation, _ORG_WEIGHTS, strict=True))
    org_check = (11 - org_total % 11) % 11
    body = f"91{region}{organisation}{'X' if org_check == 10 else org_check}"
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return body + _USCC_ALPHABET[(31 - total % 31) % 31]


@dataclass
class Person:
    name: str
    surname: str
    male: bool
    born: datetime.date
    id_number: str
    phone: str


class People:
    """Makes people with plausible names and ID numbers and phones unique in one estate."""

    def __init__(self, rng: random.Random, local_share: float = 0.5):
        self.rng = rng
        self.local_share = local_share
        self.id_numbers: set[str] = set()
        self.phones: set[str] = set()

    def surname(self) -> str:
        return self.rng.choices(_SURNAME_LIST, _SURNAME_WEIGHTS)[0]

    def given_name(self, male: bool, born: datetime.date) -> str:
        generation = "old" if born.year < 1968 else "mid" if born.year < 1992 else "young"
        if self.rng.random() < 0.75:
            return self.rng.choice(GIVEN_NAMES[(male, generation)])
        chars = GIVEN_CHARS[male]
        if self.rng.random() < 0.25:
            return self.rng.choice(chars)
        return self.rng.choice(chars) + self.rng.choice(chars)

    def birth_date(self, first_year: int, last_year: int) -> datetime.date:
        start = datetime.date(first_year, 1, 1).toordinal()
        end = datetime.date(last_year, 12, 31).toordinal()
        return datetime.date.fromordinal(self.rng.randint(start, end))

    def id_number(self, male: bool, born: datetime.date) -> str:
        local = self.rng.random() < self.local_share
        regions = [
            code
            for code, since in (LOCAL_REGIONS if local else OTHER_REGIONS)
            if since <= born.year
        ]
        while True:
            serial = self.rng.randrange(0, 500) * 2 + (1 if male else 0)
            number = resident_id_number(self.rng.choice(regions), born, serial)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    def mobile(self) -> str:
        while True:
            phone = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def person(
        self,
        *,
        born: tuple[int, int] = (1950, 1996),
        male: bool | None = None,
        surname: str | None = None,
        name: str | None = None,
    ) -> Person:
        male = self.rng.random() < 0.5 if male is None else male
        birth = self.birth_date(*born)
        surname = surname or self.surname()
        name = name or surname + self.given_name(male, birth)
        return Person(name, surname, male, birth, self.id_number(male, birth), self.mobile())


# --- estates and their buildings --------------------------------------------------------------


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


STATUS_WEIGHTS = {
    Unit.Use.RESIDENTIAL: (
        (Unit.Status.OCCUPIED, 64), (Unit.Status.HANDED_OVER, 14), (Unit.Status.UNOCCUPIED, 6),
        (Unit.Status.IN_CUSTODY, 6), (Unit.Status.RENOVATING, 6), (Unit.Status.UNSOLD, 4),
    ),
    Unit.Use.COMMERCIAL: (
        (Unit.Status.OCCUPIED, 72), (Unit.Status.HANDED_OVER, 10),
        (Unit.Status.RENOVATING, 8), (Unit.Status.UNSOLD, 10),
    ),
    Unit.Use.PARKING: ((Unit.Status.OCCUPIED, 60), (Unit.Status.HANDED_OVER, 22),
                       (Unit.Status.UNSOLD, 18)),
    Unit.Use.STORAGE: ((Unit.Status.OCCUPIED, 50), (Unit.Status.HANDED_OVER, 32),
                       (Unit.Status.UNSOLD, 18)),
}  # fmt: skip
STATUS_CHOICES = {
    use: (tuple(s for s, _ in weights), tuple(w for _, w in weights))
    for use, weights in STATUS_WEIGHTS.items()
}

COMPANY_BRANDS = _words(
    "华远 鑫源 宏达 恒泰 金盛 瑞丰 天诚 佳和 博雅 新锐 永信 中联 盛世 汇通 嘉禾 东方 "
    "润泽 万达 信诚 和美 启航 凯旋 晨光 福瑞 百川 同创 正阳 诚信"
)
COMPANY_TRADES = _words(
    "商贸 科技 餐饮管理 投资管理 文化传媒 贸易 医药 教育咨询 房地产经纪 健身 便利店 "
    "电子 家政服务 广告 建筑装饰"
)
STREETS = _words(
    "朝阳北路 建国路 中关村大街 学院路 亮马桥路 阜成路 西直门外大街 望京街 北四环东路 "
    "酒仙桥路 广渠路 南三环西路 莲花池东路 五道口东路"
)
SCOPE_WEIGHTS = (
    (Authorization.Scope.ALL, 40), (Authorization.Scope.CHECK_IN, 20),
    (Authorization.Scope.RENOVATION, 25), (Authorization.Scope.RELEASE, 10),
    (Authorization.Scope.FEES, 5),
)  # fmt: skip


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return datetime.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


@dataclass
class EstateCounts:
    units: int = 0
    owners: int = 0
    ownerships: int = 0
    residents: int = 0
    authorizations: int = 0


@dataclass
class Chunk:
    units: list[Unit] = field(default_factory=list)
    owners: list[Owner] = field(default_factory=list)
    ownerships: list[Ownership] = field(default_factory=list)
    residents: list[Resident] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    authorizations: list[Authorization] = field(default_factory=list)


class EstateBuilder:
    """Generates one estate and writes it in chunks of units with everything attached."""

    def __init__(self, spec: EstateSpec, seed: int):
        self.spec = spec
        self.rng = random.Random(f"{spec.code}:{seed}")
        self.people = People(self.rng)
        self.counts = EstateCounts()
        self.company_names: set[str] = set()
        # Owners living here, who may buy a parking space or storage room too: the ones not
        # yet written as instances, the others by id.
        self.owner_pool: list[Owner | int] = []
        self.person_owners = 0
        owners_per_unit = 1.1
        self.zhang_wei_every = max(2, int(spec.units * owners_per_unit) // spec.zhang_wei)

    # -- writing --

    def _create(self, model: type[models.Model], objs: list) -> None:
        if not objs:
            return
        if hasattr(model, "refresh_derived"):
            # What save() would fill in: search columns, masked and normalised numbers.
            for obj in objs:
                obj.refresh_derived()
        if self.spec.history:
            bulk_create_with_history(
                objs, model, batch_size=BATCH_SIZE, default_change_reason="demo data"
            )
        else:
            model.objects.bulk_create(objs, batch_size=BATCH_SIZE)

    def build(self) -> Estate:
        spec = self.spec
        estate = Estate(code=spec.code, name=spec.name, address=spec.address, phone=spec.phone)
        estate.save()
        departments = [
            Department(
                estate=estate,
                kind=kind,
                name=DEPARTMENT_NAMES[kind],
                phone=f"{spec.phone[:-2]}{n + 10}",
            )
            for n, kind in enumerate(Department.Kind)
        ]
        self._create(Department, departments)

        years = range(spec.delivered[0], spec.delivered[1] + 1)
        delivered_on: dict[str, datetime.date] = {}
        chunk = Chunk()
        for plan in plan_buildings(spec, self.rng):
            building = plan.building
            if building.pk is None:
                building.estate = estate
                building.save()
                year = years[(int(building.number.lstrip("P")) - 1) % len(years)]
                delivered_on[building.number] = _day(
                    self.rng, datetime.date(year, 3, 1), datetime.date(year, 11, 30)
                )
            self._add_unit(chunk, estate, plan, delivered_on[building.number])
            if len(chunk.units) >= CHUNK_UNITS:
                self._flush(chunk)
                chunk = Chunk()
        self._flush(chunk)
        return estate

    def _flush(self, chunk: Chunk) -> None:
        self._create(Unit, chunk.units)
        self._create(Owner, chunk.owners)
        self.owner_pool = [o if isinstance(o, int) else o.pk for o in self.owner_pool]
        self._create(Ownership, chunk.ownerships)
        self._create(Resident, chunk.residents)
        self._create(Document, chunk.documents)
        self._create(Authorization, chunk.authorizations)
        self.counts.units += len(chunk.units)
        self.counts.owners += len(chunk.owners)
        self.counts.ownerships += len(chunk.ownerships)
        self.counts.residents += len(chunk.residents)
        self.counts.authorizations += len(chunk.authorizations)

    # -- generating --

    def _add_unit(
        self, chunk: Chunk, estate: Estate, plan: UnitPlan, delivered: datetime.date
    ) -> None:
        rng = self.rng
        statuses, weights = STATUS_CHOICES[plan.use]
        status = rng.choices(statuses, weights)[0]
        unit = Unit(
            estate=estate,
            building=plan.building,
            entrance=plan.entrance,
            floor=plan.floor,
            room=plan.room,
            code=Unit.make_code(plan.building.number, plan.entrance, plan.room),
            area=plan.area,
            use=plan.use,
            status=status,
        )
        if status == Unit.Status.OCCUPIED and plan.use in (
            Unit.Use.RESIDENTIAL,
            Unit.Use.COMMERCIAL,
        ):
            unit.moved_in_on = _day(
                rng,
                delivered + datetime.timedelta(days=30),
                min(delivered + datetime.timedelta(days=900), ANCHOR),
            )
        if status == Unit.Status.IN_CUSTODY:
            unit.notes = "空置托管，钥匙 2 把存客服中心"
        chunk.units.append(unit)
        if status == Unit.Status.UNSOLD:
            return

        bought = _day(
            rng, delivered - datetime.timedelta(days=720), delivered - datetime.timedelta(days=60)
        )
        if plan.use == Unit.Use.RESIDENTIAL and rng.random() < 0.04:
            # Bought second-hand: the first owner's title ended on the day of the sale.
            sold = _day(
                rng, delivered + datetime.timedelta(days=700), ANCHOR - datetime.timedelta(days=60)
            )
            first = self._owner_from(chunk, estate, unit, self._owner_person())
            chunk.ownerships.append(Ownership(unit=unit, owner=first, since=bought, until=sold))
            bought = sold

        if plan.use in (Unit.Use.PARKING, Unit.Use.STORAGE):
            if self.owner_pool and rng.random() < 0.6:
                neighbour = rng.choice(self.owner_pool)
                chunk.ownerships.append(
                    Ownership(
                        unit=unit,
                        since=bought,
                        **{"owner_id" if isinstance(neighbour, int) else "owner": neighbour},
                    )
                )
            else:
                owner = self._owner_from(chunk, estate, unit, self._owner_person())
                chunk.ownerships.append(Ownership(unit=unit, owner=owner, since=bought))
            return

        company_share = 0.4 if plan.use == Unit.Use.COMMERCIAL else 0.012
        if rng.random() < company_share:
            owner = self._company_owner(chunk, estate)
            chunk.ownerships.append(Ownership(unit=unit, owner=owner, since=bought))
            if status == Unit.Status.OCCUPIED and plan.use == Unit.Use.COMMERCIAL:
                self._shop_tenant(chunk, unit)
            return

        person = self._owner_person()
        owner = self._owner_from(chunk, estate, unit, person)
        if not owner.address and plan.use == Unit.Use.RESIDENTIAL:
            self.owner_pool.append(owner)
        spouse = None
        if plan.use == Unit.Use.RESIDENTIAL and rng.random() < 0.22:
            # A couple holding the flat in equal shares.
            spouse = self._spouse(person)
            spouse_owner = self._owner_from(chunk, estate, unit, spouse)
            chunk.ownerships.append(
                Ownership(unit=unit, owner=owner, share=Decimal("50"), since=bought)
            )
            chunk.ownerships.append(
                Ownership(unit=unit, owner=spouse_owner, share=Decimal("50"), since=bought)
            )
        else:
            chunk.ownerships.append(Ownership(unit=unit, owner=owner, since=bought))

        if plan.use == Unit.Use.COMMERCIAL:
            if status == Unit.Status.OCCUPIED and rng.random() < 0.6:
                self._shop_tenant(chunk, unit)
        elif status == Unit.Status.OCCUPIED:
            if rng.random() < 0.15:
                self._tenants(chunk, unit)
            else:
                self._family(chunk, unit, person, spouse)
        if rng.random() < 0.015:
            self._authorization(chunk, estate, unit, owner)

    def _owner_person(self) -> Person:
        self.person_owners += 1
        if self.person_owners % self.zhang_wei_every == self.zhang_wei_every // 2:
            return self.people.person(male=True, surname="张", name="张伟", born=(1962, 1990))
        return self.people.person()

    def _owner_from(self, chunk: Chunk, estate: Estate, unit: Unit, person: Person) -> Owner:
        rng = self.rng
        owner = Owner(
            estate=estate,
            kind=Owner.Kind.PERSON,
            name=person.name,
            id_type=IdType.RESIDENT_ID,
            id_number=person.id_number,
            phone=person.phone,
        )
        if rng.random() < 0.1:
            owner.phone2 = self.people.mobile()
        if rng.random() < 0.15:
            owner.email = f"{rng.randrange(10**5, 4 * 10**9)}@qq.com"
        if unit.status in (Unit.Status.UNOCCUPIED, Unit.Status.IN_CUSTODY) or rng.random() < 0.05:
            owner.address = (
                f"北京市{rng.choice(('朝阳区', '海淀区', '东城区', '西城区', '丰台区'))}"
                f"{rng.choice(STREETS)} {rng.randint(1, 300)} 号"
            )
        chunk.owners.append(owner)
        return owner

    def _spouse(self, partner: Person) -> Person:
        year = min(2000, max(1945, partner.born.year + self.rng.randint(-4, 4)))
        return self.people.person(male=not partner.male, born=(year, year))

    def _company_owner(self, chunk: Chunk, estate: Estate) -> Owner:
        rng = self.rng
        for attempt in range(50):
            # Past the single-word brands, two words make a brand too (华远鑫源).
            brand = rng.choice(COMPANY_BRANDS) + (rng.choice(COMPANY_BRANDS) if attempt else "")
            name = f"北京{brand}{rng.choice(COMPANY_TRADES)}有限公司"
            if name not in self.company_names:
                break
        else:
            name = f"{name}第{len(self.company_names)}分公司"
        self.company_names.add(name)
        while True:
            region = rng.choice(("110105", "110108", "110101", "110106"))
            number = credit_code(region, f"{rng.randrange(10**8):08d}")
            if number not in self.people.id_numbers:
                self.people.id_numbers.add(number)
                break
        contact = self.people.person(born=(1970, 1995))
        owner = Owner(
            estate=estate,
            kind=Owner.Kind.COMPANY,
            name=name,
            id_type=IdType.CREDIT_CODE,
            id_number=number,
            phone=f"010-{rng.randint(5, 8)}{rng.randrange(10**6, 10**7)}",
            phone2=contact.phone,
            contact_person=contact.name,
            address=f"北京市朝阳区{rng.choice(STREETS)} {rng.randint(1, 300)} 号",
        )
        chunk.owners.append(owner)
        return owner

    def _resident(self, chunk: Chunk, unit: Unit, person: Person, **fields) -> None:
        adult = person.born <= ANCHOR - datetime.timedelta(days=16 * 365)
        chunk.residents.append(
            Resident(
                unit=unit,
                name=person.name,
                id_type=IdType.RESIDENT_ID,
                id_number=person.id_number if self.rng.random() < 0.85 else "",
                phone=person.phone if adult else "",
                **fields,
            )
        )

    def _family(self, chunk: Chunk, unit: Unit, head: Person, spouse: Person | None) -> None:
        rng = self.rng
        moved_in = unit.moved_in_on
        if spouse is None and rng.random() < 0.6:
            spouse = self._spouse(head)
            self._resident(chunk, unit, spouse, relation="配偶", moved_in_on=moved_in)
        father = head if head.male or spouse is None else spouse
        first_child = max(head.born.year + 22, 1972)
        if first_child < ANCHOR.year - 1:
            for _ in range(rng.choices((0, 1, 2), (30, 50, 20))[0]):
                born = (first_child, min(first_child + 14, ANCHOR.year - 1))
                surname = father.surname if rng.random() < 0.9 else None
                child = self.people.person(born=born, surname=surname)
                arrived = max(moved_in, child.born) if moved_in else None
                self._resident(chunk, unit, child, relation="子女", moved_in_on=arrived)
        if rng.random() < 0.15 and head.born.year > 1960:
            year = head.born.year - rng.randint(24, 32)
            parent = self.people.person(born=(year, year), surname=head.surname)
            self._resident(chunk, unit, parent, relation="父母", moved_in_on=moved_in)
        if rng.random() < 0.03:
            nanny = self.people.person(born=(1960, 1980), male=False)
            self._resident(
                chunk, unit, nanny, kind=Resident.Kind.OTHER, relation="保姆", moved_in_on=moved_in
            )

    def _tenants(self, chunk: Chunk, unit: Unit) -> None:
        rng = self.rng
        start = unit.moved_in_on or ANCHOR - datetime.timedelta(days=1000)
        if rng.random() < 0.25:
            # An earlier tenant who has moved out.
            moved_in = _day(rng, start, ANCHOR - datetime.timedelta(days=400))
            moved_out = _day(
                rng, moved_in + datetime.timedelta(days=180), ANCHOR - datetime.timedelta(days=100)
            )
            start = moved_out
            self._resident(
                chunk,
                unit,
                self.people.person(born=(1975, 2000)),
                kind=Resident.Kind.TENANT,
                relation="租户",
                moved_in_on=moved_in,
                moved_out_on=moved_out,
            )
        moved_in = _day(rng, start, ANCHOR - datetime.timedelta(days=7))
        for n in range(rng.choices((1, 2, 3), (50, 35, 15))[0]):
            self._resident(
                chunk,
                unit,
                self.people.person(born=(1975, 2002)),
                kind=Resident.Kind.TENANT,
                relation="承租人" if n == 0 else "合租",
                moved_in_on=moved_in,
            )

    def _shop_tenant(self, chunk: Chunk, unit: Unit) -> None:
        start = unit.moved_in_on or ANCHOR - datetime.timedelta(days=1000)
        moved_in = _day(self.rng, start, ANCHOR - datetime.timedelta(days=30))
        self._resident(
            chunk,
            unit,
            self.people.person(born=(1970, 1995)),
            kind=Resident.Kind.TENANT,
            relation="商铺承租人",
            moved_in_on=moved_in,
        )

    def _authorization(self, chunk: Chunk, estate: Estate, unit: Unit, owner: Owner) -> None:
        rng = self.rng
        scopes, weights = zip(*SCOPE_WEIGHTS, strict=True)
        agent = self.people.person(born=(1965, 1998))
        valid_from = _day(rng, ANCHOR - datetime.timedelta(days=900), ANCHOR)
        valid_until = rng.choice(
            (
                None,
                valid_from + datetime.timedelta(days=365),
                valid_from + datetime.timedelta(days=730),
            )
        )
        received_at = timezone.make_aware(
            datetime.datetime.combine(valid_from, datetime.time(10, rng.randrange(60)))
        )
        letter = Document(
            estate=estate,
            unit=unit,
            owner=owner,
            kind=Document.Kind.POWER_OF_ATTORNEY,
            title=f"授权委托书（{owner.name} 委托 {agent.name}）",
            original_sighted=True,
            received_at=received_at,
        )
        chunk.documents.append(letter)
        chunk.authorizations.append(
            Authorization(
                owner=owner,
                unit=unit,
                name=agent.name,
                id_type=IdType.RESIDENT_ID,
                id_number=agent.id_number,
                phone=agent.phone,
                scope=rng.choices(scopes, weights)[0],
                valid_from=valid_from,
                valid_until=valid_until,
                power_of_attorney=letter,
            )
        )


@contextmanager
def _large_sqlite_cache() -> Iterator[None]:
    """A 256 MB page cache while seeding on SQLite (default 2 MB).

    One transaction of half a million rows overflows the default cache, and SQLite then
    spills pages to the WAL mid-transaction: measured 71 s against 61 s for 100,000 units.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        previous = cursor.execute("PRAGMA cache_size").fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def seed_estate(spec: EstateSpec, *, seed: int = 1) -> tuple[Estate, EstateCounts] | None:
    """Build the estate of ``spec`` in one transaction; None if its code is already taken."""
    with _large_sqlite_cache(), transaction.atomic():
        if Estate.objects.filter(code=spec.code).exists():
            return None
        builder = EstateBuilder(spec, seed)
        estate = builder.build()
    return estate, builder.counts


# --- demo staff -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    last_name: str
    first_name: str
    role: str | None
    department: str | None
    estates: str  # "first", "second", "all" or an estate code
    is_staff: bool = False
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser("reception", "刘", "静", roles.RECEPTIONIST, Department.Kind.CUSTOMER_SERVICE,
             "first"),
    DemoUser("supervisor", "陈", "晓燕", roles.CS_SUPERVISOR, Department.Kind.CUSTOMER_SERVICE,
             "all", is_staff=True),
    DemoUser("depthead", "赵", "建国", roles.DEPARTMENT_HEAD, Department.Kind.ENGINEERING,
             "first"),
    DemoUser("technician", "孙", "立军", roles.TECHNICIAN, Department.Kind.ENGINEERING, "first"),
    DemoUser("cashier", "周", "丽", roles.CASHIER, Department.Kind.FINANCE, "first"),
    DemoUser("director", "李", "志强", roles.DIRECTOR, Department.Kind.MANAGEMENT, "all",
             is_staff=True),
    DemoUser("guard", "马", "强", roles.SECURITY_GUARD, Department.Kind.SECURITY, "first"),
    DemoUser("admin", "", "系统管理员", None, None, "all", is_staff=True, is_superuser=True),
    DemoUser("reception2", "王", "芳", roles.RECEPTIONIST, Department.Kind.CUSTOMER_SERVICE,
             "second"),
    DemoUser("reception_big", "吴", "婷婷", roles.RECEPTIONIST, Department.Kind.CUSTOMER_SERVICE,
             "BIG"),
)  # fmt: skip
DEMO_ESTATE_CODES = tuple(spec.code for spec in DEMO_ESTATES)
# Department heads among the demo users, in every estate they work in.
DEPARTMENT_HEADS = {
    "depthead": Department.Kind.ENGINEERING,
    "supervisor": Department.Kind.CUSTOMER_SERVICE,
    "director": Department.Kind.MANAGEMENT,
}


@dataclass
class SeededUser:
    user: models.Model
    role: str | None
    estates: list[str]
    created: bool


@transaction.atomic
def seed_users(*, password: str = DEMO_PASSWORD) -> list[SeededUser]:
    """One demo user per role (and an admin); users that exist already keep their password.

    The supervisor, director and admin work in every estate seeded here, the others in the
    first one; ``reception2`` only in the second, ``reception_big`` only in BIG.
    """
    by_code = {e.code: e for e in Estate.objects.filter(code__in=(*DEMO_ESTATE_CODES, "BIG"))}
    every = [by_code[code] for code in (*DEMO_ESTATE_CODES, "BIG") if code in by_code]
    demo = [by_code[code] for code in DEMO_ESTATE_CODES if code in by_code]
    places = {"first": demo[:1], "second": demo[1:2], "all": every}
    User = get_user_model()
    seeded = []
    for n, spec in enumerate(DEMO_USERS):
        if spec.estates in places:
            works_in = places[spec.estates]
        else:
            works_in = [by_code[spec.estates]] if spec.estates in by_code else []
        if not works_in:
            continue
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@example.com",
                "is_staff": spec.is_staff,
                "is_superuser": spec.is_superuser,
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            if spec.role:
                user.groups.add(Group.objects.get_or_create(name=spec.role)[0])
        profile, _ = StaffProfile.objects.get_or_create(user=user)
        profile.estates.add(*works_in)
        if spec.department and profile.department_id is None:
            profile.department = Department.objects.get(estate=works_in[0], kind=spec.department)
            profile.phone = f"1391000{n:04d}"
            profile.save(update_fields=["department", "phone"])
        seeded.append(SeededUser(user, spec.role, [e.code for e in works_in], created))
        if spec.username in DEPARTMENT_HEADS:
            for department in Department.objects.filter(
                estate__in=works_in, kind=DEPARTMENT_HEADS[spec.username], head__isnull=True
            ):
                department.head = user
                department.save(update_fields=["head"])
    return seeded


def seed_all(
    *,
    scale: float = 1.0,
    big_units: int | None = None,
    seed: int = 1,
    report: Callable[[str], None] = lambda line: None,
) -> None:
    """The demo estates (scaled), optionally the large estate BIG; each once."""
    specs = [scaled(spec, scale) for spec in DEMO_ESTATES]
    if big_units:
        specs.append(big_estate_spec(big_units))
    for spec in specs:
        started = time.monotonic()
        result = seed_estate(spec, seed=seed)
        if result is None:
            existing = Unit.objects.filter(estate__code=spec.code).count()
            report(f"{spec.code} {spec.name}: already seeded ({existing} units), skipped")
            continue
        counts = result[1]
        report(
            f"{spec.code} {spec.name}: {counts.units} units, {counts.owners} owners, "
            f"{counts.ownerships} ownerships, {counts.residents} residents, "
            f"{counts.authorizations} authorizations in {time.monotonic() - started:.1f} s"
        )
    # Bulk inserts leave the query planner without statistics; without them SQLite walks a
    # whole estate for each search (65-130 ms at 100,000 units, 13-16 ms after).
    analyze_database()
