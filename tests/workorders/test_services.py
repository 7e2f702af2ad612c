import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from frontdesk import roles
from frontdesk.errors import DeskError
from frontdesk.models import Notification
from tests.factories import staff
from tests.helpers import needs_postgres
from tests.workorders.helpers import make_order, photo
from workorders import services
from workorders.errors import WorkOrderError
from workorders.models import Status, WorkOrder, WorkOrderEvent

LATER = datetime.timedelta(days=1)


def _to_verified(order, head, tech, **complete):
    services.order_sign(actor=tech, order=order)
    services.order_start(actor=tech, order=order)
    services.order_complete(actor=tech, order=order, work_done="换了阀芯", **complete)
    return services.order_verify(actor=head, order=order)


def _refused(code, call, order):
    """``call`` is refused with ``code`` and the order, its events and history are unchanged."""
    order.refresh_from_db()
    before = (
        {f.attname: getattr(order, f.attname) for f in WorkOrder._meta.concrete_fields},
        order.events.count(),
        order.history.count(),
    )
    with pytest.raises(DeskError) as caught:  # the kernel refuses another estate and a role
        call()
    assert caught.value.code == code
    order.refresh_from_db()
    after = (
        {f.attname: getattr(order, f.attname) for f in WorkOrder._meta.concrete_fields},
        order.events.count(),
        order.history.count(),
    )
    assert after == before


def test_it_walks_a_repair_in_a_unit_through_every_step(
    order, receptionist, head, tech, django_capture_on_commit_callbacks
):
    signed = services.order_sign(actor=tech, order=order)
    assert signed.status == Status.SIGNED and signed.assignee == tech
    services.order_start(actor=tech, order=order)
    with django_capture_on_commit_callbacks(execute=True):
        done = services.order_complete(
            actor=tech, order=order, work_done="换了阀芯", materials="阀芯 1 个", photos=[photo()]
        )
    assert done.status == Status.COMPLETED
    assert done.photos.filter(stage="completed").count() == 1
    services.order_verify(actor=head, order=order, note="复查合格")
    at = timezone.now() + LATER
    booked = services.order_book_reinspection(actor=receptionist, order=order, at=at)
    assert booked.status == Status.BOOKED and booked.reinspection_at == at
    _refused(
        "too_early",
        lambda: services.order_confirm_by_owner(actor=receptionist, order=order, signed_by="张伟"),
        order,
    )
    # The booked time comes.
    WorkOrder.objects.filter(pk=order.pk).update(reinspection_at=timezone.now() - LATER / 24)
    confirmed = services.order_confirm_by_owner(actor=receptionist, order=order, signed_by="张伟")
    assert confirmed.owner_signed_name == "张伟"
    closed = services.order_close(actor=receptionist, order=order)
    assert closed.status == Status.CLOSED and closed.closed_at is not None

    steps = list(order.events.values_list("action", "from_status", "to_status", "actor__username"))
    assert steps == [
        ("created", "", "open", "reception"),
        ("dispatched", "open", "dispatched", "reception"),
        ("signed", "dispatched", "signed", "tech"),
        ("started", "signed", "in_progress", "tech"),
        ("completed", "in_progress", "completed", "tech"),
        ("verified", "completed", "verified", "head"),
        ("booked", "verified", "booked", "reception"),
        ("owner_confirmed", "booked", "owner_confirmed", "reception"),
        ("closed", "owner_confirmed", "closed", "reception"),
    ]
    history = list(
        order.history.order_by("history_date").values_list("status", "history_user__username")
    )
    assert history[0] == ("open", "reception")
    assert history[-1] == ("closed", "reception")
    assert len(history) == 9


def test_a_public_location_skips_the_owner_steps(receptionist, estate, engineering, head, tech):
    order = make_order(receptionist, estate, location="2号楼电梯厅", department=engineering)
    _to_verified(order, head, tech)
    assert services.allowed_steps(receptionist, order) == ["close", "reopen", "follow_up"]
    _refused(
        "no_owner_steps",
        lambda: services.order_book_reinspection(
            actor=receptionist, order=order, at=timezone.now() + LATER
        ),
        order,
    )
    assert services.order_close(actor=receptionist, order=order).status == Status.CLOSED


def test_it_sends_order_completed_after_commit(order, tech, django_capture_on_commit_callbacks):
    from workorders.signals import order_completed

    heard = []

    def listener(sender, order_id, **kwargs):
        heard.append(order_id)

    order_completed.connect(listener)
    try:
        services.order_sign(actor=tech, order=order)
        services.order_start(actor=tech, order=order)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.order_complete(actor=tech, order=order, work_done="done")
        assert heard == []  # not before the commit
        for callback in callbacks:
            callback()
        assert heard == [order.pk]
    finally:
        order_completed.disconnect(listener)


def test_it_notifies_the_department_on_dispatch(
    receptionist, estate, unit, engineering, head, tech, guard_tech
):
    order = make_order(receptionist, estate, unit=unit)
    assert not Notification.objects.exists()
    services.order_dispatch(actor=receptionist, order=order, department=engineering)
    notes = Notification.objects.filter(url=order.get_absolute_url())
    assert set(notes.values_list("user__username", flat=True)) == {"head", "tech"}
    assert order.number in notes.first().title


def test_it_notifies_only_the_assignee_when_one_is_named(
    receptionist, estate, unit, engineering, head, tech
):
    order = make_order(receptionist, estate, unit=unit)
    services.order_dispatch(actor=receptionist, order=order, department=engineering, assignee=tech)
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["tech"]


# Refusals: each leaves the order as it was.


def test_it_refuses_to_skip_a_step(order, tech, head, receptionist):
    _refused(
        "wrong_step", lambda: services.order_complete(actor=tech, order=order, work_done="x"), order
    )
    _refused("wrong_step", lambda: services.order_start(actor=tech, order=order), order)
    _refused("wrong_step", lambda: services.order_verify(actor=head, order=order), order)
    _refused("wrong_step", lambda: services.order_close(actor=receptionist, order=order), order)


def test_a_second_signature_is_refused_as_already_signed(order, tech, tech2):
    services.order_sign(actor=tech, order=order)
    _refused("already_signed", lambda: services.order_sign(actor=tech2, order=order), order)


def test_another_departments_technician_may_not_act(order, guard_tech):
    _refused("forbidden", lambda: services.order_sign(actor=guard_tech, order=order), order)


def test_a_technician_may_not_dispatch_or_close(order, tech, security_dept):
    _refused(
        "forbidden",
        lambda: services.order_dispatch(actor=tech, order=order, department=security_dept),
        order,
    )
    _refused("forbidden", lambda: services.order_close(actor=tech, order=order), order)


def test_a_receptionist_may_not_sign_or_verify(order, receptionist, tech):
    _refused("forbidden", lambda: services.order_sign(actor=receptionist, order=order), order)
    services.order_sign(actor=tech, order=order)
    services.order_start(actor=tech, order=order)
    services.order_complete(actor=tech, order=order, work_done="x")
    _refused("forbidden", lambda: services.order_verify(actor=receptionist, order=order), order)
    _refused("forbidden", lambda: services.order_verify(actor=tech, order=order), order)


def test_a_supervisor_may_act_on_any_department(order, supervisor):
    services.order_sign(actor=supervisor, order=order)
    services.order_start(actor=supervisor, order=order)
    services.order_complete(actor=supervisor, order=order, work_done="x")
    assert services.order_verify(actor=supervisor, order=order).status == Status.VERIFIED


def test_another_estates_staff_may_not_act(order, outsider):
    _refused("other_estate", lambda: services.order_close(actor=outsider, order=order), order)


def test_confirming_needs_a_booked_reinspection(order, receptionist, head, tech):
    _to_verified(order, head, tech)
    _refused(
        "not_booked",
        lambda: services.order_confirm_by_owner(actor=receptionist, order=order, signed_by="张伟"),
        order,
    )
    _refused("not_confirmed", lambda: services.order_close(actor=receptionist, order=order), order)
    _refused(
        "bad_reinspection_time",
        lambda: services.order_book_reinspection(
            actor=receptionist, order=order, at=timezone.now() - LATER
        ),
        order,
    )
    services.order_book_reinspection(actor=receptionist, order=order, at=timezone.now())
    _refused(
        "no_signature",
        lambda: services.order_confirm_by_owner(actor=receptionist, order=order, signed_by=" "),
        order,
    )


def test_a_leakage_repair_needs_its_leak_test_time(receptionist, estate, unit, engineering, tech):
    order = make_order(
        receptionist, estate, unit=unit, category="house_leakage", department=engineering
    )
    services.order_sign(actor=tech, order=order)
    services.order_start(actor=tech, order=order)
    _refused(
        "no_leak_test",
        lambda: services.order_complete(actor=tech, order=order, work_done="补漏"),
        order,
    )
    tested = timezone.now()
    done = services.order_complete(actor=tech, order=order, work_done="补漏", leak_test_at=tested)
    assert done.leak_test_at == tested


def test_completion_refuses_a_file_that_is_not_an_image(order, tech):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.order_sign(actor=tech, order=order)
    services.order_start(actor=tech, order=order)
    _refused(
        "bad_photo",
        lambda: services.order_complete(
            actor=tech, order=order, work_done="x", photos=[SimpleUploadedFile("a.jpg", b"text")]
        ),
        order,
    )
    assert not order.photos.exists()


def test_closing_with_open_children_is_refused(order, receptionist, estate, unit, head, tech):
    child = make_order(receptionist, estate, unit=unit, parent=order, kind="coordination")
    _to_verified(order, head, tech)
    services.order_book_reinspection(actor=receptionist, order=order, at=timezone.now())
    services.order_confirm_by_owner(actor=receptionist, order=order, signed_by="张伟")
    _refused("open_children", lambda: services.order_close(actor=receptionist, order=order), order)
    services.order_cancel(actor=receptionist, order=child, reason="重复登记")
    assert services.order_close(actor=receptionist, order=order).status == Status.CLOSED


def test_reopen_and_cancel_need_a_reason(order, receptionist, head, tech):
    _refused(
        "no_reason",
        lambda: services.order_cancel(actor=receptionist, order=order, reason=""),
        order,
    )
    _to_verified(order, head, tech)
    _refused(
        "no_reason",
        lambda: services.order_reopen(actor=receptionist, order=order, reason=" "),
        order,
    )
    _refused(
        "wrong_step",
        lambda: services.order_cancel(actor=receptionist, order=order, reason="x"),
        order,
    )
    reopened = services.order_reopen(actor=receptionist, order=order, reason="业主反映仍漏水")
    assert reopened.status == Status.DISPATCHED
    assert reopened.signed_at is None and reopened.verified_at is None
    event = order.events.last()
    assert (event.action, event.from_status, event.note) == (
        "reopened",
        "verified",
        "业主反映仍漏水",
    )
    # The department signs for it again.
    assert services.order_sign(actor=tech, order=order).status == Status.SIGNED


def test_a_closed_order_can_be_reopened(receptionist, estate, engineering, head, tech):
    order = make_order(receptionist, estate, location="大门", department=engineering)
    _to_verified(order, head, tech)
    services.order_close(actor=receptionist, order=order)
    assert (
        services.order_reopen(actor=receptionist, order=order, reason="又坏了").status
        == Status.DISPATCHED
    )


def test_cancel_records_the_reason(order, receptionist, tech):
    cancelled = services.order_cancel(actor=receptionist, order=order, reason="业主自行处理")
    assert cancelled.status == Status.CANCELLED
    assert order.events.last().note == "业主自行处理"
    _refused("wrong_step", lambda: services.order_sign(actor=tech, order=order), order)


def test_dispatch_refuses_another_estates_department_and_a_stranger(
    receptionist, estate, other_estate, unit, engineering, guard_tech
):
    from frontdesk.models import Department
    from tests.factories import DepartmentFactory

    order = make_order(receptionist, estate, unit=unit)
    foreign = DepartmentFactory(estate=other_estate, kind=Department.Kind.ENGINEERING)
    _refused(
        "other_estate",
        lambda: services.order_dispatch(actor=receptionist, order=order, department=foreign),
        order,
    )
    _refused(
        "wrong_assignee",
        lambda: services.order_dispatch(
            actor=receptionist, order=order, department=engineering, assignee=guard_tech
        ),
        order,
    )


# Paid repairs: a charge through the fees app, made on completion.


@pytest.fixture
def service_fee(estate):
    from fees.models import FeeType

    return FeeType.objects.create(estate=estate, kind=FeeType.Kind.SERVICE, name="维修服务费")


def _in_progress(order, tech):
    services.order_sign(actor=tech, order=order)
    return services.order_start(actor=tech, order=order)


def test_a_paid_repair_charges_the_unit_on_completion(order, tech, unit, service_fee):
    from decimal import Decimal

    from fees.models import Charge

    _in_progress(order, tech)
    done = services.order_complete(
        actor=tech, order=order, work_done="换龙头", paid=True, amount="85.50"
    )
    charge = Charge.objects.get()
    assert done.charge_id == charge.pk and done.amount == Decimal("85.50")
    assert (charge.unit, charge.fee_type, charge.amount) == (unit, service_fee, Decimal("85.50"))
    assert order.number in charge.description


def test_a_paid_completion_needs_an_amount(order, tech, service_fee):
    from fees.models import Charge

    _in_progress(order, tech)
    for amount, code in (
        (None, "no_amount"),
        ("", "no_amount"),
        ("abc", "not_a_number"),
        ("-3", "not_positive"),
        ("1e30", "not_a_number"),
        ("9" * 40, "too_large"),
        ("１２８.５０", "not_a_number"),  # full-width digits
        ("NaN", "not_a_number"),
    ):
        _refused(
            code,
            lambda amount=amount: services.order_complete(
                actor=tech, order=order, work_done="x", paid=True, amount=amount
            ),
            order,
        )
    assert not Charge.objects.exists()


def test_a_paid_completion_without_a_service_fee_type_is_refused(order, tech):
    _in_progress(order, tech)
    _refused(
        "no_fee_type",
        lambda: services.order_complete(
            actor=tech, order=order, work_done="x", paid=True, amount="10"
        ),
        order,
    )


# Concurrency (PostgreSQL): two technicians sign at once; one wins.


@pytest.mark.django_db(transaction=True)
def test_two_technicians_signing_at_once_one_wins(estate, unit, engineering):
    needs_postgres()
    desk = staff(estates=[estate], roles=[roles.RECEPTIONIST], username="desk-c")
    first = staff(estates=[estate], roles=[roles.TECHNICIAN], username="t1", department=engineering)
    second = staff(
        estates=[estate], roles=[roles.TECHNICIAN], username="t2", department=engineering
    )
    order = make_order(desk, estate, unit=unit, department=engineering)
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def sign(user):
        try:
            barrier.wait()
            services.order_sign(actor=user, order=WorkOrder.objects.get(pk=order.pk))
            results[user.username] = "ok"
        except WorkOrderError as error:
            results[user.username] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(u,)) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == ["already_signed", "ok"]
    assert WorkOrderEvent.objects.filter(order=order, action="signed").count() == 1
