"""Revisits created by rule: one per completed order, whatever arrives twice, with the right
deadline in local time; lost events caught by the sweep."""

import datetime

import pytest
from django.utils import timezone

from frontdesk import roles
from frontdesk.models import Notification
from revisits import services
from revisits.choices import CountedFrom, Status
from revisits.models import Revisit, RevisitRule
from revisits.receivers import on_order_completed
from revisits.tasks import revisits_sweep
from tests.factories import staff
from workorders import services as order_services
from workorders.choices import Category, Kind

from .helpers import complete_through_flow, completed_order, local, revisit_of

pytestmark = pytest.mark.django_db


def test_it_creates_the_revisit_when_an_order_completes(
    receptionist, tech, estate, unit, engineering, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = complete_through_flow(
            desk=receptionist, tech=tech, estate=estate, unit=unit, department=engineering
        )
    revisit = revisit_of(order)
    order.refresh_from_db()
    assert revisit.estate == estate
    assert revisit.unit == unit
    assert revisit.department == engineering
    assert revisit.technician == tech
    assert revisit.category == Category.PLUMBING
    assert revisit.counted_from == order.completed_at
    assert revisit.due_at == services.due_at(order.completed_at, 2)
    assert revisit.status == Status.PENDING
    assert revisit.history.count() == 1


def test_it_creates_one_revisit_whatever_arrives_twice(estate, unit):
    order = completed_order(estate, unit=unit)
    on_order_completed(sender=None, order_id=order.pk)
    on_order_completed(sender=None, order_id=order.pk)
    revisits_sweep()
    assert Revisit.objects.filter(work_order=order).count() == 1


def test_it_counts_a_leak_repair_from_its_leak_test(estate, unit):
    leak_test = local(2026, 3, 10, 9, 0)
    order = completed_order(
        estate,
        unit=unit,
        category=Category.HOUSE_LEAKAGE,
        leak_test_at=leak_test,
        completed_at=local(2026, 3, 11, 15, 0),
    )
    revisit = services.revisit_for_order(order_id=order.pk)
    assert revisit.counted_from == leak_test
    assert revisit.due_at == local(2026, 3, 14, 0, 0)  # within 3 days: the end of the 13th


def test_it_gives_safety_facilities_and_other_repairs_two_days(estate):
    done = local(2026, 5, 6, 10, 0)
    safety = completed_order(estate, category=Category.SAFETY_FACILITY, completed_at=done)
    lift = completed_order(estate, category=Category.LIFT, completed_at=done)
    for order in (safety, lift):
        assert services.revisit_for_order(order_id=order.pk).due_at == local(2026, 5, 9, 0, 0)


def test_it_follows_the_estates_own_rule(estate):
    RevisitRule.objects.create(
        estate=estate,
        category=Category.ELECTRICAL,
        days=5,
        counted_from=CountedFrom.COMPLETION,
        safety_facility=True,
    )
    order = completed_order(estate, category=Category.ELECTRICAL, completed_at=local(2026, 5, 6))
    assert services.revisit_for_order(order_id=order.pk).due_at == local(2026, 5, 12, 0, 0)


def test_it_revisits_engineering_orders_but_not_coordination_sheets(estate):
    engineering = completed_order(estate, kind=Kind.ENGINEERING)
    sheet = completed_order(estate, kind=Kind.COORDINATION)
    assert services.revisit_for_order(order_id=engineering.pk) is not None
    assert services.revisit_for_order(order_id=sheet.pk) is None
    revisits_sweep()
    assert not Revisit.objects.filter(work_order=sheet).exists()


def test_it_creates_no_revisit_for_an_order_not_completed(estate):
    order = completed_order(estate, status="in_progress", completed_at=None)
    assert services.revisit_for_order(order_id=order.pk) is None


@pytest.mark.parametrize(
    ("completed", "due"),
    [
        # 23:50 on New Year's Eve, local: two days are the 1st and the 2nd.
        (local(2026, 12, 31, 23, 50), local(2027, 1, 3, 0, 0)),
        # 00:30 local on the 1st is still the 31st in UTC: the local day counts.
        (datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC), local(2027, 1, 4, 0, 0)),
        # February's end.
        (local(2027, 2, 27, 23, 59), local(2027, 3, 2, 0, 0)),
        (local(2028, 2, 28, 8, 0), local(2028, 3, 2, 0, 0)),  # a leap year
        # Just after midnight at a month's end.
        (local(2026, 4, 30, 0, 1), local(2026, 5, 3, 0, 0)),
    ],
)
def test_it_sets_deadlines_in_shanghai_local_days(estate, completed, due):
    order = completed_order(estate, completed_at=completed)
    assert services.revisit_for_order(order_id=order.pk).due_at == due


def test_it_moves_an_open_revisits_deadline_when_a_reopened_order_completes_again(
    receptionist, tech, estate, unit, engineering, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = complete_through_flow(
            desk=receptionist, tech=tech, estate=estate, unit=unit, department=engineering
        )
    first_due = revisit_of(order).due_at
    order_services.order_reopen(actor=receptionist, order=order, reason="还在漏")
    order.completed_at = None
    later = timezone.now() + datetime.timedelta(days=3)
    order.refresh_from_db()
    order.status = "completed"
    order.completed_at = later
    order.save()
    services.revisit_for_order(order_id=order.pk)
    revisit = revisit_of(order)
    assert revisit.due_at == services.due_at(later, 2) != first_due
    assert Revisit.objects.filter(work_order=order).count() == 1


# The sweep


def test_the_sweep_creates_the_revisit_of_an_order_whose_event_was_lost(
    receptionist, tech, estate, unit, engineering
):
    # No on-commit callbacks run here: the event is lost, as with a broker outage.
    order = complete_through_flow(
        desk=receptionist, tech=tech, estate=estate, unit=unit, department=engineering
    )
    assert not Revisit.objects.filter(work_order=order).exists()
    result = revisits_sweep()
    assert result["created"] == 1
    revisit = revisit_of(order)
    assert revisit.technician == tech
    assert revisit.history.count() == 1
    assert revisits_sweep()["created"] == 0


def test_the_sweep_marks_due_soon_and_overdue(estate):
    now = timezone.now()
    soon = completed_order(estate, completed_at=now - datetime.timedelta(days=2))
    late = completed_order(estate, completed_at=now - datetime.timedelta(days=5))
    fresh = completed_order(estate, completed_at=now)
    revisits_sweep()
    assert revisit_of(late).status == Status.OVERDUE
    assert revisit_of(soon).status in (Status.DUE_SOON, Status.OVERDUE)
    assert revisit_of(fresh).status == Status.PENDING
    services.revisits_sweep(now=now + datetime.timedelta(days=10))
    assert revisit_of(fresh).status == Status.OVERDUE
    assert revisit_of(fresh).history.first().status == Status.OVERDUE


def test_the_sweep_twice_notifies_once_per_change(estate, supervisor, receptionist):
    other_supervisor = staff(estates=[estate], roles=[roles.CS_SUPERVISOR], username="sup2")
    done = local(2026, 6, 1, 10, 0)  # due by the end of 3 June
    order = completed_order(estate, completed_at=done)
    services.revisits_sweep(now=local(2026, 6, 2, 12, 0))  # created: pending
    assert Notification.objects.count() == 0
    services.revisits_sweep(now=local(2026, 6, 3, 8, 0))  # due soon
    services.revisits_sweep(now=local(2026, 6, 3, 8, 15))
    assert Notification.objects.filter(user=supervisor).count() == 1
    assert Notification.objects.filter(user=other_supervisor).count() == 1
    assert not Notification.objects.filter(user=receptionist).exists()
    assert "due soon" in Notification.objects.filter(user=supervisor).get().title
    services.revisits_sweep(now=local(2026, 6, 4, 0, 15))  # overdue
    services.revisits_sweep(now=local(2026, 6, 4, 0, 30))
    titles = list(Notification.objects.filter(user=supervisor).values_list("title", flat=True))
    assert len(titles) == 2
    assert any("overdue" in title for title in titles)
    assert revisit_of(order).notified_status == Status.OVERDUE


def test_the_sweep_sends_one_notification_per_estate_not_a_flood(estate, supervisor):
    for _n in range(30):
        completed_order(estate, completed_at=local(2026, 6, 1, 10, 0))
    services.revisits_sweep(now=local(2026, 6, 10, 0, 0))
    notification = Notification.objects.get(user=supervisor)
    assert "30 return visits overdue" in notification.title
    assert "and 20 more" in notification.body


def test_the_sweep_does_not_tell_another_estates_supervisor(estate, other_supervisor):
    completed_order(estate, completed_at=local(2026, 6, 1, 10, 0))
    services.revisits_sweep(now=local(2026, 6, 10, 0, 0))
    assert not Notification.objects.filter(user=other_supervisor).exists()


def test_the_sweep_leaves_done_revisits_alone(estate, supervisor):
    order = completed_order(estate, completed_at=local(2026, 6, 1, 10, 0))
    revisit = services.revisit_for_order(order_id=order.pk, now=local(2026, 6, 1, 11, 0))
    services.revisit_exempt(actor=supervisor, revisit=revisit, reason="业主长期不在")
    services.revisits_sweep(now=local(2026, 6, 10, 0, 0))
    assert revisit_of(order).status == Status.EXEMPTED
    assert Notification.objects.count() == 0


def test_the_beat_schedule_runs_the_sweep_every_15_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["revisits-sweep"]
    assert entry["task"] == "revisits.tasks.revisits_sweep"
    assert entry["schedule"].minute == {0, 15, 30, 45}
