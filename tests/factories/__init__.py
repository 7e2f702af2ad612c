"""Factories for tests: valid Chinese identities, estates with staff in roles."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from frontdesk.models import Department, StaffProfile
from owners.models import Building, Document, Estate, Owner, Ownership, Resident, Unit

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(n: int, birth: datetime.date = datetime.date(1985, 6, 1)) -> str:
    """A valid GB 11643 number for Beijing Chaoyang (110105) with serial ``n``."""
    body = f"110105{birth:%Y%m%d}{n % 1000:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


class EstateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Estate
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E{n:03d}")
    name = factory.Sequence(lambda n: f"测试花园{n}期")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    estate = factory.SubFactory(EstateFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    name = factory.LazyAttribute(lambda b: f"{b.number}栋")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    building = factory.SubFactory(BuildingFactory)
    estate = factory.SelfAttribute("building.estate")
    entrance = "1"
    floor = 12
    room = factory.Sequence(lambda n: f"{1200 + n % 100:04d}" if n < 100 else f"{n:05d}")
    code = factory.LazyAttribute(lambda u: Unit.make_code(u.building.number, u.entrance, u.room))
    area = Decimal("89.50")


class OwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Owner

    estate = factory.SubFactory(EstateFactory)
    name = "张伟"
    id_number = factory.Sequence(resident_id)
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class OwnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ownership

    unit = factory.SubFactory(UnitFactory)
    owner = factory.SubFactory(OwnerFactory, estate=factory.SelfAttribute("..unit.estate"))
    share = Decimal("100")
    since = datetime.date(2020, 1, 1)


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    unit = factory.SubFactory(UnitFactory)
    name = "李娜"
    kind = Resident.Kind.FAMILY
    id_number = ""
    phone = factory.Sequence(lambda n: f"137{n:08d}")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    estate = factory.SubFactory(EstateFactory)
    kind = Document.Kind.ID_COPY
    original_sighted = True


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("estate", "kind")

    estate = factory.SubFactory(EstateFactory)
    kind = Department.Kind.CUSTOMER_SERVICE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("desk-pass-123")


def staff(*, estates=(), roles=(), username=None, department=None, **extra):
    """A user working in ``estates`` with the given role names."""
    user = UserFactory(**({"username": username} if username else {}), **extra)
    profile = StaffProfile.objects.create(user=user, department=department)
    profile.estates.set(estates)
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


def property_fee(estate, rate="2.50", effective_from=datetime.date(2020, 1, 1)):
    """The estate's property-management fee type with one rate for every unit use."""
    from fees.models import FeeRate, FeeType

    fee_type, _ = FeeType.objects.get_or_create(
        estate=estate,
        name="物业管理费",
        defaults={"kind": FeeType.Kind.PROPERTY, "basis": FeeType.Basis.PER_SQUARE_METRE_MONTH},
    )
    FeeRate.objects.get_or_create(
        fee_type=fee_type, unit_use="", effective_from=effective_from, defaults={"rate": rate}
    )
    return fee_type
