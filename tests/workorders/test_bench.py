from io import StringIO

import pytest
from django.core.management import call_command

from workorders.models import WorkOrder

TINY = ("--units", "200", "--requests", "2", "--warmup", "2", "--pdf-requests", "1")


@pytest.mark.django_db
def test_it_adds_its_rows_and_seeds_orders_once():
    out = StringIO()
    call_command("bench", *TINY, "--app", "workorders", stdout=out)
    output = out.getvalue()
    for label in (
        "orders: department queue",
        "orders: overdue list",
        "orders: a unit's orders",
        "orders: technician's page",
    ):
        assert label in output
    assert WorkOrder.objects.filter(estate__code="BIG").count() == 400
    again = StringIO()
    call_command("bench", *TINY, "--app", "workorders", stdout=again)
    assert "added" not in again.getvalue()
    assert WorkOrder.objects.filter(estate__code="BIG").count() == 400
