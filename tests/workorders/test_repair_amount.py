"""A paid repair's amount has an upper bound: it fits the order's column, and it is no more
than the estate's payment ceiling (a slip of a few zeros would be charged to the owner). Both
are refused with a message, on the service and on the page, and nothing is charged."""

from decimal import Decimal

import pytest
from django.urls import reverse

from fees.models import Charge, FeeSettings, FeeType
from workorders import services
from workorders.errors import WorkOrderError
from workorders.models import Status


@pytest.fixture
def service_fee(estate):
    return FeeType.objects.create(estate=estate, kind=FeeType.Kind.SERVICE, name="维修服务费")


@pytest.fixture
def working(order, tech, service_fee):
    services.order_sign(actor=tech, order=order)
    return services.order_start(actor=tech, order=order)


def complete(order, tech, amount):
    return services.order_complete(
        actor=tech, order=order, work_done="换龙头", paid=True, amount=amount
    )


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("50000.01", "above_ceiling"),  # the default ceiling: 50,000.00
        ("123456789.00", "too_large"),  # fits a 12-digit money column, not the order's
        ("99999999999.99", "too_large"),
    ],
)
def test_it_refuses_an_amount_above_the_bound(working, tech, amount, code):
    with pytest.raises(WorkOrderError) as refused:
        complete(working, tech, amount)

    assert (refused.value.code, refused.value.field) == (code, "amount")
    working.refresh_from_db()
    assert working.status == Status.IN_PROGRESS and working.amount is None
    assert not Charge.objects.exists()


def test_it_says_the_estates_own_ceiling(working, tech, estate):
    FeeSettings.objects.create(estate=estate, payment_ceiling=Decimal("2000.00"))

    with pytest.raises(WorkOrderError) as refused:
        complete(working, tech, "2000.10")

    assert refused.value.code == "above_ceiling" and "2,000.00" in refused.value.message
    assert complete(working, tech, "1999.90").amount == Decimal("1999.90")


def test_it_takes_the_ceiling_itself(working, tech):
    done = complete(working, tech, "50000.00")

    assert done.amount == Decimal("50000.00") and Charge.objects.get().amount == done.amount


def test_the_page_shows_the_bound_under_the_amount(client, working, tech):
    client.force_login(tech)
    response = client.post(
        reverse("workorders:order-step", args=[working.pk, "complete"]),
        {"work_done": "换龙头", "paid": "on", "amount": "80000"},
    )

    assert response.status_code == 400
    assert "payment ceiling" in response.content.decode()
    assert not Charge.objects.exists()
