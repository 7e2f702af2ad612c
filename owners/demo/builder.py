"""Writing one estate: its units with owners, ownerships, residents and agents, in chunks."""

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from frontdesk.models import Department

from ..models import Authorization, Document, Estate, Owner, Ownership, Resident, Unit
from ..validators import IdType
from .estates import DEPARTMENT_ENGLISH, DEPARTMENT_NAMES, EstateSpec, UnitPlan, plan_buildings
from .people import People, Person, credit_code, words

# Dates are drawn around a fixed day rather than today, so two runs give the same data.
ANCHOR = min(datetime.date(2026, 6, 30), datetime.date.today())
BATCH_SIZE = 2000
# Units whose owners, residents and agents are generated and written together.
CHUNK_UNITS = 5000


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

COMPANY_BRANDS = words(
    "华远 鑫源 宏达 恒泰 金盛 瑞丰 天诚 佳和 博雅 新锐 永信 中联 盛世 汇通 嘉禾 东方 "
    "润泽 万达 信诚 和美 启航 凯旋 晨光 福瑞 百川 同创 正阳 诚信"
)
COMPANY_TRADES = words(
    "商贸 科技 餐饮管理 投资管理 文化传媒 贸易 医药 教育咨询 房地产经纪 健身 便利店 "
    "电子 家政服务 广告 建筑装饰"
)
STREETS = words(
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
        estate = Estate(
            code=spec.code,
            name=spec.name,
            address=spec.address,
            phone=spec.phone,
            company=spec.company,
        )
        estate.save()
        departments = [
            Department(
                estate=estate,
                kind=kind,
                name=DEPARTMENT_NAMES[kind],
                name_en=DEPARTMENT_ENGLISH[kind],
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
