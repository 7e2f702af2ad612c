"""Every write service of work orders checks the actor itself: staff of another estate are
refused with "other_estate", a role without the right with "forbidden", and nothing is
written (no order, event, history row or notification changes)."""

import datetime

import pytest
from django.utils import timezone

from frontdesk import roles
from frontdesk.errors import DeskError
from frontdesk.models import Notification
from tests.factories import staff
from tests.factories.workorders import WorkOrderFactory
from workorders import services
from workorders.models import Status, WorkOrder, WorkOrderEvent


def _create(actor, order, engineering):
    return services.order_create(
        actor=actor,
        estate=order.estate,
        kind="repair",
        category="plumbing",
        description="大门坏了",
        location="大门",
    )


def _dispatch(actor, order, engineering):
    return services.order_dispatch(actor=actor, order=order, department=engineering)


def _sign(actor, order, engineering):
    return services.order_sign(actor=actor, order=order)


def _start(actor, order, engineering):
    return services.order_start(actor=actor, order=order)


def _complete(actor, order, engineering):
    return services.order_complete(actor=actor, order=order, work_done="换了阀芯")


def _verify(actor, order, engineering):
    return services.order_verify(actor=actor, order=order)


def _book(actor, order, engineering):
    at = timezone.now() + datetime.timedelta(days=1)
    return services.order_book_reinspection(actor=actor, order=order, at=at)


def _confirm(actor, order, engineering):
    return services.order_confirm_by_owner(actor=actor, order=order, signed_by="张伟")


def _close(actor, order, engineering):
    return services.order_close(actor=actor, order=order)


def _reopen(actor, order, engineering):
    return services.order_reopen(actor=actor, order=order, reason="又漏了")


def _cancel(actor, order, engineering):
    return services.order_cancel(actor=actor, order=order, reason="业主自行处理")


# (the service, the status it starts from, whether the order is in a unit, a role of the
# order's estate without the right to take it)
SERVICES = [
    pytest.param(_create, Status.OPEN, False, "technician", id="order_create"),
    pytest.param(_dispatch, Status.OPEN, False, "technician", id="order_dispatch"),
    pytest.param(_sign, Status.DISPATCHED, False, "receptionist", id="order_sign"),
    pytest.param(_start, Status.SIGNED, False, "receptionist", id="order_start"),
    pytest.param(_complete, Status.IN_PROGRESS, False, "receptionist", id="order_complete"),
    pytest.param(_verify, Status.COMPLETED, False, "receptionist", id="order_verify"),
    pytest.param(_book, Status.VERIFIED, True, "technician", id="order_book_reinspection"),
    pytest.param(_confirm, Status.BOOKED, True, "technician", id="order_confirm_by_owner"),
    pytest.param(_close, Status.VERIFIED, False, "technician", id="order_close"),
    pytest.param(_reopen, Status.CLOSED, False, "technician", id="order_reopen"),
    pytest.param(_cancel, Status.OPEN, False, "cashier", id="order_cancel"),
]


@pytest.fixture
def foreign_supervisor(other_estate):
    """A supervisor (who may take every step) of another estate."""
    return staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR], username="b-supervisor")


def _order(estate, engineering, status: str, in_unit: bool) -> WorkOrder:
    dispatched = status != Status.OPEN
    return WorkOrderFactory(
        estate=estate,
        status=status,
        in_unit=in_unit,
        department=engineering if dispatched else None,
    )


def _state() -> tuple:
    """Every row the services write: orders, their events and history, notifications."""
    return (
        list(WorkOrder.objects.order_by("pk").values()),
        list(WorkOrderEvent.objects.order_by("pk").values()),
        WorkOrder.history.count(),
        Notification.objects.count(),
    )


def _refused(code: str, step, actor, order, engineering) -> None:
    before = _state()
    with pytest.raises(DeskError) as refused:
        step(actor, order, engineering)
    assert refused.value.code == code
    assert _state() == before


@pytest.mark.parametrize(("step", "status", "in_unit", "_role"), SERVICES)
def test_it_refuses_staff_of_another_estate(
    estate, engineering, foreign_supervisor, step, status, in_unit, _role
):
    order = _order(estate, engineering, status, in_unit)
    _refused("other_estate", step, foreign_supervisor, order, engineering)


@pytest.mark.parametrize(("step", "status", "in_unit", "role"), SERVICES)
def test_it_refuses_a_role_without_the_right(
    request, estate, engineering, step, status, in_unit, role
):
    order = _order(estate, engineering, status, in_unit)
    _refused("forbidden", step, request.getfixturevalue(role), order, engineering)


@pytest.mark.parametrize(
    ("step", "status"),
    [
        (_sign, Status.DISPATCHED),
        (_start, Status.SIGNED),
        (_complete, Status.IN_PROGRESS),
        (_verify, Status.COMPLETED),
    ],
)
def test_it_refuses_a_department_head_of_another_department(
    estate, engineering, security_dept, step, status
):
    head = staff(
        estates=[estate],
        roles=[roles.DEPARTMENT_HEAD],
        username="sec-head",
        department=security_dept,
    )
    order = _order(estate, engineering, status, in_unit=False)
    _refused("forbidden", step, head, order, engineering)
