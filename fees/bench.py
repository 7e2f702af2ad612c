"""The fees rows of ``manage.py bench`` on the large estate BIG (see frontdesk/bench.py).

Data, made once: the demo fee types, the two months before last billed (both fallen due,
so every billable unit owes something: the arrears list at its longest), one paid-up unit
with a receipt, and the estate's arrears summary for today. Billing and payments are timed
inside transactions that are rolled back, so running the bench again measures the same."""

import re
import time

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from weasyprint import HTML

from frontdesk import roles
from frontdesk.bench import AppBench, Measurement, Target, bench_user
from frontdesk.maintenance import analyze_database, vacuum_tables
from frontdesk.pdf import PRINT_CSS, _font_config, render_pdf
from owners.models import Unit

from . import demo, pdf, selectors, services
from .models import ArrearsSnapshot, Charge, FeeType, Payment, UnitArrears

PAGE = Target(p95_ms=60, max_queries=12)
# The service's 11 statements (2 of them the arrears summary's) and the transaction control
# around them: BEGIN, SAVEPOINT, RELEASE, ROLLBACK (one more inside a test's transaction).
PAYMENT = Target(p95_ms=60, max_queries=15)
BILLING = Target(p95_ms=30_000)
SELECTOR = Target(p95_ms=5)
CJK = re.compile(r"[^\x00-\x7f]")


def _prepare(app_bench: AppBench) -> Payment:
    estate = app_bench.estate
    today = timezone.localdate()
    if not FeeType.objects.filter(estate=estate).exists():
        demo.fee_types_create(estate, since=demo.months_back(today, 3)[0])
    billed = False
    for period in demo.months_back(today, 3)[:2]:
        if not Charge.objects.filter(estate=estate, period=period).exists():
            started = time.monotonic()
            result = services.billing_run(estate_id=estate.pk, period=period, paced=False)
            app_bench.say(
                f"Billed {period:%Y-%m} for {estate.code}: {result.created} charges in "
                f"{time.monotonic() - started:.1f} s."
            )
            billed = True
    if billed:
        analyze_database()  # what the nightly task does: statistics for the new charges
    payment = Payment.objects.filter(estate=estate, reverses__isnull=True).first()
    if payment is None:
        unit = Unit.objects.filter(estate=estate, charges__isnull=False).order_by("pk").first()
        owed = selectors.arrears_for_unit(unit).amount
        cashier = bench_user(estate, roles.CASHIER)
        payment = services.payment_take(
            actor=cashier, unit=unit, amount=owed + 100, method="wechat", reference="BENCH"
        )
    snapshot = ArrearsSnapshot.objects.filter(estate=estate).first()
    if snapshot is None or snapshot.as_of != today:
        started = time.monotonic()
        rows = services.arrears_snapshot_build(estate_id=estate.pk, paced=False)
        app_bench.say(
            f"Arrears summary of {estate.code}: {rows} units in {time.monotonic() - started:.1f} s."
        )
    # As the nightly task leaves the tables (and autovacuum would, where it is on): the
    # bench's own rolled-back billing leaves dead rows behind on PostgreSQL.
    vacuum_tables(Charge, UnitArrears)
    return payment


def _billing_once(app_bench: AppBench) -> Measurement:
    """This month billed for every unit, once, rolled back (it may be billed for real)."""
    row = Measurement(f"fees: bill a month ({app_bench.estate.code})", BILLING)
    period = timezone.localdate().replace(day=1)
    with transaction.atomic():
        started = time.perf_counter()
        result = services.billing_run(estate_id=app_bench.estate.pk, period=period)
        row.times_ms.append((time.perf_counter() - started) * 1000)
        transaction.set_rollback(True)
    row.remark = f"{result.created} charges created, then rolled back"
    return row


def _payment_rolled_back(unit: Unit, cashier):
    def take() -> None:
        with transaction.atomic():
            services.payment_take(
                actor=cashier, unit=unit, amount="300.00", method="wechat", reference="BENCH"
            )
            transaction.set_rollback(True)

    return take


def _latin_floor(payment: Payment):
    """The same receipt with every non-ASCII character replaced by a Latin letter: the same
    layout, no CJK font to subset. WeasyPrint's floor for this document on this machine."""
    html = render_to_string(
        pdf.LAYOUTS["a5"], {"print_css": PRINT_CSS.as_uri(), **pdf.receipt_context(payment)}
    )
    latin = CJK.sub("W", html)
    assert not CJK.search(latin)
    return lambda: HTML(string=latin, base_url=str(settings.BASE_DIR)).write_pdf(
        font_config=_font_config()
    )


def measurements(app_bench: AppBench) -> list[Measurement]:
    payment = _prepare(app_bench)
    payment = selectors.payment_get(user=bench_user(app_bench.estate, roles.CASHIER), pk=payment.pk)
    owing = Unit.objects.filter(
        pk__in=selectors.owing_by_unit(
            as_of=timezone.localdate(), estate_ids=[app_bench.estate.pk]
        ).values("unit_id")[:1]
    ).get()
    cashier_client = app_bench.client(roles.CASHIER)
    cashier = bench_user(app_bench.estate, roles.CASHIER)
    arrears = reverse("fees:arrears")
    building = owing.building.number
    billing = _billing_once(app_bench)
    vacuum_tables(Charge, Charge.history.model)  # what the rolled-back billing left dead
    rows = [
        billing,
        app_bench.page("fees: arrears list", arrears, PAGE, cashier_client),
        app_bench.page(
            "fees: arrears, its total line", reverse("fees:arrears-totals"), PAGE, cashier_client
        ),
        app_bench.page(
            "fees: arrears, oldest first", f"{arrears}?sort=oldest", PAGE, cashier_client
        ),
        app_bench.page(
            "fees: arrears, building+age",
            f"{arrears}?building={building}&age=31-90&min_amount=1",
            PAGE,
            cashier_client,
        ),
        app_bench.page(
            "fees: take-payment page",
            reverse("fees:unit-pay", args=[owing.pk]),
            PAGE,
            cashier_client,
        ),
        app_bench.call(
            "fees: payment_take (rolled back)", _payment_rolled_back(owing, cashier), PAYMENT
        ),
        app_bench.call(
            "fees: arrears_for_unit", lambda: selectors.arrears_for_unit(owing), SELECTOR
        ),
    ]
    # The receipt against its Latin floor, p50 over p50, both warm, same number of rounds.
    floor = app_bench.call(
        "fees: receipt A5, Latin floor",
        _latin_floor(payment),
        Target(),
        rounds=app_bench.pdf_requests,
    )
    context = pdf.receipt_context(payment)
    receipt = app_bench.call(
        "fees: receipt A5, Chinese",
        lambda: render_pdf(pdf.LAYOUTS["a5"], context),
        Target(),
        rounds=app_bench.pdf_requests,
    )
    ratio = receipt.p50 / floor.p50
    receipt.remark = f"p50 {ratio:.2f}× the Latin floor's (target: within 2×)"
    if ratio > 2:
        receipt.missed.append("2×floor")
    return [*rows, floor, receipt]
