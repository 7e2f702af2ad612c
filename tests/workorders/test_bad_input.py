"""Bad input on work orders: exports survive control characters; sources are checked."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from workorders.models import WorkOrder

from .helpers import make_order

pytestmark = pytest.mark.django_db


def test_it_exports_orders_holding_control_characters(client, receptionist, estate, unit):
    order = make_order(receptionist, estate, unit=unit)
    WorkOrder.objects.filter(pk=order.pk).update(description="漏水\x01", reporter_name="@SUM(1)")
    client.force_login(receptionist)
    response = client.get(reverse("workorders:order-export"), {"queue": "all"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    row = next(r for r in rows if r[0] == order.number)
    assert "漏水\ufffd" in row and "@SUM(1)" in row


def test_it_refuses_a_source_that_is_no_allowed_kind(receptionist, estate, unit):
    from workorders.errors import WorkOrderError

    with pytest.raises(WorkOrderError) as error:
        make_order(receptionist, estate, unit=unit, source_object=receptionist)
    assert error.value.code == "bad_source"
    assert not WorkOrder.objects.exists()


def test_it_refuses_a_source_of_another_estate(receptionist, estate, unit):
    from tests.factories import UnitFactory
    from workorders.errors import WorkOrderError

    theirs = UnitFactory()
    with pytest.raises(WorkOrderError) as error:
        make_order(receptionist, estate, unit=unit, source_object=theirs)
    assert error.value.code == "other_estate"


def test_it_refuses_a_reporter_phone_of_letters(client, receptionist, estate, unit):
    client.force_login(receptionist)
    response = client.post(
        reverse("workorders:order-new"),
        {
            "estate": estate.pk,
            "kind": "repair",
            "category": "plumbing",
            "unit_code": unit.code,
            "description": "漏水",
            "priority": "normal",
            "source": "desk",
            "reporter_phone": "call-me-maybe",
        },
    )
    assert "11-digit mobile" in response.content.decode()
    assert not WorkOrder.objects.exists()


@pytest.mark.parametrize("source_type", ["auth.user", "frontdesk.department", "sessions.session"])
def test_it_refuses_any_tables_row_named_as_source_on_the_form(
    client, receptionist, estate, unit, engineering, source_type
):
    client.force_login(receptionist)
    response = client.post(
        reverse("workorders:order-new"),
        {
            "estate": estate.pk,
            "kind": "repair",
            "category": "plumbing",
            "unit_code": unit.code,
            "description": "漏水",
            "priority": "normal",
            "source": "desk",
            "source_type": source_type,
            "source_id": str(receptionist.pk if source_type == "auth.user" else engineering.pk),
        },
    )
    assert response.status_code in (200, 400)
    assert not WorkOrder.objects.exists()
