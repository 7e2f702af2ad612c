"""⑦ Completing a move-in once every step is done, and cancelling one."""

import datetime

import pytest
from django.utils import timezone

from checkin import services
from checkin.models import HandoverLine
from owners.models import Document, Unit
from tests.factories import property_fee

from .helpers import BASE, DRAIN, HANDED, Kind, accept, finish, receive, refused, reloaded

pytestmark = pytest.mark.django_db


# --- ⑦ completion and cancelling -----------------------------------------------------------


@pytest.mark.parametrize("status", [Unit.Status.OCCUPIED, Unit.Status.HANDED_OVER])
def test_it_completes_the_move_in(receptionist, case, unit, owner, status):
    Unit.objects.filter(pk=unit.pk).update(status=Unit.Status.UNOCCUPIED)
    finish(receptionist, case, owner)
    day = timezone.localdate() - datetime.timedelta(days=2)
    services.movein_complete(actor=receptionist, case=case, move_in_date=day, unit_status=status)
    case = reloaded(case)
    assert (case.status, case.move_in_date, case.closed_by) == ("completed", day, receptionist)
    unit.refresh_from_db()
    assert (unit.status, unit.moved_in_on) == (status, day)


def test_it_refuses_a_move_in_date_in_the_future(receptionist, case, unit, owner):
    finish(receptionist, case, owner)
    error = refused(
        "invalid",
        services.movein_complete,
        actor=receptionist,
        case=case,
        move_in_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    assert error.field == "move_in_date"
    assert reloaded(case).status == "open"
    unit.refresh_from_db()
    assert unit.moved_in_on is None


def test_it_refuses_to_complete_with_a_defect_not_signed_off(receptionist, case, unit, owner):
    receive(receptionist, case, *BASE)
    services.registration_save(actor=receptionist, case=case, owner=owner)
    services.handover_record(actor=receptionist, case=case, lines=HANDED)
    services.fee_charge(actor=receptionist, case=case, months=0)
    accept(receptionist, case, DRAIN)
    error = refused("incomplete", services.movein_complete, actor=receptionist, case=case)
    assert "厨房 · 下水" in str(error.message)
    assert reloaded(case).status == "open"


def test_it_refuses_to_complete_with_the_fee_unpaid(receptionist, case, estate, owner):
    property_fee(estate)
    receive(receptionist, case, *BASE)
    services.registration_save(actor=receptionist, case=case, owner=owner)
    services.handover_record(actor=receptionist, case=case, lines=HANDED)
    services.fee_charge(actor=receptionist, case=case)
    accept(receptionist, case)
    error = refused("incomplete", services.movein_complete, actor=receptionist, case=case)
    assert "Property fee paid" in str(error.message)


def test_it_cancels_with_a_reason(receptionist, case, unit):
    services.movein_cancel(actor=receptionist, case=case, reason=" 业主改期 ")
    case = reloaded(case)
    assert (case.status, case.cancel_reason, case.closed_by) == (
        "cancelled",
        "业主改期",
        receptionist,
    )
    unit.refresh_from_db()
    assert unit.status == Unit.Status.HANDED_OVER


def test_it_refuses_to_cancel_without_a_reason(receptionist, case):
    error = refused("invalid", services.movein_cancel, actor=receptionist, case=case, reason="  ")
    assert error.field == "reason"
    assert reloaded(case).status == "open"


def test_it_refuses_steps_on_a_cancelled_case(receptionist, case):
    services.movein_cancel(actor=receptionist, case=case, reason="业主改期")
    refused(
        "case_closed",
        services.document_receive,
        actor=receptionist,
        case=case,
        kind=Kind.ID_COPY,
        original_sighted=True,
    )
    refused("case_closed", services.handover_record, actor=receptionist, case=case, lines=HANDED)
    refused("case_closed", services.movein_cancel, actor=receptionist, case=case, reason="再取消")
    assert (Document.objects.count(), HandoverLine.objects.count()) == (0, 0)


def test_it_refuses_steps_on_a_completed_case(receptionist, supervisor, case, owner):
    finish(receptionist, case, owner)
    services.movein_complete(actor=receptionist, case=case)
    refused("case_closed", services.movein_cancel, actor=receptionist, case=case, reason="误操作")
    refused("case_closed", services.movein_complete, actor=receptionist, case=case)
    refused(
        "case_closed",
        services.document_waive,
        actor=supervisor,
        case=case,
        kind=Kind.SALES_CONTRACT,
        reason="无",
    )
    assert reloaded(case).status == "completed"
