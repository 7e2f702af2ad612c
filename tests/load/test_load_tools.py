"""The load test's own tools: reading forms as a browser posts them, the gates, and the
integrity checks that run after it (scripts/load.sh runs the load itself, in CI)."""

import datetime
from decimal import Decimal

import pytest

from fees import services
from fees.models import Charge, Payment, UnitArrears
from frontdesk.models import DocumentSequence
from tests.factories import UnitFactory
from tests.factories.fees import ChargeFactory, PaymentFactory
from tests.load import desk_check, figures
from tests.load.htmlforms import FormNotFound, links, read_form

PAGE = """
<form method="post" id="other"><input name="nope" value="x"></form>
<form method="post" action="/fees/units/7/pay/" id="pay-form" data-testid="pay-form">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <input type="text" name="amount" value="120.50">
  <input type="radio" name="method" value="cash">
  <input type="radio" name="method" value="wechat" checked>
  <input type="checkbox" name="prepayment" value="on">
  <input type="checkbox" name="sms" checked>
  <select name="topic"><option value="">---</option><option value="repair">修</option></select>
  <select name="reply"><option value="a">A</option><option value="b" selected>B</option></select>
  <textarea name="content">
水管 &amp; 漏水</textarea>
  <input type="text" name="reason" form="waive-3" value="not mine">
  <button type="submit" name="confirm" value="1">Pay</button>
  <input type="submit" name="save" value="Save">
</form>
<form id="waive-3" method="post" action="/fees/charges/3/waive/"></form>
<input type="hidden" name="outside" value="1" form="pay-form">
<a href="/owners/5/">owner</a><div hx-get="/units/7/sections/fees/"></div>
<a href="/owners/5/">again</a><a href="/search/?q=a&amp;b=1">s</a>
"""


def test_it_reads_a_form_as_a_browser_posts_it():
    form = read_form(PAGE, "pay-form")

    assert form.action == "/fees/units/7/pay/"
    assert form.data() == [
        ("csrfmiddlewaretoken", "tok"),
        ("amount", "120.50"),
        ("method", "wechat"),
        ("sms", "on"),
        ("topic", ""),
        ("reply", "b"),
        ("content", "水管 & 漏水"),
        ("outside", "1"),
    ]
    assert read_form(PAGE, "waive-3").data() == [("reason", "not mine")]


def test_filling_a_form_changes_only_the_fields_named():
    form = read_form(PAGE, "pay-form").fill(amount="20.00", method="cash", sms=None, confirm="1")

    assert form.get("amount") == "20.00"
    assert form.get("method") == "cash"
    assert "sms" not in form.names()
    assert form.get("confirm") == "1"
    assert form.get("csrfmiddlewaretoken") == "tok"


def test_a_missing_form_is_said():
    with pytest.raises(FormNotFound, match="pay-confirm"):
        read_form(PAGE, "pay-confirm")


def test_it_finds_each_link_once_in_page_order():
    assert links(PAGE, r"/owners/\d+/") == ["/owners/5/"]
    assert links(PAGE, r"/units/\d+/sections/[\w-]+/") == ["/units/7/sections/fees/"]
    assert links(PAGE, r"/search/.*") == ["/search/?q=a&b=1"]


# --- the gates --------------------------------------------------------------------------------


def summary(**changes) -> dict:
    good = {
        "users": 10,
        "duration_s": 60.0,
        "kinds": {
            "page": {"requests": 900, "failures": 0, "p50": 80, "p95": 300, "max": 700},
            "post": {"requests": 90, "failures": 0, "p50": 120, "p95": 400, "max": 600},
            "pdf": {"requests": 30, "failures": 0, "p50": 500, "p95": 900, "max": 1200},
            "sign-in": {"requests": 20, "failures": 0, "p50": 900, "p95": 3000, "max": 3100},
        },
        "total": {"requests": 1020, "rps": 17.0},
        "failures": 0,
        "server_errors": 0,
        "user_errors": 0,
        "failure_samples": [],
        "created": {"payment": 30, "call": 12, "visit": 11},
        "per_name": [{"name": "GET page: home", "requests": 10, "failures": 0, "p50": 1, "p95": 2}],
    }
    good.update(changes)
    return good


ACCESS_OK = '127.0.0.1 - - [05/Dec/2026:05:27:26 +0800] "GET /healthz HTTP/1.1" 200 194 "-" "x"'


def test_a_clean_run_passes_every_gate_and_its_figures_are_printed():
    assert figures.gate_failures(summary(), ACCESS_OK) == []
    text = figures.report(summary())
    assert "17.0 requests/s" in text and "[pdf]" in text and "GET page: home" in text


@pytest.mark.parametrize(
    ("changes", "log", "said"),
    [
        ({"failures": 2, "failure_samples": ["post: call: expected 302, got 400"]}, "", "2 failed"),
        ({"server_errors": 1}, "", "1 server errors (5xx) seen by locust"),
        ({"user_errors": 1}, "", "1 errors in the simulated users"),
        ({}, '{"status": 500, "path": "/"}', "1 server errors in the server log"),
        ({}, '"POST /fees/units/1/pay/ HTTP/1.1" 502 0 "-"', "server errors in the server log"),
        ({}, "Internal Server Error: /units/1/", "server errors in the server log"),
        ({}, "sqlite3.OperationalError: database is locked", '1 "database is locked"'),
        ({"created": {"payment": 0, "call": 3, "visit": 2}}, "", "no payment was created"),
    ],
)
def test_each_gate_fails_the_run(changes, log, said):
    failures = figures.gate_failures(summary(**changes), log)

    assert len(failures) == 1 and said in failures[0]


def test_the_latency_gates_are_loose_and_can_be_set():
    slow = summary()
    slow["kinds"]["page"]["p95"] = 500
    slow["kinds"]["pdf"]["p95"] = 1600

    assert figures.gate_failures(slow, "") == [
        "page p95 500 ms >= 500 ms",
        "pdf p95 1600 ms >= 1500 ms",
    ]
    limits = figures.limits_from({"PAGE_P95_MS": "800", "PDF_P95_MS": "2000"})
    assert figures.gate_failures(slow, "", limits=limits) == []


def test_a_run_without_receipts_fails():
    none = summary()
    del none["kinds"]["pdf"]

    assert figures.gate_failures(none, "") == ["no pdf requests were made"]


# --- the integrity checks -----------------------------------------------------------------------


@pytest.fixture
def paid(db):
    """Two payments of one estate, whose arrears summary is built."""
    unit = UnitFactory()
    for day in (1, 2):
        ChargeFactory(unit=unit, amount=Decimal("100.00"), due_date=datetime.date(2025, 1, day))
    first = PaymentFactory(unit=unit, amount=Decimal("60.00"))
    second = PaymentFactory(unit=unit, amount=Decimal("70.00"))
    services.arrears_snapshot_build(estate_id=unit.estate_id)
    return unit, first, second


def test_the_money_of_a_sound_database_passes(paid):
    before = {"payment": 0, "call": 0, "visit": 0}

    assert desk_check.integrity(before, {"payment": 2}) == []


def test_a_gap_in_the_receipt_numbers_is_found(paid):
    _unit, _first, second = paid
    Payment.objects.filter(pk=second.pk).update(receipt_number=second.receipt_number[:-1] + "3")

    problems = desk_check.receipt_problems()

    assert len(problems) == 1 and "2 receipts for 2 numbers (missing [2]" in problems[0]


def test_a_number_used_twice_or_a_sequence_behind_is_found(paid):
    _unit, _first, second = paid
    DocumentSequence.objects.filter(kind="receipt").update(last_number=1)

    assert "2 receipts for 1 numbers" in " ".join(desk_check.receipt_problems())


def test_an_over_allocated_charge_is_found(paid):
    unit, _first, _second = paid
    charge = Charge.objects.filter(unit=unit).order_by("due_date").first()
    Charge.objects.filter(pk=charge.pk).update(paid_amount=Decimal("90.00"))

    problems = desk_check.allocation_problems()

    assert problems == [f"charge {charge.pk}: paid 90.00, allocations 100.00"]


def test_a_stale_arrears_summary_is_found(paid):
    unit, _first, _second = paid
    UnitArrears.objects.filter(unit=unit).update(total=Decimal("1.00"))

    problems = desk_check.arrears_problems()

    assert len(problems) == 1 and "differs from a fresh computation for 1 units" in problems[0]


def test_rows_locust_did_not_see_created_are_found(paid):
    before = {"payment": 0, "call": 0, "visit": 0}

    assert desk_check.created_problems(before, {"payment": 1}) == [
        "payment: 2 new in the database, 1 created by locust"
    ]
