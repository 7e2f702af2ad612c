"""One call form, one call; one visitor form, one visit (and one visit number): each rendered
form carries an idempotency key that the service takes once. Posting the same form twice (a
double click, Back after saving and resend) shows the first record and records nothing new.
"Create work order" on a call's page makes one order however often it is clicked. The
PostgreSQL races are in test_concurrency.py."""

import re
import uuid

import pytest
from django.contrib.messages import get_messages

from frontdesk.models import DocumentSequence
from reception import conversions, services
from reception.errors import FormUsed, ReceptionError
from reception.models import CallLink, PhoneCall, Visit
from workorders.models import WorkOrder

from .helpers import record_call, record_visit

NEW_CALL = "/reception/calls/new/"
NEW_VISIT = "/reception/visits/new/"


def form_key(html: str) -> str:
    return re.search(r'name="key" value="([0-9a-f-]{36})"', html).group(1)


def call_data(key: str, **overrides) -> dict:
    data = {
        "key": key,
        "caller_kind": "owner",
        "caller_name": "张伟",
        "caller_phone": "13912345678",
        "topic": "repair",
        "content": "厨房水管漏水",
        "resolution": "contact_left",
        "contact_phone": "13912345678",
        "reply_method": "call",
    }
    data.update(overrides)
    return data


def visit_data(key: str, **overrides) -> dict:
    data = {
        "key": key,
        "name": "王五",
        "id_type": "passport",
        "identity_checked": "on",
        "party_size": "1",
        "purpose": "office",
        "host_name": "李经理",
    }
    data.update(overrides)
    return data


def warnings(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


# The pages


def test_it_records_one_call_when_the_same_form_is_posted_twice(client, receptionist):
    client.force_login(receptionist)
    key = form_key(client.get(NEW_CALL).content.decode())

    first = client.post(NEW_CALL, call_data(key))
    again = client.post(NEW_CALL, call_data(key, content="厨房水管漏水（再次提交）"))

    call = PhoneCall.objects.get()
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"] == call.get_absolute_url()
    assert str(call.form_key) == key and call.content == "厨房水管漏水"
    assert any("already used" in message for message in warnings(again))


def test_it_logs_one_visit_and_takes_one_number_when_posted_twice(client, guard):
    client.force_login(guard)
    key = form_key(client.get(NEW_VISIT).content.decode())

    first = client.post(NEW_VISIT, visit_data(key))
    again = client.post(NEW_VISIT, visit_data(key))

    visit = Visit.objects.get()
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert DocumentSequence.objects.get().last_number == 1
    assert any(visit.number in message for message in warnings(again))


def test_each_rendering_of_a_form_has_its_own_key(client, receptionist):
    client.force_login(receptionist)
    for url in (NEW_CALL, NEW_VISIT):
        keys = {form_key(client.get(url).content.decode()) for _ in range(2)}
        assert len(keys) == 2


def test_a_refused_post_keeps_its_key_and_the_corrected_one_records_once(client, receptionist):
    client.force_login(receptionist)
    key = form_key(client.get(NEW_CALL).content.decode())

    refused = client.post(NEW_CALL, call_data(key, contact_phone="", caller_phone=""))
    assert refused.status_code == 400 and form_key(refused.content.decode()) == key

    client.post(NEW_CALL, call_data(key))
    client.post(NEW_CALL, call_data(key))
    assert PhoneCall.objects.count() == 1


def test_a_form_without_a_key_gets_a_fresh_one(client, receptionist):
    client.force_login(receptionist)
    data = call_data("")
    refused = client.post(NEW_CALL, {**data, "content": ""})
    assert refused.status_code == 400
    assert uuid.UUID(form_key(refused.content.decode()))


def test_another_estates_key_shows_nothing_of_that_estate(
    client, receptionist, outsider, other_estate
):
    theirs = record_call(outsider, other_estate, form_key=uuid.uuid4(), caller_name="赵六")
    client.force_login(receptionist)

    response = client.post(NEW_CALL, call_data(str(theirs.form_key)))

    assert response.status_code == 400
    page = response.content.decode()
    assert "This form is damaged" in page and "赵六" not in page
    assert PhoneCall.objects.count() == 1


# The services


def test_the_call_service_takes_a_key_once(receptionist, estate):
    key = uuid.uuid4()
    first = record_call(receptionist, estate, form_key=key)

    with pytest.raises(FormUsed) as used:
        record_call(receptionist, estate, form_key=str(key), caller_name="李四")

    assert used.value.code == "form_used" and used.value.record == first
    assert "Nothing new was recorded" in used.value.message
    assert PhoneCall.objects.count() == 1


def test_the_visit_service_takes_a_key_once_and_gives_its_number_back(receptionist, estate):
    key = uuid.uuid4()
    first = record_visit(receptionist, estate, form_key=key)

    with pytest.raises(FormUsed) as used:
        record_visit(receptionist, estate, form_key=key)

    assert used.value.record == first and first.number in used.value.message
    assert DocumentSequence.objects.get().last_number == 1
    assert record_visit(receptionist, estate).number.endswith("-000002")


def test_it_refuses_a_damaged_key(receptionist, estate):
    for record in (record_call, record_visit):
        with pytest.raises(ReceptionError) as damaged:
            record(receptionist, estate, form_key="not-a-key")
        assert damaged.value.code == "bad_form_key"
    assert not PhoneCall.objects.exists() and not Visit.objects.exists()


def test_the_services_refuse_another_estates_key(receptionist, estate, outsider, other_estate):
    key = uuid.uuid4()
    record_visit(outsider, other_estate, form_key=key)

    with pytest.raises(ReceptionError) as refused:
        record_visit(receptionist, estate, form_key=key)

    assert refused.value.code == "bad_form_key"


# "Create work order" on the call page


@pytest.fixture
def repair_call(receptionist, estate, unit):
    return record_call(
        receptionist,
        estate,
        unit=unit,
        topic="repair",
        content="卫生间水管漏水",
        answered_on_spot=False,
        answer="",
        contact_phone="13987654321",
    )


def test_a_double_click_on_create_work_order_makes_one_order(
    client, receptionist, repair_call, engineering
):
    client.force_login(receptionist)
    url = f"/reception/calls/{repair_call.pk}/"
    key = form_key(client.get(url).content.decode())
    data = {"key": key, "category": "house_leakage", "department": engineering.pk}

    first = client.post(f"{url}work-order/", data)
    again = client.post(f"{url}work-order/", data)

    link = CallLink.objects.get()
    assert first["Location"] == again["Location"] == link.target.get_absolute_url()
    assert WorkOrder.objects.count() == 1 and str(link.form_key) == key
    assert any(link.label in message for message in warnings(again))
    # A fresh page is a new form: a second order for the same call is a deliberate one.
    fresh = form_key(client.get(url).content.decode())
    client.post(f"{url}work-order/", {**data, "key": fresh})
    assert WorkOrder.objects.count() == 2


def test_the_conversion_refuses_another_calls_key(receptionist, estate, repair_call):
    key = uuid.uuid4()
    services.call_convert(
        actor=receptionist, call=repair_call, action=conversions.WORK_ORDER, form_key=key
    )
    other = record_call(receptionist, estate, topic="repair", location="3栋门口")

    with pytest.raises(ReceptionError) as refused:
        services.call_convert(
            actor=receptionist, call=other, action=conversions.WORK_ORDER, form_key=key
        )

    assert refused.value.code == "bad_form_key" and WorkOrder.objects.count() == 1
