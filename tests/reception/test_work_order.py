"""A call turned into a work order: the order carries the call's details and a link back,
and the call lists its order."""

import pytest

from frontdesk.models import Notification
from reception import conversions, services
from reception.errors import ReceptionError
from reception.models import CallLink

from .helpers import record_call


@pytest.fixture
def leak_call(receptionist, estate, unit):
    return record_call(
        receptionist,
        estate,
        unit=unit,
        topic="repair",
        caller_name="张伟",
        caller_phone="13912345678",
        content="卫生间水管漏水，楼下天花板渗水",
        answered_on_spot=False,
        answer="",
        contact_phone="13987654321",
    )


def test_it_creates_an_order_carrying_the_calls_details(
    receptionist,
    leak_call,
    unit,
    engineering,
    engineering_head,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        order = services.call_convert(
            actor=receptionist, call=leak_call, action=conversions.WORK_ORDER
        )

    assert order.unit == unit and order.estate == leak_call.estate
    assert order.reporter_name == "张伟"
    assert order.reporter_phone == "13987654321"  # the number to reply on
    assert order.description == leak_call.content
    assert order.kind == "repair" and order.category == "house_leakage"
    assert order.source == "phone_call"
    assert order.source_object == leak_call
    assert order.department == engineering  # dispatched at once
    assert Notification.objects.filter(user=engineering_head).exists()
    link = CallLink.objects.get()
    assert link.call == leak_call and link.target == order
    assert link.label == order.number and link.created_by == receptionist


def test_it_refuses_an_order_without_a_place_and_keeps_nothing(receptionist, estate):
    call = record_call(receptionist, estate, topic="repair", content="路灯不亮")
    with pytest.raises(ReceptionError) as refused:
        services.call_convert(actor=receptionist, call=call, action=conversions.WORK_ORDER)
    assert refused.value.code == "workorder_no_place"
    assert not CallLink.objects.exists()


def test_it_uses_the_place_of_a_public_area(receptionist, estate, engineering):
    call = record_call(receptionist, estate, topic="repair", content="路灯不亮", location="3栋门口")
    order = services.call_convert(actor=receptionist, call=call, action=conversions.WORK_ORDER)
    assert order.location == "3栋门口" and order.category == "electrical"


def test_it_turns_a_call_into_an_order_in_one_click_from_the_page(
    client, receptionist, leak_call, engineering
):
    client.force_login(receptionist)
    page = client.get(f"/reception/calls/{leak_call.pk}/").content.decode()
    assert 'data-testid="create-work-order"' in page
    assert 'value="house_leakage" selected' in page

    response = client.post(
        f"/reception/calls/{leak_call.pk}/work-order/",
        {"category": "house_leakage", "department": engineering.pk},
    )

    link = CallLink.objects.get()
    assert response.status_code == 302
    assert response["Location"] == link.target.get_absolute_url()
    page = client.get(f"/reception/calls/{leak_call.pk}/").content.decode()
    assert link.label in page and link.target.get_absolute_url() in page


def test_it_refuses_the_conversion_to_a_director(client, director, leak_call):
    client.force_login(director)
    response = client.post(f"/reception/calls/{leak_call.pk}/work-order/", {"category": "other"})
    assert response.status_code == 403
    assert not CallLink.objects.exists()


def test_it_refuses_another_estates_department(client, receptionist, leak_call, other_engineering):
    with pytest.raises(ReceptionError) as refused:
        services.call_convert(
            actor=receptionist,
            call=leak_call,
            action=conversions.WORK_ORDER,
            department=other_engineering,
        )
    assert (refused.value.code, refused.value.field) == ("other_estate", "department")
    assert not CallLink.objects.exists()
