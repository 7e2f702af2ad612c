"""The gate: find by number or code, use once, refusals that say only why; the sweep."""

import datetime

import pytest
from django.utils import timezone

from frontdesk.errors import DeskError
from frontdesk.models import Notification
from releases import services, tasks
from releases.errors import NOT_VALID, ReleaseError
from releases.models import ReconciliationFlag, ReleaseItem, ReleaseSlip
from tests.factories import staff

from .helpers import request_slip

pytestmark = pytest.mark.django_db


def checks(slip, held=()):
    return [
        services.ItemCheck(item.pk, item.pk not in held, "与清单不符" if item.pk in held else "")
        for item in slip.items.all()
    ]


def code_of(call):
    with pytest.raises(DeskError) as caught:
        call()
    return caught.value.code


def test_it_finds_a_slip_by_number_or_code(receptionist, guard, unit):
    slip = request_slip(receptionist, unit)

    assert services.gate_find(actor=guard, query=slip.number) == slip
    assert services.gate_find(actor=guard, query=f" {slip.code.lower()} ") == slip


def test_it_uses_a_slip_once_holding_back_an_item(receptionist, guard, unit):
    slip = request_slip(receptionist, unit)
    sofa = slip.items.get(description="沙发")

    used = services.gate_use(
        actor=guard, slip_id=slip.pk, checks=checks(slip, {sofa.pk}), gate="东门"
    )

    assert (used.status, used.used_by, used.gate) == (ReleaseSlip.Status.USED, guard, "东门")
    assert dict(slip.items.values_list("description", "outcome")) == {
        "沙发": ReleaseItem.Outcome.HELD,
        "纸箱": ReleaseItem.Outcome.RELEASED,
    }
    assert code_of(lambda: services.gate_find(actor=guard, query=slip.code)) == "used"
    assert (
        code_of(lambda: services.gate_use(actor=guard, slip_id=slip.pk, checks=checks(slip)))
        == "used"
    )


def test_a_held_item_needs_a_note_and_every_item_a_mark(receptionist, guard, unit):
    slip = request_slip(receptionist, unit)
    sofa = slip.items.get(description="沙发")
    no_note = [services.ItemCheck(i.pk, i.pk != sofa.pk) for i in slip.items.all()]

    assert (
        code_of(lambda: services.gate_use(actor=guard, slip_id=slip.pk, checks=no_note))
        == "no_note"
    )
    assert (
        code_of(lambda: services.gate_use(actor=guard, slip_id=slip.pk, checks=checks(slip)[:1]))
        == "items_unchecked"
    )
    slip.refresh_from_db()
    assert slip.status == ReleaseSlip.Status.ISSUED


def test_unknown_and_other_estate_get_the_same_answer(receptionist, guard, other_guard, unit):
    slip = request_slip(receptionist, unit)

    unknown = code_of(lambda: services.gate_find(actor=guard, query="ZZZZ2222"))
    other = code_of(lambda: services.gate_find(actor=other_guard, query=slip.code))
    other_use = code_of(
        lambda: services.gate_use(actor=other_guard, slip_id=slip.pk, checks=checks(slip))
    )

    assert unknown == other == other_use == NOT_VALID


def test_it_refuses_cancelled_expired_and_waiting_slips(receptionist, guard, unit):
    cancelled = services.slip_cancel(
        actor=receptionist, slip=request_slip(receptionist, unit), reason="改期"
    )
    expired = request_slip(receptionist, unit)
    ReleaseSlip.objects.filter(pk=expired.pk).update(
        valid_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    waiting = request_slip(receptionist, unit, relation=ReleaseSlip.Relation.TENANT)

    assert code_of(lambda: services.gate_find(actor=guard, query=cancelled.code)) == "cancelled"
    assert code_of(lambda: services.gate_find(actor=guard, query=expired.code)) == "expired"
    assert (
        code_of(lambda: services.gate_use(actor=guard, slip_id=waiting.pk, checks=[])) == NOT_VALID
    )


def test_only_guards_check_slips(receptionist, unit):
    slip = request_slip(receptionist, unit)

    assert code_of(lambda: services.gate_find(actor=receptionist, query=slip.code)) == "forbidden"
    assert (
        code_of(lambda: services.gate_use(actor=receptionist, slip_id=slip.pk, checks=checks(slip)))
        == "forbidden"
    )


def test_lookups_are_rate_limited_per_guard(estate, guard):
    for _ in range(services.GATE_LOOKUPS_PER_MINUTE):
        assert code_of(lambda: services.gate_find(actor=guard, query="AAAA2222")) == NOT_VALID

    assert code_of(lambda: services.gate_find(actor=guard, query="AAAA2222")) == "rate_limited"
    another = staff(estates=[estate], roles=["Security Guard"], username="guard-2")
    assert code_of(lambda: services.gate_find(actor=another, query="AAAA2222")) == NOT_VALID


def test_the_sweep_expires_past_slips_once(receptionist, guard, unit):
    past = request_slip(receptionist, unit)
    waiting = request_slip(receptionist, unit, relation=ReleaseSlip.Relation.TENANT)
    today = request_slip(receptionist, unit)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ReleaseSlip.objects.filter(pk__in=[past.pk, waiting.pk]).update(valid_on=yesterday)

    assert tasks.expiry_sweep.delay().get() == 2
    assert tasks.expiry_sweep.delay().get() == 0

    statuses = dict(ReleaseSlip.objects.values_list("pk", "status"))
    assert statuses == {past.pk: "expired", waiting.pk: "expired", today.pk: "issued"}
    assert past.history.filter(status="expired").count() == 1


def test_the_morning_flag_notifies_once_per_estate_and_day(receptionist, supervisor, unit):
    slip = request_slip(receptionist, unit)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ReleaseSlip.objects.filter(pk=slip.pk).update(valid_on=yesterday)

    assert services.reconciliation_notify(day=yesterday) == 1
    assert services.reconciliation_notify(day=yesterday) == 0
    assert ReconciliationFlag.objects.get().unaccounted == 1
    assert Notification.objects.filter(user=supervisor).count() == 1


def test_the_morning_task_flags_unused_and_held_back_not_clean_uses(receptionist, guard, unit):
    unused, clean, held = (request_slip(receptionist, unit) for _ in range(3))
    services.gate_use(actor=guard, slip_id=clean.pk, checks=checks(clean))
    services.gate_use(actor=guard, slip_id=held.pk, checks=checks(held, {held.items.first().pk}))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ReleaseSlip.objects.all().update(valid_on=yesterday)

    assert tasks.reconciliation_flag.delay().get() == 1
    assert tasks.reconciliation_flag.delay().get() == 0
    assert ReconciliationFlag.objects.get().unaccounted == 2
    assert ReleaseSlip.objects.get(pk=unused.pk).status == "expired"


def test_release_error_is_a_desk_error():
    assert issubclass(ReleaseError, DeskError)


def test_the_desk_ticks_off_the_paper_of_a_used_slip_once(receptionist, guard, unit):
    slip = request_slip(receptionist, unit)
    assert (
        code_of(lambda: services.slip_paper_returned(actor=receptionist, slip=slip)) == "not_used"
    )
    services.gate_use(actor=guard, slip_id=slip.pk, checks=checks(slip))
    assert code_of(lambda: services.slip_paper_returned(actor=guard, slip=slip)) == "forbidden"

    slip = services.slip_paper_returned(actor=receptionist, slip=slip)

    assert slip.paper_returned_by == receptionist and slip.paper_returned_at is not None
    assert (
        code_of(lambda: services.slip_paper_returned(actor=receptionist, slip=slip))
        == "already_returned"
    )
