"""Work orders as rows, for tests that need orders in a given state without walking the flow
(``tests/workorders/helpers.make_order`` opens one through the service)."""

import datetime

import factory
from django.utils import timezone

from workorders.models import Category, Kind, Status, WorkOrder

from . import DepartmentFactory, EstateFactory, UnitFactory


class WorkOrderFactory(factory.django.DjangoModelFactory):
    """An open repair order for a public location; ``unit=`` puts it in a unit of the same
    estate, the ``dispatched`` trait sends it to the estate's engineering department."""

    class Meta:
        model = WorkOrder

    estate = factory.SubFactory(EstateFactory)
    number = factory.Sequence(lambda n: f"WX{timezone.localdate():%Y}{n + 1:05d}")
    kind = Kind.REPAIR
    category = Category.PLUMBING
    location = "1栋大堂"
    reporter_name = "张伟"
    reporter_phone = "13900000000"
    description = "大堂水管漏水"
    status = Status.OPEN
    created_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(lambda o: o.created_at + datetime.timedelta(hours=24))

    class Params:
        dispatched = factory.Trait(
            status=Status.DISPATCHED,
            department=factory.SubFactory(
                DepartmentFactory,
                estate=factory.SelfAttribute("..estate"),
                kind="engineering",
            ),
            dispatched_at=factory.LazyFunction(timezone.now),
        )
        in_unit = factory.Trait(
            unit=factory.SubFactory(
                UnitFactory, building__estate=factory.SelfAttribute("...estate")
            ),
            location="",
        )
