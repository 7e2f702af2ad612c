"""Move-in and custody rows, for tests that need a case, a custody or a reading in a given
state without walking the flow (``tests/checkin/helpers`` walks it through the services)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from checkin.models import (
    DEFAULT_ELECTRICITY_MAX,
    DEFAULT_WATER_MAX,
    Agreement,
    Custody,
    Inspection,
    KeyLog,
    MeterReading,
    MoveInCase,
)

from . import OwnerFactory, UnitFactory, UserFactory


class MoveInCaseFactory(factory.django.DjangoModelFactory):
    """An open move-in of a unit, handled by its owner (of the unit's estate)."""

    class Meta:
        model = MoveInCase

    unit = factory.SubFactory(UnitFactory)
    estate = factory.SelfAttribute("unit.estate")
    owner = factory.SubFactory(OwnerFactory, estate=factory.SelfAttribute("..unit.estate"))
    handler = MoveInCase.Handler.OWNER
    status = MoveInCase.Status.OPEN


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    estate = factory.SubFactory("tests.factories.EstateFactory")
    title = factory.Sequence(lambda n: f"管理规约{n}")


class CustodyFactory(factory.django.DjangoModelFactory):
    """A house in custody since a Monday, with the default thresholds; ``ended`` ends it."""

    class Meta:
        model = Custody

    unit = factory.SubFactory(UnitFactory)
    estate = factory.SelfAttribute("unit.estate")
    owner = factory.SubFactory(OwnerFactory, estate=factory.SelfAttribute("..unit.estate"))
    start_date = datetime.date(2026, 3, 2)
    agreement_signed_on = factory.SelfAttribute("start_date")
    water_max = DEFAULT_WATER_MAX
    electricity_max = DEFAULT_ELECTRICITY_MAX

    class Params:
        ended = factory.Trait(
            end_date=factory.LazyAttribute(lambda c: c.start_date + datetime.timedelta(days=30))
        )


class InspectionFactory(factory.django.DjangoModelFactory):
    """A weekly inspection due on the Sunday of the custody's first week."""

    class Meta:
        model = Inspection

    custody = factory.SubFactory(CustodyFactory)
    kind = Inspection.Kind.WEEKLY
    due_date = factory.LazyAttribute(lambda i: i.custody.start_date + datetime.timedelta(days=6))


class KeyLogFactory(factory.django.DjangoModelFactory):
    """Keys out of the office (not returned)."""

    class Meta:
        model = KeyLog

    custody = factory.SubFactory(CustodyFactory)
    taken_by = "刘师傅"
    reason = "开窗通风"
    handed_out_by = factory.SubFactory(UserFactory)


class MeterReadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeterReading

    unit = factory.SubFactory(UnitFactory)
    meter = MeterReading.Meter.WATER
    value = Decimal("3.50")
    read_at = factory.LazyFunction(timezone.now)
