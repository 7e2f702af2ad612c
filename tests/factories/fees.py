"""Fees factories: fee types and rates, charges, payments.

``ChargeFactory`` writes the row directly (a charge to read, list or print); a test of what a
new charge does to the unit's arrears summary or prepaid balance uses
``services.charge_create``. ``PaymentFactory`` goes through ``services.payment_take``: a
payment is never written without its receipt number and allocations.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from fees import services
from fees.models import Charge, FeeRate, FeeType, Payment
from frontdesk import roles

from . import EstateFactory, UnitFactory, staff


class FeeTypeFactory(factory.django.DjangoModelFactory):
    """A one-off fee type (a service); ``PropertyFeeTypeFactory`` for the monthly fee."""

    class Meta:
        model = FeeType

    estate = factory.SubFactory(EstateFactory)
    kind = FeeType.Kind.SERVICE
    name = factory.Sequence(lambda n: f"有偿服务费{n}")
    basis = FeeType.Basis.FIXED


class PropertyFeeTypeFactory(FeeTypeFactory):
    kind = FeeType.Kind.PROPERTY
    name = factory.Sequence(lambda n: f"物业管理费{n}")
    basis = FeeType.Basis.PER_SQUARE_METRE_MONTH


class FeeRateFactory(factory.django.DjangoModelFactory):
    """A rate for every unit use, in force since 2020."""

    class Meta:
        model = FeeRate

    fee_type = factory.SubFactory(PropertyFeeTypeFactory)
    unit_use = ""
    rate = Decimal("2.50")
    effective_from = datetime.date(2020, 1, 1)


class ChargeFactory(factory.django.DjangoModelFactory):
    """An open one-off charge of a unit, due today."""

    class Meta:
        model = Charge

    unit = factory.SubFactory(UnitFactory)
    estate = factory.SelfAttribute("unit.estate")
    fee_type = factory.SubFactory(FeeTypeFactory, estate=factory.SelfAttribute("..estate"))
    description = factory.SelfAttribute("fee_type.name")
    amount = Decimal("0.30")
    base_amount = factory.SelfAttribute("amount")
    due_date = factory.LazyFunction(timezone.localdate)


class PaymentFactory(factory.Factory):
    """Cash taken at the desk by ``actor`` (a cashier of the unit's estate unless given),
    through ``services.payment_take``; ``allocations`` as the service takes them."""

    class Meta:
        model = Payment

    unit = factory.SubFactory(UnitFactory)
    actor = factory.LazyAttribute(lambda p: staff(estates=[p.unit.estate], roles=[roles.CASHIER]))
    amount = Decimal("0.30")
    method = Payment.Method.CASH
    reference = ""

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.payment_take(**kwargs)
