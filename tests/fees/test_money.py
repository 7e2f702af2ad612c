"""Money comes back as 2-place Decimals from every sum, on SQLite as on PostgreSQL, and every
typed amount is judged by the kernel's one parser (bounded by its column)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from fees import notices, selectors, services
from fees.errors import FeesError
from fees.models import Charge, CollectionAttempt, Payment
from fees.report import collection_report
from frontdesk.errors import DeskError
from frontdesk.money import MoneySum, parse_money, round_money
from owners.models import Unit
from tests.factories import BuildingFactory, UnitFactory
from tests.factories.fees import ChargeFactory, FeeTypeFactory

# 0.10 + 0.20 is 0.30000000000000004 in binary floating point; SQLite sums in floats.
PARTS = ("0.10", "0.20", "0.10", "0.20", "0.07")
TOTAL = Decimal("0.67")


def exact(value) -> bool:
    """A 2-place Decimal: what the desk shows and a money column holds."""
    return isinstance(value, Decimal) and value.as_tuple().exponent == -2


@pytest.fixture
def unit(estate):
    return UnitFactory(building=BuildingFactory(estate=estate), status=Unit.Status.OCCUPIED)


@pytest.fixture
def owing(estate, unit):
    """Five small charges of ``unit``, fallen due yesterday."""
    fee_type = FeeTypeFactory(estate=estate)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return [
        ChargeFactory(unit=unit, fee_type=fee_type, amount=Decimal(part), due_date=yesterday)
        for part in PARTS
    ]


def test_it_sums_a_units_arrears_to_exact_cents(owing, unit, estate):
    arrears = selectors.arrears_for_unit(unit)
    assert arrears.amount == TOTAL and exact(arrears.amount)
    assert all(exact(total) for _name, total in arrears.by_fee_type)

    (row,) = selectors.owing_by_unit(as_of=timezone.localdate(), estate_ids=[estate.pk])
    assert row["total"] == TOTAL and exact(row["total"])
    assert str(row["total"]) == "0.67"


def test_it_sums_a_units_prepaid_balance_to_exact_cents(owing, unit, cashier):
    # 1.00 settles the five charges (0.67, in five allocations): 0.33 stays prepaid.
    services.payment_take(actor=cashier, unit=unit, amount="1.00", method="cash")
    credit = selectors.unit_credit(unit=unit)
    assert credit == Decimal("0.33") and exact(credit)
    assert str(notices.unit_credits([unit.pk])[unit.pk]) == "0.33"


def test_it_sums_part_payments_and_the_report_to_exact_cents(owing, unit, estate, cashier):
    for charge in owing:
        services.payment_take(
            actor=cashier, unit=unit, amount="0.03", method="cash", allocations={charge.pk: "0.03"}
        )
    allocated = Payment.objects.annotate(allocated=MoneySum("allocations__amount"))
    assert all(exact(row["allocated"]) for row in allocated.values("allocated"))
    owed = selectors.arrears_for_unit(unit).amount
    assert owed == TOTAL - Decimal("0.15") and exact(owed)

    month = timezone.localdate().replace(day=1)
    report = collection_report(estates=[estate], month=month)
    for block in report.estates:
        for value in (block.total.billed, block.total.collected, block.total.waived):
            assert exact(value), value


def test_it_records_a_collection_attempt_with_the_arrears_to_the_cent(owing, unit, cashier):
    today = timezone.localdate()
    attempt = services.collection_attempt_record(
        actor=cashier,
        unit=unit,
        channel="door",
        identity_shown=True,
        contact_name="王喆",
        outcome=CollectionAttempt.Outcome.PROMISED,
        promised_on=today,
        next_follow_up=today,
    )
    attempt.refresh_from_db()
    assert attempt.arrears_amount == TOTAL

    (due,) = selectors.follow_ups_due(estate_ids=[unit.estate_id])
    assert due.owed_now == TOTAL and exact(due.owed_now)


def test_it_keeps_an_empty_sum_at_zero_and_a_missing_subquery_none(estate, unit):
    total = Charge.objects.filter(unit=unit).aggregate(total=MoneySum("amount"))["total"]
    assert total == Decimal("0.00") and exact(total)
    none = Charge.objects.aggregate(total=MoneySum("amount", default=None))["total"]
    assert none is None


@pytest.mark.parametrize(
    "value, code",
    [
        ("abc", "not_a_number"),
        ("NaN", "not_a_number"),
        ("Infinity", "not_a_number"),
        ("1e30", "not_a_number"),
        ("1E3", "not_a_number"),
        ("１２８.５０", "not_a_number"),  # full-width digits
        ("١٢٣", "not_a_number"),  # Arabic-Indic digits
        ("128,50", "not_a_number"),
        ("", "not_a_number"),
        (None, "not_a_number"),
        ("9" * 40, "too_large"),
        ("999999999999", "too_large"),
        ("10000000000.00", "too_large"),
        ("0.001", "too_precise"),
        ("-0.01", "not_positive"),
        ("0", "not_positive"),
    ],
)
def test_the_kernel_parser_refuses_with_one_code_per_meaning(value, code):
    with pytest.raises(DeskError) as refused:
        parse_money(value)
    assert refused.value.code == code and refused.value.field == "amount"


def test_the_kernel_parser_takes_the_largest_amount_a_column_holds():
    assert str(parse_money(" 9999999999.99 ")) == "9999999999.99"
    assert str(parse_money("128.5")) == "128.50"
    assert str(parse_money(".3")) == "0.30"
    assert str(parse_money("0", allow_zero=True)) == "0.00"
    assert parse_money(Decimal("0.1") + Decimal("0.2")) == Decimal("0.30")


def test_the_fees_parser_raises_the_fees_error():
    with pytest.raises(FeesError) as refused:
        services.parse_amount("1e30", field="allocations")
    assert (refused.value.code, refused.value.field) == ("not_a_number", "allocations")


@pytest.mark.parametrize(
    "value, expected",
    [(None, "0.00"), (0.30000000000000004, "0.30"), (Decimal("795.240000000000"), "795.24")],
)
def test_round_money_gives_two_places(value, expected):
    assert str(round_money(value)) == expected


def test_a_payment_beyond_the_columns_digits_is_refused(unit, cashier):
    for amount in ("999999999999", "1e30", "9" * 40, "NaN", "１２８"):
        with pytest.raises(FeesError):
            services.payment_take(actor=cashier, unit=unit, amount=amount, method="cash")
    assert not Payment.objects.exists()
