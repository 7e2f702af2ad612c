"""Between the steps: follow-up notes at any open step, handing a signed order to another
technician, and the call an order came from answered when the order closes."""

import pytest
from django.urls import reverse

from frontdesk.errors import DeskError
from frontdesk.models import Notification
from reception import conversions
from reception import services as reception_services
from reception.models import PhoneCall
from tests.reception.helpers import record_call
from workorders import services
from workorders.models import Status, WorkOrder, WorkOrderEvent

from .helpers import make_order

pytestmark = pytest.mark.django_db


def _unchanged(order: WorkOrder) -> tuple:
    order.refresh_from_db()
    return order.status, order.assignee_id, order.events.count(), order.history.count()


# --- follow-up notes ---------------------------------------------------------------------


def test_a_follow_up_note_joins_the_timeline_without_moving_the_order(order, tech):
    history = order.history.count()

    event = services.order_follow_up(actor=tech, order=order, note="已联系业主，明早上门")

    assert event.action == WorkOrderEvent.Action.FOLLOWED_UP
    assert event.from_status == event.to_status == Status.DISPATCHED
    assert event.note == "已联系业主，明早上门" and event.actor == tech
    order.refresh_from_db()
    assert order.status == Status.DISPATCHED and order.history.count() == history


@pytest.mark.parametrize(
    ("note", "code"), [("", "required"), ("   ", "required"), ("跟" * 501, "too_long")]
)
def test_a_bad_follow_up_changes_nothing(order, tech, note, code):
    before = _unchanged(order)

    with pytest.raises(DeskError) as refused:
        services.order_follow_up(actor=tech, order=order, note=note)

    assert refused.value.code == code and _unchanged(order) == before


def test_no_follow_up_on_a_cancelled_order_or_from_another_department(
    order, receptionist, guard_tech
):
    with pytest.raises(DeskError) as other:
        services.order_follow_up(actor=guard_tech, order=order, note="看看")
    services.order_cancel(actor=receptionist, order=order, reason="业主自己修好了")
    with pytest.raises(DeskError) as cancelled:
        services.order_follow_up(actor=receptionist, order=order, note="再看看")

    assert other.value.code == "forbidden"
    assert cancelled.value.code == "bad_status"
    assert not order.events.filter(action="followed_up").exists()


# --- reassignment ------------------------------------------------------------------------


def test_the_desk_hands_a_signed_order_to_another_technician(order, receptionist, tech, tech2):
    services.order_sign(actor=tech, order=order)

    services.order_reassign(actor=receptionist, order=order, assignee=tech2, note="师傅请假")

    order.refresh_from_db()
    assert order.assignee == tech2 and order.status == Status.SIGNED
    event = order.events.get(action=WorkOrderEvent.Action.REASSIGNED)
    assert "师傅请假" in event.note and event.actor == receptionist
    assert Notification.objects.filter(user=tech2, title__contains=order.number).exists()


def test_a_bad_reassignment_changes_nothing(order, receptionist, head, tech, tech2, guard_tech):
    before = _unchanged(order)
    with pytest.raises(DeskError) as unsigned:
        services.order_reassign(actor=receptionist, order=order, assignee=tech2)
    assert unsigned.value.code == "wrong_step" and _unchanged(order) == before

    services.order_sign(actor=tech, order=order)
    before = _unchanged(order)
    for actor, assignee, code in (
        (receptionist, guard_tech, "wrong_assignee"),  # another department's technician
        (receptionist, None, "wrong_assignee"),
        (receptionist, tech, "same_assignee"),
        (tech, tech2, "forbidden"),  # a technician does not hand orders around
    ):
        with pytest.raises(DeskError) as refused:
            services.order_reassign(actor=actor, order=order, assignee=assignee)
        assert refused.value.code == code
        assert _unchanged(order) == before
    services.order_reassign(actor=head, order=order, assignee=tech2)  # the head may
    assert WorkOrder.objects.get(pk=order.pk).assignee == tech2


def test_the_order_page_offers_both_and_records_them(client, order, receptionist, tech, tech2):
    services.order_sign(actor=tech, order=order)
    client.force_login(receptionist)
    url = reverse("workorders:order-detail", args=[order.pk])

    page = client.get(url).content.decode()
    client.post(
        reverse("workorders:order-step", args=[order.pk, "follow_up"]), {"note": "等配件到货"}
    )
    client.post(
        reverse("workorders:order-step", args=[order.pk, "reassign"]),
        {"assignee": tech2.pk, "note": ""},
    )
    empty = client.post(reverse("workorders:order-step", args=[order.pk, "follow_up"]), {})

    assert 'data-testid="step-follow_up"' in page and 'data-testid="step-reassign"' in page
    assert f'value="{tech2.pk}"' in page and f'<option value="{tech.pk}"' not in page
    assert empty.status_code == 400
    order.refresh_from_db()
    assert order.assignee == tech2
    timeline = client.get(url).content.decode()
    assert "等配件到货" in timeline


# --- the call it came from ---------------------------------------------------------------


def _close(order, receptionist, head, tech):
    services.order_sign(actor=tech, order=order)
    services.order_start(actor=tech, order=order)
    services.order_complete(actor=tech, order=order, work_done="更换三角阀")
    services.order_verify(actor=head, order=order)
    return services.order_close(actor=receptionist, order=order)


def test_closing_an_order_replies_to_the_call_it_came_from(
    receptionist, estate, engineering, head, tech, django_capture_on_commit_callbacks
):
    call = record_call(
        receptionist,
        estate,
        topic="repair",
        location="2号楼电梯厅",
        content="电梯厅水管堵了",
        answered_on_spot=False,
        answer="",
        contact_phone="13987654321",
    )
    order = reception_services.call_convert(
        actor=receptionist, call=call, action=conversions.WORK_ORDER, department=engineering
    )
    assert PhoneCall.objects.get(pk=call.pk).awaiting_reply

    with django_capture_on_commit_callbacks(execute=True):
        _close(order, receptionist, head, tech)

    call.refresh_from_db()
    assert call.status == PhoneCall.Status.REPLIED and not call.awaiting_reply
    assert order.number in call.reply and "更换三角阀" in call.reply
    assert call.replied_by == receptionist


def test_closing_leaves_an_answered_call_and_other_orders_alone(
    receptionist, estate, engineering, head, tech, django_capture_on_commit_callbacks
):
    call = record_call(receptionist, estate, topic="repair", location="3栋门口")
    order = reception_services.call_convert(
        actor=receptionist, call=call, action=conversions.WORK_ORDER, department=engineering
    )
    plain = make_order(receptionist, estate, location="5号楼大堂", department=engineering)

    with django_capture_on_commit_callbacks(execute=True):
        _close(order, receptionist, head, tech)
        _close(plain, receptionist, head, tech)

    call.refresh_from_db()
    assert call.status == PhoneCall.Status.ANSWERED and call.reply == ""
