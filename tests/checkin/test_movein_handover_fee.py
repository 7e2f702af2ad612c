"""③ The handover (keys first) and ④ the property fee charged at move-in."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from checkin import requirements, services
from checkin.models import CustodySettings, HandoverLine
from fees.models import Charge
from tests.factories import property_fee

from .helpers import BOOK, DIAGRAM, HANDED, KEYS, progress_of, refused, reloaded

pytestmark = pytest.mark.django_db


# --- ③ handover ---------------------------------------------------------------------------


def test_it_records_the_handover(receptionist, case):
    services.handover_record(
        actor=receptionist,
        case=case,
        lines=[*HANDED, services.Handed("门禁卡", 2), services.Handed("  ", 1)],
    )
    assert [(line.name, line.quantity, line.note) for line in HandoverLine.objects.all()] == [
        ("钥匙", 3, "入户门×2"),
        ("住户手册", 1, ""),
        ("水电图", 1, ""),
        ("门禁卡", 2, ""),
    ]
    assert reloaded(case).handed_over_at is not None
    assert progress_of(case).step["handover"].done


@pytest.mark.parametrize(
    "lines",
    [
        [BOOK, DIAGRAM],
        [services.Handed("钥匙", 0, "开发商未交", kind="keys"), BOOK, DIAGRAM],
    ],
    ids=["no-keys-line", "zero-keys"],
)
def test_it_refuses_a_handover_without_keys(receptionist, case, lines):
    refused("no_keys", services.handover_record, actor=receptionist, case=case, lines=lines)
    assert HandoverLine.objects.count() == 0
    assert reloaded(case).handed_over_at is None


def test_it_refuses_an_item_not_handed_over_without_a_note(receptionist, case):
    error = refused(
        "invalid",
        services.handover_record,
        actor=receptionist,
        case=case,
        lines=[*HANDED, services.Handed("门禁卡", 0)],
    )
    assert error.field == "note"
    assert HandoverLine.objects.count() == 0


@pytest.mark.parametrize(
    "lines",
    [
        [KEYS, DIAGRAM],
        [KEYS, BOOK],
        [KEYS],
        [KEYS, services.Handed("住户手册", 0, "印刷中", kind="book"), DIAGRAM],
        [KEYS, BOOK, services.Handed("水电图", 0, "下周补", kind="diagram")],
    ],
    ids=["no-book", "no-diagram", "keys-only", "book-none-with-note", "diagram-none-with-note"],
)
def test_it_refuses_a_handover_without_the_book_or_the_diagram(receptionist, case, lines):
    error = refused(
        "handover_incomplete", services.handover_record, actor=receptionist, case=case, lines=lines
    )
    handed = {line.kind for line in lines if line.quantity}
    for kind, name, _quantity in requirements.default_handover()[1:]:  # the book, the diagram
        assert (name in error.message) == (kind not in handed), name
    assert HandoverLine.objects.count() == 0
    assert reloaded(case).handed_over_at is None


def test_it_refuses_a_second_handover(receptionist, case):
    services.handover_record(actor=receptionist, case=case, lines=HANDED)
    refused(
        "already_handed_over", services.handover_record, actor=receptionist, case=case, lines=HANDED
    )
    assert HandoverLine.objects.count() == 3


# --- ④ fee --------------------------------------------------------------------------------


def months_from_now(count: int) -> list[datetime.date]:
    first = timezone.localdate().replace(day=1)
    months = [first]
    while len(months) < count:
        last = months[-1]
        months.append(datetime.date(last.year + last.month // 12, last.month % 12 + 1, 1))
    return months


def test_it_charges_three_months_from_this_one_by_default(receptionist, case, estate, unit):
    property_fee(estate, rate="2.50")
    charges = services.fee_charge(actor=receptionist, case=case)
    assert [charge.period for charge in charges] == months_from_now(3)
    assert {charge.amount for charge in charges} == {Decimal("223.75")}  # 89.50 m² × 2.50
    assert Charge.objects.filter(unit=unit).count() == 3
    case = reloaded(case)
    assert (case.fee_first_month, case.fee_months) == (months_from_now(1)[0], 3)
    progress = progress_of(case)
    assert progress.outstanding == Decimal("671.25")
    assert not progress.step["fee"].done


def test_it_charges_the_months_the_estate_set(receptionist, case, estate):
    property_fee(estate)
    CustodySettings.objects.create(estate=estate, move_in_fee_months=1)
    charges = services.fee_charge(actor=receptionist, case=case)
    assert [charge.period for charge in charges] == months_from_now(1)
    assert reloaded(case).fee_months == 1


def test_it_refuses_to_charge_twice(receptionist, case, estate):
    property_fee(estate)
    services.fee_charge(actor=receptionist, case=case)
    refused("already_charged", services.fee_charge, actor=receptionist, case=case)
    assert Charge.objects.count() == 3


def test_it_charges_nothing_when_the_estate_charges_no_months(receptionist, case, estate):
    property_fee(estate)
    CustodySettings.objects.create(estate=estate, move_in_fee_months=0)
    assert services.fee_charge(actor=receptionist, case=case) == []
    assert Charge.objects.count() == 0
    assert reloaded(case).fee_months == 0
    assert progress_of(case).step["fee"].done


def test_it_refuses_the_fee_without_a_property_fee_type(receptionist, case):
    refused("no_fee_type", services.fee_charge, actor=receptionist, case=case)
    case = reloaded(case)
    assert (case.fee_first_month, case.fee_months) == (None, None)
    assert Charge.objects.count() == 0
