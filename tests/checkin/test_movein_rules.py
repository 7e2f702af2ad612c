"""The rules a move-in keeps at completion: not before the ownership began, the signed
registration form and agreements in the unit's archive; and a leak test of one of its
defects timed after the defect was reported."""

import datetime

import pytest
from django.utils import timezone

from checkin import services
from checkin.models import Agreement
from owners.models import Document, Ownership
from workorders import services as wo
from workorders.models import WorkOrder

from .helpers import (
    BASE,
    HANDED,
    LEAK,
    Kind,
    accept,
    archive_signed,
    finish,
    orders_of,
    progress_of,
    receive,
    refused,
    reloaded,
)

pytestmark = pytest.mark.django_db


# --- the move-in date ----------------------------------------------------------------------


def test_it_refuses_a_move_in_date_before_the_ownership_began(receptionist, case, unit, owner):
    since = timezone.localdate() - datetime.timedelta(days=20)
    Ownership.objects.filter(unit=unit, owner=owner).update(since=since)
    finish(receptionist, case, owner)
    error = refused(
        "before_ownership",
        services.movein_complete,
        actor=receptionist,
        case=case,
        move_in_date=since - datetime.timedelta(days=1),
    )
    assert error.field == "move_in_date"
    assert since.isoformat() in error.message
    assert reloaded(case).status == "open"
    unit.refresh_from_db()
    assert unit.moved_in_on is None
    services.movein_complete(actor=receptionist, case=case, move_in_date=since)
    assert reloaded(case).move_in_date == since


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(1900, 1, 1)])
def test_it_refuses_an_implausible_move_in_date(receptionist, case, owner, day):
    finish(receptionist, case, owner)
    error = refused(
        "invalid", services.movein_complete, actor=receptionist, case=case, move_in_date=day
    )
    assert error.field == "move_in_date"
    assert reloaded(case).status == "open"


# --- the archive ------------------------------------------------------------------------------


def every_step_but_the_archive(actor, case, owner, estate) -> None:
    Agreement.objects.create(estate=estate, title="管理规约")
    Agreement.objects.create(estate=estate, title="消防安全责任书")
    receive(actor, case, *BASE)
    services.registration_save(actor=actor, case=case, owner=owner)
    services.agreements_sign(actor=actor, case=case, agreements=Agreement.objects.all())
    services.handover_record(actor=actor, case=case, lines=HANDED)
    services.fee_charge(actor=actor, case=case, months=0)
    accept(actor, case)


def test_it_refuses_to_complete_without_the_signed_papers_in_the_archive(
    receptionist, case, owner, estate
):
    every_step_but_the_archive(receptionist, case, owner, estate)
    error = refused("incomplete", services.movein_complete, actor=receptionist, case=case)
    assert "Signed household registration form" in error.message
    assert "Signed agreements" in error.message
    receive(receptionist, case, Kind.REGISTRATION_BOOK)
    error = refused("incomplete", services.movein_complete, actor=receptionist, case=case)
    assert "Signed household registration form" not in error.message
    assert "Signed agreements" in error.message
    assert reloaded(case).status == "open"
    receive(receptionist, case, Kind.AGREEMENT)
    services.movein_complete(actor=receptionist, case=case)
    assert reloaded(case).status == "completed"
    archived = Document.objects.filter(
        unit=case.unit, kind__in=[Kind.REGISTRATION_BOOK, Kind.AGREEMENT]
    )
    assert {(d.kind, d.original_sighted, d.title) for d in archived} == {
        (Kind.REGISTRATION_BOOK, True, "Signed household registration form"),
        (Kind.AGREEMENT, True, "Signed agreements"),
    }


def test_it_shows_the_signed_papers_on_the_archive_step(receptionist, case, owner, estate):
    every_step_but_the_archive(receptionist, case, owner, estate)
    lines = {line.kind: line.state for line in progress_of(case).step["archive"].lines}
    assert (lines[Kind.REGISTRATION_BOOK], lines[Kind.AGREEMENT]) == ("missing", "missing")
    archive_signed(receptionist, case)
    progress = progress_of(case)
    assert progress.step["archive"].done and progress.complete


def test_it_archives_the_signed_form_only_once_registered(receptionist, case):
    refused(
        "not_registered",
        services.document_receive,
        actor=receptionist,
        case=case,
        kind=Kind.REGISTRATION_BOOK,
        original_sighted=True,
    )
    assert not Document.objects.filter(kind=Kind.REGISTRATION_BOOK).exists()


def test_it_archives_the_agreements_only_once_all_are_signed(receptionist, case, estate):
    first = Agreement.objects.create(estate=estate, title="管理规约")
    Agreement.objects.create(estate=estate, title="消防安全责任书")
    services.agreements_sign(actor=receptionist, case=case, agreements=[first])
    refused(
        "not_signed",
        services.document_receive,
        actor=receptionist,
        case=case,
        kind=Kind.AGREEMENT,
        original_sighted=True,
    )
    assert not Document.objects.filter(kind=Kind.AGREEMENT).exists()


def test_an_estate_without_agreements_needs_none_archived(receptionist, case, owner):
    finish(receptionist, case, owner)
    assert Agreement.objects.count() == 0
    assert not Document.objects.filter(kind=Kind.AGREEMENT).exists()
    services.movein_complete(actor=receptionist, case=case)
    assert reloaded(case).status == "completed"


def test_it_still_asks_for_a_scan_or_the_original(receptionist, case, owner):
    services.registration_save(actor=receptionist, case=case, owner=owner)
    refused(
        "no_document",
        services.document_receive,
        actor=receptionist,
        case=case,
        kind=Kind.REGISTRATION_BOOK,
    )


# --- the leak test of a defect ----------------------------------------------------------------


def leak_order_in_progress(receptionist, head, case) -> WorkOrder:
    leak = services.Checked(LEAK.room, LEAK.item, True, LEAK.note, category="house_leakage")
    accept(receptionist, case, leak)
    (order,) = orders_of(case)
    order = wo.order_sign(actor=head, order=order)
    return wo.order_start(actor=head, order=order)


def test_it_refuses_a_leak_test_before_the_defect_was_reported(receptionist, head, case):
    order = leak_order_in_progress(receptionist, head, case)
    before = order.created_at - datetime.timedelta(days=1)
    error = refused(
        "bad_leak_test_time",
        wo.order_complete,
        actor=head,
        order=order,
        work_done="补做防水",
        leak_test_at=before,
    )
    assert error.field == "leak_test_at"
    order.refresh_from_db()
    assert (order.status, order.leak_test_at, order.completed_at) == ("in_progress", None, None)


def test_it_refuses_a_leak_test_still_to_come(receptionist, head, case):
    order = leak_order_in_progress(receptionist, head, case)
    refused(
        "bad_leak_test_time",
        wo.order_complete,
        actor=head,
        order=order,
        work_done="补做防水",
        leak_test_at=timezone.now() + datetime.timedelta(days=2),
    )


def test_it_takes_a_leak_test_in_the_minute_the_defect_was_reported(receptionist, head, case):
    order = leak_order_in_progress(receptionist, head, case)
    typed = order.created_at.replace(second=0, microsecond=0)  # as a datetime input sends it
    done = wo.order_complete(actor=head, order=order, work_done="补做防水", leak_test_at=typed)
    assert done.leak_test_at == typed
