"""One new-order form, one work order: the form carries an idempotency key each time it is
rendered and the service takes it once. A double click, Enter twice, or Back and resend
shows the first order and takes no second number."""

import re
import uuid

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from frontdesk.models import DocumentSequence
from frontdesk.once import FormUsed
from workorders import services
from workorders.errors import WorkOrderError
from workorders.models import WorkOrder

NEW = reverse("workorders:order-new")


def _key(client) -> str:
    html = client.get(NEW).content.decode()
    return re.search(r'name="key" value="([0-9a-f-]{36})"', html).group(1)


def _data(estate, unit, key) -> dict:
    return {
        "key": key,
        "estate": estate.pk,
        "kind": "repair",
        "category": "plumbing",
        "unit_code": unit.code,
        "description": "厨房下水堵塞",
        "priority": "normal",
        "source": "desk",
    }


def test_a_form_posted_twice_opens_one_order(client, receptionist, estate, unit):
    client.force_login(receptionist)
    data = _data(estate, unit, _key(client))
    first = client.post(NEW, data)
    again = client.post(NEW, data)
    order = WorkOrder.objects.get()
    assert first.url == again.url == order.get_absolute_url()
    said = [str(m) for m in get_messages(again.wsgi_request)]
    assert any(order.number in m and "already used" in m for m in said)
    assert DocumentSequence.objects.get(kind="workorder-repair").last_number == 1


def test_each_rendered_form_opens_its_own_order(client, receptionist, estate, unit):
    client.force_login(receptionist)
    client.post(NEW, _data(estate, unit, _key(client)))
    client.post(NEW, _data(estate, unit, _key(client)))
    assert WorkOrder.objects.count() == 2


def test_the_service_refuses_a_used_key_with_the_first_order(receptionist, estate, unit):
    key = uuid.uuid4()
    values = {"kind": "repair", "category": "plumbing", "description": "漏水", "unit": unit}
    first = services.order_create(actor=receptionist, estate=estate, form_key=key, **values)
    with pytest.raises(FormUsed) as used:
        services.order_create(actor=receptionist, estate=estate, form_key=key, **values)
    assert used.value.record == first
    assert WorkOrder.objects.count() == 1


def test_another_estates_key_is_a_damaged_form(receptionist, outsider, estate, other_estate, unit):
    key = uuid.uuid4()
    values = {"kind": "repair", "category": "plumbing", "description": "漏水"}
    services.order_create(actor=receptionist, estate=estate, form_key=key, unit=unit, **values)
    with pytest.raises(WorkOrderError) as refused:
        services.order_create(
            actor=outsider, estate=other_estate, form_key=key, location="大门", **values
        )
    assert refused.value.code == "bad_form_key"
    assert WorkOrder.objects.count() == 1


def test_a_key_that_is_not_one_is_a_damaged_form(receptionist, estate, unit):
    with pytest.raises(WorkOrderError) as refused:
        services.order_create(
            actor=receptionist,
            estate=estate,
            kind="repair",
            category="plumbing",
            description="漏水",
            unit=unit,
            form_key="not-a-key",
        )
    assert refused.value.code == "bad_form_key"
    assert not WorkOrder.objects.exists()
