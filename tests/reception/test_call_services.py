import datetime

import pytest
from django.utils import timezone

from frontdesk.errors import DeskError
from frontdesk.models import Notification
from reception import services
from reception.errors import ReceptionError
from reception.models import PhoneCall

from .helpers import record_call

Status = PhoneCall.Status


def test_it_records_a_call_answered_on_the_spot(receptionist, estate, unit):
    call = record_call(receptionist, estate, unit=unit, caller_phone="+86 139 1234 5678")

    assert call.status == Status.ANSWERED
    assert call.caller_phone == "13912345678"
    assert call.unit == unit and call.recorded_by == receptionist
    assert call.reply_due is None and not call.awaiting_reply
    assert call.history.get().history_user == receptionist


def test_it_keeps_the_contact_and_plans_a_reply_for_tomorrow(receptionist, estate):
    call = record_call(
        receptionist, estate, answered_on_spot=False, answer="", contact_phone="010-12345678"
    )

    assert call.status == Status.PENDING and call.awaiting_reply
    assert call.contact_phone == "010-12345678"
    assert call.reply_method == PhoneCall.ReplyMethod.CALL
    assert call.reply_due == timezone.localdate() + datetime.timedelta(days=1)


def test_it_refuses_a_contact_left_without_a_phone(receptionist, estate):
    with pytest.raises(ReceptionError) as refused:
        record_call(receptionist, estate, answered_on_spot=False, answer="", contact_phone="")

    assert refused.value.code == "no_contact_phone"
    assert refused.value.field == "contact_phone"
    assert not PhoneCall.objects.exists()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"caller_phone": "12345"}, "invalid_phone"),
        ({"answer": ""}, "no_answer"),
        (
            {"answered_on_spot": False, "contact_phone": "13900000000", "reply_due": "past"},
            "reply_due_past",
        ),
        ({"received_at": "future"}, "received_in_future"),
    ],
)
def test_it_refuses_bad_input(receptionist, estate, fields, code):
    if fields.get("reply_due") == "past":
        fields["reply_due"] = timezone.localdate() - datetime.timedelta(days=1)
    if fields.get("received_at") == "future":
        fields["received_at"] = timezone.now() + datetime.timedelta(hours=1)

    with pytest.raises(ReceptionError) as refused:
        record_call(receptionist, estate, **fields)

    assert refused.value.code == code
    assert not PhoneCall.objects.exists()


def test_it_refuses_another_estates_unit_and_department(
    receptionist, estate, other_unit, other_engineering
):
    with pytest.raises(ReceptionError) as refused:
        record_call(receptionist, estate, unit=other_unit)
    assert (refused.value.code, refused.value.field) == ("other_estate", "unit")

    with pytest.raises(ReceptionError) as refused:
        record_call(receptionist, estate, department=other_engineering)
    assert (refused.value.code, refused.value.field) == ("other_estate", "department")
    assert not PhoneCall.objects.exists()


def test_it_refuses_a_call_for_an_estate_the_user_does_not_work_in(receptionist, other_estate):
    with pytest.raises(DeskError) as refused:
        record_call(receptionist, other_estate)
    assert refused.value.code == "other_estate"


@pytest.mark.parametrize("who", ["technician", "guard", "cashier", "director"])
def test_it_refuses_roles_that_do_not_take_calls(request, estate, who):
    with pytest.raises(DeskError) as refused:
        record_call(request.getfixturevalue(who), estate)
    assert refused.value.code == "forbidden"
    assert not PhoneCall.objects.exists()


def test_it_refuses_routing_a_call_with_no_number_to_reply_on(receptionist, estate, engineering):
    with pytest.raises(ReceptionError) as refused:
        record_call(receptionist, estate, caller_phone="", department=engineering)
    assert refused.value.code == "no_contact_phone"
    assert not PhoneCall.objects.exists()


def test_it_notifies_the_department_on_commit_when_routed(
    receptionist,
    estate,
    unit,
    engineering,
    engineering_head,
    engineer,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call = record_call(
            receptionist,
            estate,
            unit=unit,
            department=engineering,
            topic="repair",
            content="卫生间漏水",
        )
        assert not Notification.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()

    assert call.status == Status.TRANSFERRED and call.routed_at is not None
    assert call.contact_phone == "13912345678"  # the caller's, to reply on
    notified = Notification.objects.order_by("user__username")
    assert [n.user for n in notified] == [engineering_head, engineer]
    assert "3-2-1201" in notified[0].body and "卫生间漏水" in notified[0].body
    assert notified[0].url == f"/reception/calls/{call.pk}/"


def test_it_routes_a_call_after_hanging_up(
    receptionist, estate, engineering, engineering_head, django_capture_on_commit_callbacks
):
    call = record_call(receptionist, estate)
    with django_capture_on_commit_callbacks(execute=True):
        services.call_route(actor=receptionist, call=call, department=engineering)

    call.refresh_from_db()
    assert call.status == Status.TRANSFERRED and call.department == engineering
    assert call.reply_due is not None
    assert Notification.objects.get().user == engineering_head


def test_it_refuses_routing_twice_or_to_another_estate(
    receptionist, estate, engineering, other_engineering
):
    call = record_call(receptionist, estate, department=engineering)
    with pytest.raises(ReceptionError) as refused:
        services.call_route(actor=receptionist, call=call, department=engineering)
    assert refused.value.code == "already_routed"
    with pytest.raises(ReceptionError) as refused:
        services.call_route(actor=receptionist, call=call, department=other_engineering)
    assert (refused.value.code, refused.value.field) == ("other_estate", "department")
    call.refresh_from_db()
    assert call.department == engineering


def test_it_records_the_reply_who_when_what(supervisor, receptionist, estate):
    call = record_call(
        receptionist, estate, answered_on_spot=False, answer="", contact_phone="13900001111"
    )
    services.call_reply(actor=supervisor, call=call, reply="已告知维修时间为周三上午")

    call.refresh_from_db()
    assert call.status == Status.REPLIED
    assert call.replied_by == supervisor and call.replied_at is not None
    assert call.reply == "已告知维修时间为周三上午"
    assert call.history.latest().history_user == supervisor


def test_it_refuses_a_reply_twice_or_empty(receptionist, estate):
    answered = record_call(receptionist, estate)
    with pytest.raises(ReceptionError) as refused:
        services.call_reply(actor=receptionist, call=answered, reply="x")
    assert refused.value.code == "not_awaiting_reply"

    pending = record_call(
        receptionist, estate, answered_on_spot=False, answer="", contact_phone="13900001111"
    )
    with pytest.raises(ReceptionError) as refused:
        services.call_reply(actor=receptionist, call=pending, reply="  ")
    assert refused.value.code == "no_reply"
    pending.refresh_from_db()
    assert pending.status == Status.PENDING and pending.replied_at is None


def test_it_refuses_an_unknown_conversion(receptionist, estate):
    call = record_call(receptionist, estate)
    with pytest.raises(ReceptionError) as refused:
        services.call_convert(actor=receptionist, call=call, action="spaceship")
    assert refused.value.code == "unknown_action"
    assert not call.links.exists()
