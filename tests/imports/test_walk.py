"""What a careless or hostile hand tried on the import wizard (the browser walk), kept."""

from decimal import Decimal

import pytest

from imports.models import ImportBatch, Kind, PastPayment

from .helpers import HC_HEADERS, hc_csv_gbk, hc_rows
from .test_past_payments import ROWS, _check, _csv, _run

pytestmark = pytest.mark.django_db


@pytest.fixture
def houses(supervisor, estate, django_capture_on_commit_callbacks):
    hook = django_capture_on_commit_callbacks
    _run(supervisor, estate, Kind.HC_ROOMS, hc_csv_gbk(hc_rows(4)), hook)
    return hook


@pytest.mark.parametrize("amount", ["1e20", "1e30", "1E+999999", "99999999999"])
def test_an_absurd_amount_is_a_problem_of_its_row_not_a_server_error(
    supervisor, estate, houses, amount
):
    rows = [*ROWS, ["1", "1", "102", "物业费", "", "", amount, "2025-01-01", "", "", ""]]
    batch = _check(supervisor, estate, Kind.HC_PAYMENTS, _csv(rows))
    assert batch.status == ImportBatch.Status.CHECKED
    assert batch.rows_rejected == 1
    assert batch.problems.filter(row=5, is_error=True).exists()


def test_the_largest_plausible_amount_still_comes_in(supervisor, estate, houses):
    rows = [["1", "1", "101", "物业费", "", "", "9999999.99", "2025-01-01", "", "", ""]]
    _run(supervisor, estate, Kind.HC_PAYMENTS, _csv(rows), houses)
    assert PastPayment.objects.get().amount == Decimal("9999999.99")


@pytest.mark.parametrize("paid_on", ["1900-01-01", "2150-01-01", "99999"])
def test_a_date_decades_off_is_a_problem_of_its_row(supervisor, estate, houses, paid_on):
    rows = [["1", "1", "101", "物业费", "", "", "10", paid_on, "", "", ""]]
    batch = _check(supervisor, estate, Kind.HC_PAYMENTS, _csv(rows))
    assert batch.rows_rejected == 1


def test_an_area_the_unit_cannot_hold_is_a_problem_of_its_row(supervisor, estate):
    rows = hc_rows(2)
    rows[-1][HC_HEADERS.index("建筑面积")] = "12345678"
    batch = _check(supervisor, estate, Kind.HC_ROOMS, hc_csv_gbk(rows))
    assert batch.problems.filter(is_error=True, message__contains="Too large").exists()
