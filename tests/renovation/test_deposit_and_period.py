"""The renovation's deposit and pass fee (through fees), extensions, the suspension after a
violation not corrected, and the papers archived in the household file on completion."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fees import services as fee_services
from fees.models import Charge, Deposit, FeeType
from frontdesk.errors import DeskError
from owners.models import Document
from renovation import services
from renovation.models import PeriodChange, Renovation, Settings, WorkerPass
from tests.factories import resident_id

from .helpers import approved, issue_pass, pay_fee, permitted, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(estate, fee):
    deposit_type = FeeType.objects.create(
        estate=estate, kind=FeeType.Kind.DEPOSIT, name="装修押金", basis=FeeType.Basis.FIXED
    )
    pass_type = FeeType.objects.create(
        estate=estate, kind=FeeType.Kind.OTHER, name="出入证工本费", basis=FeeType.Basis.FIXED
    )
    return Settings.objects.create(
        estate=estate,
        deposit_fee_type=deposit_type,
        deposit_amount=Decimal("2000.00"),
        deposit_hold_days=30,
        pass_fee_type=pass_type,
        pass_fee=Decimal("10.00"),
    )


def _pay(cashier, charge: Charge) -> None:
    charge.refresh_from_db()
    fee_services.payment_take(
        actor=cashier, unit=charge.unit, amount=charge.outstanding, method="cash"
    )


def _working_with_deposit(receptionist, engineer, cashier, unit) -> Renovation:
    renovation = approved(receptionist, engineer, unit)
    pay_fee(cashier, renovation)
    renovation = sign(receptionist, renovation)
    _pay(cashier, renovation.deposit.charge)
    return services.permit_issue(actor=receptionist, renovation=renovation)


def _completed(receptionist, engineer, renovation) -> Renovation:
    services.acceptance_record(
        actor=engineer, renovation=renovation, grade="passed", garbage_cleared=True
    )
    return services.renovation_close(actor=receptionist, renovation=renovation)


def _held_over(renovation: Renovation, days: int = 31) -> Renovation:
    Renovation.objects.filter(pk=renovation.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=days)
    )
    return Renovation.objects.select_related("deposit__charge").get(pk=renovation.pk)


# --- the deposit -------------------------------------------------------------------------


def test_signing_demands_the_estates_deposit_and_the_permit_waits_for_it(
    receptionist, engineer, cashier, unit, rules
):
    renovation = approved(receptionist, engineer, unit)
    pay_fee(cashier, renovation)
    renovation = sign(receptionist, renovation)

    deposit = renovation.deposit
    assert deposit.amount == Decimal("2000.00") and deposit.unit == unit
    assert deposit.charge.fee_type == rules.deposit_fee_type
    assert deposit.payer_name == "张伟"
    with pytest.raises(DeskError) as refused:
        services.permit_issue(actor=receptionist, renovation=renovation)
    assert refused.value.code == "deposit_unpaid" and "2000.00" in refused.value.message
    assert Renovation.objects.get(pk=renovation.pk).permit_number == ""

    _pay(cashier, deposit.charge)
    renovation = services.permit_issue(actor=receptionist, renovation=renovation)
    assert renovation.status == Renovation.Status.WORKING


def test_an_estate_without_deposit_settings_asks_for_none(
    receptionist, engineer, cashier, unit, fee
):
    renovation = permitted(receptionist, engineer, cashier, unit)

    assert renovation.deposit is None and renovation.status == Renovation.Status.WORKING
    assert not Deposit.objects.exists()


def test_the_refund_waits_for_completion_and_the_holding_period(
    receptionist, supervisor, engineer, cashier, unit, rules
):
    renovation = _working_with_deposit(receptionist, engineer, cashier, unit)
    refund = {"deductions": [], "refund_to": "张伟", "refund_method": "cash"}

    with pytest.raises(DeskError) as running:
        services.deposit_refund(actor=supervisor, renovation=renovation, **refund)
    renovation = _completed(receptionist, engineer, renovation)
    with pytest.raises(DeskError) as held:
        services.deposit_refund(actor=supervisor, renovation=renovation, **refund)

    assert running.value.code == "not_closed"
    due = timezone.localdate() + datetime.timedelta(days=30)
    assert held.value.code == "held" and due.isoformat() in held.value.message
    assert Deposit.objects.get().status == Deposit.Status.OPEN


def test_a_supervisor_refunds_less_an_itemised_deduction(
    receptionist, supervisor, engineer, cashier, unit, rules
):
    renovation = _held_over(
        _completed(
            receptionist, engineer, _working_with_deposit(receptionist, engineer, cashier, unit)
        )
    )

    deposit = services.deposit_refund(
        actor=supervisor,
        renovation=renovation,
        deductions=[services.DeductionInput("damage", "350.00", "电梯轿厢划伤")],
        refund_to="张伟",
        refund_method="cash",
    )

    assert deposit.status == Deposit.Status.SETTLED
    assert deposit.deducted == Decimal("350.00") and deposit.refunded == Decimal("1650.00")
    assert deposit.refund_number.startswith("TK")
    assert [d.reason for d in deposit.deductions.all()] == ["电梯轿厢划伤"]


@pytest.mark.parametrize(
    ("who", "deductions", "code"),
    [
        ("receptionist", [], "forbidden"),
        ("supervisor", [("damage", "2000.01", "损坏")], "too_much"),
        ("supervisor", [("damage", "100", "")], "no_reason"),
    ],
)
def test_a_bad_refund_changes_nothing(
    request, receptionist, supervisor, engineer, cashier, unit, rules, who, deductions, code
):
    renovation = _held_over(
        _completed(
            receptionist, engineer, _working_with_deposit(receptionist, engineer, cashier, unit)
        )
    )

    with pytest.raises(DeskError) as refused:
        services.deposit_refund(
            actor=request.getfixturevalue(who),
            renovation=renovation,
            deductions=[services.DeductionInput(*row) for row in deductions],
            refund_to="张伟",
            refund_method="cash",
        )

    assert refused.value.code == code
    deposit = Deposit.objects.get()
    assert deposit.status == Deposit.Status.OPEN and not deposit.deductions.exists()


def test_the_deposit_goes_back_only_to_the_payer_the_applicant_or_an_owner(
    client, receptionist, supervisor, engineer, cashier, unit, rules
):
    renovation = _held_over(
        _completed(
            receptionist, engineer, _working_with_deposit(receptionist, engineer, cashier, unit)
        )
    )
    stranger = {"deductions": [], "refund_to": "路人甲", "refund_method": "cash"}

    with pytest.raises(DeskError) as refused:
        services.deposit_refund(actor=supervisor, renovation=renovation, **stranger)
    client.force_login(supervisor)
    page = client.get(renovation.get_absolute_url()).content.decode()
    posted = client.post(
        reverse("renovation:deposit-refund", args=[renovation.pk]),
        {"refund_to": "路人甲", "refund_method": "cash"},
    )

    assert refused.value.code == "refund_to" and "张伟" in refused.value.message
    assert '<option value="张伟"' in page and "路人甲" not in page
    assert posted.status_code == 400
    assert Deposit.objects.get().status == Deposit.Status.OPEN


def test_withdrawing_cancels_an_unpaid_deposit_when_a_supervisor_does_it(
    receptionist, supervisor, engineer, unit, rules
):
    renovation = sign(receptionist, approved(receptionist, engineer, unit))

    services.renovation_withdraw(actor=supervisor, renovation=renovation, reason="业主不装了")

    deposit = Deposit.objects.get()
    assert deposit.status == Deposit.Status.CANCELLED
    assert deposit.charge.status == Charge.Status.WAIVED


def test_a_withdrawn_renovations_paid_deposit_is_refundable_at_once(
    receptionist, supervisor, engineer, cashier, unit, rules
):
    renovation = sign(receptionist, approved(receptionist, engineer, unit))
    _pay(cashier, renovation.deposit.charge)
    services.renovation_withdraw(actor=receptionist, renovation=renovation, reason="业主不装了")
    renovation = Renovation.objects.get(pk=renovation.pk)

    deposit = services.deposit_refund(
        actor=supervisor,
        renovation=renovation,
        deductions=[],
        refund_to="张伟",
        refund_method="cash",
    )

    assert deposit.refunded == Decimal("2000.00")


def test_each_pass_charges_the_estates_pass_fee(receptionist, engineer, cashier, unit, rules):
    renovation = _working_with_deposit(receptionist, engineer, cashier, unit)

    worker_pass = issue_pass(receptionist, renovation)

    charge = Charge.objects.get(fee_type=rules.pass_fee_type)
    assert charge.amount == Decimal("10.00") and charge.unit == unit
    assert worker_pass.number in charge.description


# --- the period --------------------------------------------------------------------------


def test_an_extension_moves_the_end_and_the_passes_that_ran_to_it(
    receptionist, engineer, cashier, unit, fee
):
    renovation = permitted(receptionist, engineer, cashier, unit)
    old_end = renovation.planned_end
    full = issue_pass(receptionist, renovation)
    short = issue_pass(
        receptionist,
        renovation,
        id_number=resident_id(41),
        valid_until=old_end - datetime.timedelta(days=10),
    )
    new_end = old_end + datetime.timedelta(days=20)

    change = services.renovation_extend(
        actor=receptionist, renovation=renovation, new_end=new_end, reason="瓷砖到货延误"
    )

    assert change.kind == PeriodChange.Kind.EXTENSION and change.days == 20
    assert Renovation.objects.get(pk=renovation.pk).planned_end == new_end
    assert WorkerPass.objects.get(pk=full.pk).valid_until == new_end
    assert WorkerPass.objects.get(pk=short.pk).valid_until == short.valid_until


@pytest.mark.parametrize(
    ("days", "reason", "code"),
    [
        (0, "延误", "not_later"),
        (-5, "延误", "not_later"),
        (10, "", "required"),
        (900, "延误", "too_long"),
    ],
)
def test_a_bad_extension_changes_nothing(
    receptionist, engineer, cashier, unit, fee, days, reason, code
):
    renovation = permitted(receptionist, engineer, cashier, unit)
    end = renovation.planned_end

    with pytest.raises(DeskError) as refused:
        services.renovation_extend(
            actor=receptionist,
            renovation=renovation,
            new_end=end + datetime.timedelta(days=days),
            reason=reason,
        )

    assert refused.value.code == code
    assert Renovation.objects.get(pk=renovation.pk).planned_end == end
    assert not PeriodChange.objects.exists()


def _violation(engineer, renovation):
    patrol = services.patrol_record(
        actor=engineer,
        renovation=renovation,
        outcome="done",
        problems=["load_bearing"],
        violation="拆改承重墙",
        requirement="恢复原状",
    )
    return patrol.rectification


def test_a_violation_not_corrected_suspends_the_works(
    receptionist, engineer, cashier, unit, fee, client, guard
):
    renovation = permitted(receptionist, engineer, cashier, unit)
    worker_pass = issue_pass(receptionist, renovation)
    notice = _violation(engineer, renovation)

    services.rectification_recheck(actor=engineer, notice=notice, corrected=False, note="仍未恢复")

    renovation = Renovation.objects.get(pk=renovation.pk)
    assert renovation.status == Renovation.Status.SUSPENDED
    assert renovation.suspended_on == timezone.localdate()
    change = PeriodChange.objects.get()
    assert change.kind == PeriodChange.Kind.SUSPENSION and notice.number in change.reason
    client.force_login(guard)
    refused = client.get(reverse("renovation:gate") + f"?q={worker_pass.code}")
    assert "suspended" in refused.content.decode() and "刘师傅" not in refused.content.decode()
    with pytest.raises(DeskError) as no_pass:
        issue_pass(receptionist, renovation, id_number=resident_id(42))
    assert no_pass.value.code == "suspended"
    with pytest.raises(DeskError):
        services.acceptance_record(actor=engineer, renovation=renovation, grade="passed")


def test_resuming_adds_the_suspended_days_to_the_period(
    receptionist, supervisor, engineer, cashier, unit, fee
):
    renovation = permitted(receptionist, engineer, cashier, unit)
    worker_pass = issue_pass(receptionist, renovation)
    end = renovation.planned_end
    services.rectification_recheck(
        actor=engineer, notice=_violation(engineer, renovation), corrected=False, note="仍未恢复"
    )
    PeriodChange.objects.update(started_on=timezone.localdate() - datetime.timedelta(days=4))

    with pytest.raises(DeskError) as receptionist_refused:
        services.renovation_resume(actor=receptionist, renovation=renovation, note="已恢复")
    change = services.renovation_resume(actor=supervisor, renovation=renovation, note="已恢复原状")

    assert receptionist_refused.value.code == "forbidden"
    renovation = Renovation.objects.get(pk=renovation.pk)
    assert renovation.status == Renovation.Status.WORKING and renovation.suspended_on is None
    assert renovation.planned_end == end + datetime.timedelta(days=4)
    assert change.days == 4 and change.resumed_by == supervisor
    assert WorkerPass.objects.get(pk=worker_pass.pk).valid_until == renovation.planned_end


def test_patrols_go_on_while_suspended(receptionist, engineer, cashier, unit, fee):
    renovation = permitted(receptionist, engineer, cashier, unit)
    services.rectification_recheck(
        actor=engineer, notice=_violation(engineer, renovation), corrected=False, note="仍未恢复"
    )

    patrol = services.patrol_record(actor=engineer, renovation=renovation, outcome="done")

    assert patrol.pk and Renovation.objects.get(pk=renovation.pk).status == "suspended"


# --- the household file ------------------------------------------------------------------


def test_completion_files_the_papers_in_the_household_archive(
    receptionist, engineer, cashier, unit, fee
):
    renovation = permitted(receptionist, engineer, cashier, unit)

    _completed(receptionist, engineer, renovation)

    documents = Document.objects.filter(unit=unit).order_by("pk")
    titles = [d.title for d in documents]
    assert any(renovation.number in t and "agreement" in t for t in titles)
    assert any(renovation.permit_number in t for t in titles)
    assert any("plan" in t.lower() for t in titles)
    agreement = documents.get(kind=Document.Kind.AGREEMENT)
    assert agreement.source == Renovation.objects.get(pk=renovation.pk)
    assert agreement.file.open("rb").read(5) == b"%PDF-"


# --- the pages ---------------------------------------------------------------------------


def test_the_page_shows_the_deposit_and_offers_the_refund_once_due(
    client, receptionist, supervisor, engineer, cashier, unit, rules
):
    renovation = _completed(
        receptionist, engineer, _working_with_deposit(receptionist, engineer, cashier, unit)
    )
    client.force_login(supervisor)
    url = renovation.get_absolute_url()

    during = client.get(url).content.decode()
    _held_over(renovation)
    after = client.get(url).content.decode()
    client.force_login(receptionist)
    desk = client.get(url).content.decode()

    assert 'data-testid="deposit"' in during and "refund-form" not in during
    assert "refund-form" in after
    assert 'data-testid="deposit"' in desk and "refund-form" not in desk


def test_a_refused_refund_keeps_the_typed_deductions_and_changes_nothing(
    client, receptionist, supervisor, engineer, cashier, unit, rules
):
    renovation = _held_over(
        _completed(
            receptionist, engineer, _working_with_deposit(receptionist, engineer, cashier, unit)
        )
    )
    client.force_login(supervisor)
    data = {
        "refund_to": "张伟",
        "refund_method": "cash",
        "deduction_1_kind": "damage",
        "deduction_1_amount": "2500",
        "deduction_1_reason": "电梯划伤",
    }

    refused = client.post(reverse("renovation:deposit-refund", args=[renovation.pk]), data)
    done = client.post(
        reverse("renovation:deposit-refund", args=[renovation.pk]),
        {**data, "deduction_1_amount": "300"},
    )
    again = client.post(
        reverse("renovation:deposit-refund", args=[renovation.pk]),
        {**data, "deduction_1_amount": "300"},
        follow=True,
    )

    assert refused.status_code == 400
    assert "电梯划伤" in refused.content.decode() and "2000.00" in refused.content.decode()
    assert done.status_code == 302
    assert "already refunded" in again.content.decode()
    assert Deposit.objects.get().refunded == Decimal("1700.00")


def test_extend_and_resume_from_the_page(
    client, receptionist, supervisor, engineer, cashier, unit, fee
):
    renovation = permitted(receptionist, engineer, cashier, unit)
    new_end = renovation.planned_end + datetime.timedelta(days=7)
    client.force_login(receptionist)

    client.post(
        reverse("renovation:extend", args=[renovation.pk]),
        {"new_end": new_end.isoformat(), "reason": "材料延误"},
    )
    services.rectification_recheck(
        actor=engineer, notice=_violation(engineer, renovation), corrected=False, note="未改"
    )
    forbidden = client.post(reverse("renovation:resume", args=[renovation.pk]), {"note": "改了"})
    client.force_login(supervisor)
    page = client.get(renovation.get_absolute_url()).content.decode()
    client.post(reverse("renovation:resume", args=[renovation.pk]), {"note": "已恢复"})

    assert forbidden.status_code == 403
    assert 'data-testid="suspended"' in page and "resume-form" in page
    renovation = Renovation.objects.get(pk=renovation.pk)
    assert renovation.planned_end == new_end and renovation.status == "working"


# --- found on a walk as a new and careless user ------------------------------------------


def test_the_garbage_cleared_is_a_step_of_its_own(receptionist, engineer, cashier, unit, fee):
    renovation = permitted(receptionist, engineer, cashier, unit)
    services.acceptance_record(actor=engineer, renovation=renovation, grade="passed")
    assert "garbage" in " ".join(services.closing_blockers(renovation))

    services.garbage_cleared_record(actor=receptionist, renovation=renovation)
    closed = services.renovation_close(actor=receptionist, renovation=renovation)

    assert closed.status == Renovation.Status.COMPLETED


def test_after_two_failed_acceptances_only_the_supervisor_inspects_again(
    receptionist, supervisor, engineer, cashier, unit, fee
):
    renovation = permitted(receptionist, engineer, cashier, unit)
    for _n in range(2):
        services.acceptance_record(
            actor=engineer, renovation=renovation, grade="failed", findings="墙面开裂"
        )

    with pytest.raises(DeskError) as refused:
        services.acceptance_record(actor=engineer, renovation=renovation, grade="passed")
    third = services.acceptance_record(actor=supervisor, renovation=renovation, grade="passed")

    assert refused.value.code == "no_attempts_left" and third.attempt == 3


def test_a_worker_holds_one_pass_and_a_notice_is_due_within_30_days(
    receptionist, engineer, cashier, unit, fee
):
    renovation = permitted(receptionist, engineer, cashier, unit)
    first = issue_pass(receptionist, renovation)

    with pytest.raises(DeskError) as twice:
        issue_pass(receptionist, renovation)
    with pytest.raises(DeskError) as far:
        services.patrol_record(
            actor=engineer,
            renovation=renovation,
            outcome="done",
            problems=["gas"],
            correct_by=timezone.localdate() + datetime.timedelta(days=31),
        )

    assert twice.value.code == "already_holds" and first.number in twice.value.message
    assert far.value.code == "bad_date" and not renovation.patrols.exists()
    notice = services.patrol_record(
        actor=engineer, renovation=renovation, outcome="done", problems=["gas"]
    ).rectification
    assert notice.requirement == "Put right: Gas pipes or flues altered"
