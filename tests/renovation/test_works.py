"""The agreement (C), the fee gate (D), the permit and passes (E), patrols (F), completion (G)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdesk.errors import DeskError
from frontdesk.models import Notification
from owners.models import Unit
from renovation import services
from renovation.errors import NOT_VALID, RenovationError
from renovation.models import Acceptance, Patrol, Rectification, Renovation, Settings, WorkerPass

from .helpers import (
    WORKER_ID,
    apply,
    approved,
    issue_pass,
    pay_fee,
    permitted,
    png_upload,
    sign,
)

pytestmark = pytest.mark.django_db


def refused(code, call, **kwargs):
    with pytest.raises(DeskError) as raised:
        call(**kwargs)
    assert raised.value.code == code, raised.value.message
    return raised.value


@pytest.fixture
def working(receptionist, engineer, cashier, unit, fee, security_head):
    return permitted(receptionist, engineer, cashier, unit)


# --- C: the agreement ---------------------------------------------------------------------


def test_signing_fixes_the_estates_hours_and_prohibited_works(receptionist, unit, estate):
    Settings.objects.create(
        estate=estate,
        weekday_from=datetime.time(8, 30),
        weekday_until=datetime.time(18, 0),
        weekend_from=datetime.time(10, 0),
        weekend_until=datetime.time(16, 0),
        noisy_note="12:00–14:00 禁止电钻",
    )
    renovation = sign(receptionist, apply(receptionist, unit))

    assert renovation.weekday_hours == "08:30–18:00" and renovation.weekend_hours == "10:00–16:00"
    assert renovation.hours_note == "12:00–14:00 禁止电钻"
    # Frozen in the print language (Chinese) though the desk works in English.
    assert "阳台" in renovation.prohibited_text and renovation.agreement_signed_by == "张伟"
    with pytest.raises(RenovationError) as raised:
        sign(receptionist, renovation)
    assert raised.value.code == "already_signed"


def test_a_signing_date_in_the_future_is_refused(receptionist, unit):
    renovation = apply(receptionist, unit)
    refused(
        "bad_date",
        services.agreement_sign,
        actor=receptionist,
        renovation=renovation,
        signed_on=timezone.localdate() + datetime.timedelta(days=1),
        signed_by="张伟",
        contractor_signed_by="赵强",
    )
    renovation.refresh_from_db()
    assert not renovation.agreement_signed


# --- D and E: the permit waits for the agreement and the fee ------------------------------


def test_the_permit_waits_for_the_agreement(receptionist, engineer, cashier, unit, fee):
    renovation = approved(receptionist, engineer, unit)
    pay_fee(cashier, renovation)

    refused("agreement_unsigned", services.permit_issue, actor=receptionist, renovation=renovation)

    renovation.refresh_from_db()
    assert renovation.status == "approved" and renovation.permit_number == ""


def test_the_permit_waits_for_the_fee(receptionist, engineer, unit, fee):
    renovation = sign(receptionist, approved(receptionist, engineer, unit))

    refused("fee_unpaid", services.permit_issue, actor=receptionist, renovation=renovation)


def test_the_permit_is_numbered_the_unit_renovating_and_departments_told(
    receptionist, engineer, cashier, unit, fee, security_head
):
    renovation = permitted(receptionist, engineer, cashier, unit)

    assert renovation.status == "working"
    assert renovation.permit_number == f"SG{timezone.localdate().year}-000001"
    assert len(renovation.permit_code) == 8
    unit.refresh_from_db()
    assert unit.status == Unit.Status.RENOVATING and renovation.unit_status_before == "occupied"
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"engineer", "security"}
    assert "3-2-1201" in Notification.objects.first().title
    refused("already_issued", services.permit_issue, actor=receptionist, renovation=renovation)


# --- E: passes and the gate ---------------------------------------------------------------


def test_a_pass_is_valid_within_the_permits_dates(working, receptionist, guard):
    worker_pass = issue_pass(receptionist, working, photo=png_upload())

    assert worker_pass.valid_from == working.planned_start
    assert worker_pass.valid_until == working.planned_end
    assert worker_pass.id_masked.startswith("110105") and WORKER_ID not in worker_pass.id_masked
    assert services.pass_check(actor=guard, query=worker_pass.code) == worker_pass
    assert services.pass_check(actor=guard, query=worker_pass.number.lower()) == worker_pass


def test_a_pass_outside_the_permits_dates_is_refused(working, receptionist):
    with pytest.raises(RenovationError) as raised:
        issue_pass(
            receptionist, working, valid_until=working.planned_end + datetime.timedelta(days=1)
        )
    assert raised.value.code == "outside_permit" and not WorkerPass.objects.exists()


def test_a_pass_without_a_permit_is_refused(receptionist, engineer, unit, fee):
    renovation = approved(receptionist, engineer, unit)
    with pytest.raises(RenovationError) as raised:
        issue_pass(receptionist, renovation)
    assert raised.value.code == "no_permit"


def test_passes_are_limited_to_the_declared_workers(working, receptionist):
    from tests.factories import resident_id

    for n in range(working.workers):
        issue_pass(receptionist, working, id_number=resident_id(100 + n))
    with pytest.raises(RenovationError) as raised:
        issue_pass(receptionist, working)
    assert raised.value.code == "too_many_passes"


def test_more_workers_declared_with_a_reason_take_more_passes(working, receptionist, client):
    from tests.factories import resident_id

    declared = working.workers
    for n in range(declared):
        issue_pass(receptionist, working, id_number=resident_id(100 + n))
    refused(
        "below_passes",
        services.workers_change,
        actor=receptionist,
        renovation=working,
        workers=declared - 1,
        reason="少一人",
    )
    refused(
        "required",
        services.workers_change,
        actor=receptionist,
        renovation=working,
        workers=declared + 1,
        reason=" ",
    )
    client.force_login(receptionist)
    client.post(
        reverse("renovation:workers", args=[working.pk]),
        {"workers": declared + 1, "reason": "增加一名油漆工"},
    )

    working.refresh_from_db()
    assert working.workers == declared + 1
    assert working.history.first().history_change_reason == "增加一名油漆工"
    assert issue_pass(receptionist, working, id_number=resident_id(200)).status == "active"


def test_a_cashier_cannot_change_the_workers(working, cashier, client):
    refused(
        "forbidden",
        services.workers_change,
        actor=cashier,
        renovation=working,
        workers=9,
        reason="x",
    )
    client.force_login(cashier)
    response = client.post(reverse("renovation:workers", args=[working.pk]), {"workers": 9})
    assert response.status_code == 403


def test_the_guard_is_refused_a_revoked_pass(working, receptionist, guard):
    worker_pass = issue_pass(receptionist, working)
    services.pass_revoke(actor=receptionist, worker_pass=worker_pass, reason="已离场")

    with pytest.raises(RenovationError) as raised:
        services.pass_check(actor=guard, query=worker_pass.code)
    assert raised.value.code == "revoked"


def test_a_pass_expires_with_its_dates(working, receptionist, guard):
    worker_pass = issue_pass(receptionist, working)
    later = worker_pass.valid_until + datetime.timedelta(days=1)

    assert services.pass_refusal(worker_pass, today=later).code == "expired"


def test_another_estates_pass_reveals_nothing(working, receptionist, other_guard):
    worker_pass = issue_pass(receptionist, working)

    with pytest.raises(RenovationError) as raised:
        services.pass_check(actor=other_guard, query=worker_pass.code)
    assert raised.value.code == NOT_VALID
    assert worker_pass.name not in raised.value.message


def test_the_guards_lookups_are_rate_limited(guard):
    for _n in range(services.GATE_LOOKUPS_PER_MINUTE):
        with pytest.raises(RenovationError):
            services.pass_check(actor=guard, query="NOPE")
    with pytest.raises(RenovationError) as raised:
        services.pass_check(actor=guard, query="NOPE")
    assert raised.value.code == "rate_limited"


def test_only_a_guard_checks_passes(receptionist):
    with pytest.raises(RenovationError) as raised:
        services.pass_check(actor=receptionist, query="X")
    assert raised.value.code == "forbidden"


# --- F: patrols ---------------------------------------------------------------------------


def test_a_patrol_with_a_violation_issues_a_notice_and_is_rechecked(working, engineer):
    patrol = services.patrol_record(
        actor=engineer,
        renovation=working,
        outcome=Patrol.Outcome.DONE,
        problems=["load_bearing"],
        violation="拆除承重墙一处",
        photos=[png_upload()],
    )

    notice = patrol.rectification
    assert notice.number.startswith("ZG") and notice.requirement == "拆除承重墙一处"
    assert patrol.photos.count() == 1
    working.refresh_from_db()
    assert working.next_patrol_on == timezone.localdate() + datetime.timedelta(days=1)
    refused(
        "required", services.rectification_recheck, actor=engineer, notice=notice, corrected=False
    )
    services.rectification_recheck(actor=engineer, notice=notice, corrected=True, note="已恢复")
    notice.refresh_from_db()
    assert notice.status == Rectification.Status.CORRECTED


def test_the_patrol_frequency_comes_from_the_estate(working, engineer, estate):
    Settings.objects.create(estate=estate, patrol_every_days=3)
    services.patrol_record(actor=engineer, renovation=working, outcome=Patrol.Outcome.DONE)

    working.refresh_from_db()
    assert working.next_patrol_on == timezone.localdate() + datetime.timedelta(days=3)


def test_nobody_in_cannot_carry_violations(working, engineer):
    refused(
        "not_inspected",
        services.patrol_record,
        actor=engineer,
        renovation=working,
        outcome=Patrol.Outcome.NOBODY_IN,
        violation="x",
    )
    assert not Patrol.objects.exists()


def test_a_patrol_on_a_renovation_not_running_is_refused(receptionist, engineer, unit, fee):
    renovation = approved(receptionist, engineer, unit)
    refused(
        "not_running",
        services.patrol_record,
        actor=engineer,
        renovation=renovation,
        outcome=Patrol.Outcome.DONE,
    )


def test_a_cashier_cannot_patrol(working, cashier):
    refused("forbidden", services.patrol_record, actor=cashier, renovation=working, outcome="done")


# --- G: completion ------------------------------------------------------------------------


def test_completion_needs_acceptance_water_test_and_garbage_then_the_unit_returns(
    receptionist, engineer, cashier, unit, fee
):
    from .helpers import pdf_upload

    renovation = apply(receptionist, unit, checklist=services.Checklist(waterproofing=True))
    services.file_add(
        actor=receptionist, renovation=renovation, kind="waterproof_plan", upload=pdf_upload()
    )
    renovation = services.renovation_approve(actor=engineer, renovation=renovation)
    pay_fee(cashier, renovation)
    sign(receptionist, renovation)
    renovation = services.permit_issue(actor=receptionist, renovation=renovation)

    error = refused(
        "not_ready", services.renovation_close, actor=receptionist, renovation=renovation
    )
    assert "closed-water test" in error.message

    refused(
        "required",
        services.acceptance_record,
        actor=engineer,
        renovation=renovation,
        grade=Acceptance.Grade.FAILED,
    )
    first = services.acceptance_record(
        actor=engineer, renovation=renovation, grade="failed", findings="卫生间地漏坡度不够"
    )
    second = services.acceptance_record(
        actor=engineer, renovation=renovation, grade="passed", garbage_cleared=True
    )
    assert (first.attempt, second.attempt) == (1, 2)
    refused(
        "too_short",
        services.water_test_record,
        actor=engineer,
        renovation=renovation,
        on=timezone.localdate(),
        hours=12,
        passed=True,
    )
    services.water_test_record(
        actor=engineer, renovation=renovation, on=timezone.localdate(), hours=48, passed=True
    )

    closed = services.renovation_close(actor=receptionist, renovation=renovation)

    assert closed.status == Renovation.Status.COMPLETED
    unit.refresh_from_db()
    assert unit.status == "occupied"
    refused(
        "not_running",
        services.patrol_record,
        actor=engineer,
        renovation=closed,
        outcome=Patrol.Outcome.DONE,
    )


def test_a_third_acceptance_attempt_is_refused(working, engineer):
    for _n in range(2):
        services.acceptance_record(actor=engineer, renovation=working, grade="failed", findings="x")
    refused(
        "no_attempts_left",
        services.acceptance_record,
        actor=engineer,
        renovation=working,
        grade="passed",
    )


def test_an_open_rectification_blocks_closing(working, engineer, receptionist):
    services.patrol_record(actor=engineer, renovation=working, outcome="done", violation="门外移")
    services.acceptance_record(
        actor=engineer, renovation=working, grade="passed", garbage_cleared=True
    )

    error = refused("not_ready", services.renovation_close, actor=receptionist, renovation=working)
    assert "rectification" in error.message


def test_passes_expire_when_the_renovation_closes(working, engineer, receptionist, guard):
    worker_pass = issue_pass(receptionist, working)
    services.acceptance_record(
        actor=engineer, renovation=working, grade="passed", garbage_cleared=True
    )
    services.renovation_close(actor=receptionist, renovation=working)

    with pytest.raises(RenovationError) as raised:
        services.pass_check(actor=guard, query=worker_pass.code)
    assert raised.value.code == "expired"


# --- the morning notices ------------------------------------------------------------------


def test_the_daily_notices_go_once_per_estate_and_day(working, engineer, receptionist):
    from renovation.tasks import daily_sweep

    Renovation.objects.filter(pk=working.pk).update(
        planned_end=timezone.localdate() + datetime.timedelta(days=1)
    )
    assert daily_sweep() == 1
    assert daily_sweep() == 0
    titles = list(Notification.objects.values_list("user__username", "title"))
    assert any(user == "engineer" and "patrols are due" in title for user, title in titles)
    assert any(user == "reception" and "permits end" in title for user, title in titles)
