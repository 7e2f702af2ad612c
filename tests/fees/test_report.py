import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fees import report, services
from fees.models import Allocation, Charge
from frontdesk import roles
from frontdesk.months import parse_month
from owners.models import Unit
from tests.factories import BuildingFactory, UnitFactory, property_fee, staff
from tests.frontdesk.test_pdf import pdf_text

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEC_2025, MAR, JUN, JUL = (
    datetime.date(y, m, 1) for y, m in ((2025, 12), (2026, 3), (2026, 6), (2026, 7))
)


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def unit_in(building, area):
    return UnitFactory(building=building, area=Decimal(area), status=Unit.Status.OCCUPIED)


def charge(unit, period) -> Charge:
    return Charge.objects.get(unit=unit, period=period)


def paid_at(payment, when) -> None:
    """Put a payment's allocations at ``when`` (the test cannot wait for June to come)."""
    Allocation.objects.filter(payment=payment).update(created_at=when)


@pytest.fixture
def june(estate, other_estate, cashier, supervisor):
    """Two buildings billed for December 2025, March, June and July 2026 at 2.50/m², then
    paid, reversed and waived through the services; the allocations dated in May–July."""
    one = BuildingFactory(estate=estate, number="1", name="1栋")
    two = BuildingFactory(estate=estate, number="2", name="2栋")
    u1, u2 = unit_in(one, "100.00"), unit_in(one, "80.00")  # 250.00 and 200.00 a month
    u3, u4 = unit_in(two, "50.00"), unit_in(two, "60.00")  # 125.00 and 150.00 a month
    foreign = unit_in(BuildingFactory(estate=other_estate, number="1"), "100.00")
    for target in (estate, other_estate):
        property_fee(target, rate="2.50")
        for month in (DEC_2025, MAR, JUN, JUL):
            services.billing_run(estate_id=target.pk, period=month)

    def pay(unit, amount, when, allocations=None, actor=cashier):
        payment = services.payment_take(
            actor=actor, unit=unit, amount=amount, method="cash", allocations=allocations
        )
        paid_at(payment, when)
        return payment

    # u1: 750 oldest first = December (paid in May: not June's), March and June.
    payment = pay(u1, "750", at(datetime.date(2026, 6, 10)))
    Allocation.objects.filter(payment=payment, charge__period=DEC_2025).update(
        created_at=at(datetime.date(2026, 5, 20))
    )
    # u2: 100 of December in June; 150 of June paid on 2 July (too late for June's rate).
    pay(u2, "100", at(datetime.date(2026, 6, 1), hour=0))
    pay(u2, "150", at(datetime.date(2026, 7, 1), hour=0), {charge(u2, JUN).pk: "150"})
    # u3: June paid then reversed in June; March paid in June.
    wrong = pay(u3, "125", at(datetime.date(2026, 6, 12)), {charge(u3, JUN).pk: "125"})
    asked = services.reversal_request(actor=cashier, payment=wrong, reason="收错户")
    reversal = services.reversal_approve(actor=supervisor, request=asked)
    paid_at(reversal, at(datetime.date(2026, 6, 13)))
    pay(u3, "125", at(datetime.date(2026, 6, 30), hour=23), {charge(u3, MAR).pk: "125"})
    # u4: June waived.
    services.charge_waive(actor=supervisor, charge=charge(u4, JUN), reason="开发商承担")
    # Another estate's money never shows.
    other_cashier = staff(estates=[other_estate], roles=[roles.CASHIER])
    pay(foreign, "1000", at(datetime.date(2026, 6, 10)), actor=other_cashier)
    return {"one": one, "two": two}


def figures(line):
    return (
        line.billed,
        line.waived,
        line.collected,
        line.rate,
        line.arrears_this_year,
        line.arrears_earlier,
    )


def test_it_computes_the_collection_rate_from_the_payments(estate, june):
    result = report.collection_report(estates=[estate], month=datetime.date(2026, 6, 17))
    assert result.month == JUN
    (block,) = result.estates
    one, two = block.buildings
    assert (one.label, two.label) == ("1栋", "2栋")
    D = Decimal
    assert figures(one) == (
        D("450.00"),
        D("0.00"),
        D("250.00"),
        D("55.6"),
        D("250.00"),
        D("100.00"),
    )
    assert figures(two) == (D("275.00"), D("150.00"), D("0.00"), D("0.0"), D("125.00"), D("0.00"))
    assert figures(block.total) == (
        D("725.00"),
        D("150.00"),
        D("250.00"),
        D("43.5"),  # 250 / 575
        D("375.00"),
        D("100.00"),
    )
    assert figures(result.total) == figures(block.total)


def test_it_counts_a_late_payment_as_arrears_of_the_next_month(estate, june):
    july = report.collection_report(estates=[estate], month=JUL)
    one = july.estates[0].buildings[0]
    # u2's 150 for June, paid on 1 July, is this year's arrears collected in July.
    assert (one.billed, one.arrears_this_year, one.arrears_earlier) == (
        Decimal("450.00"),
        Decimal("150.00"),
        Decimal("0.00"),
    )


def test_it_reports_a_month_without_charges_as_empty(estate, june):
    result = report.collection_report(estates=[estate], month=datetime.date(2027, 3, 1))
    assert result.estates == [] and result.total.rate is None


def test_it_keeps_to_the_queries_it_needs(estate, june, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        report.collection_report(estates=[estate], month=JUN)


def test_it_shows_the_report_with_its_chart(client, director, june):
    client.force_login(director)
    response = client.get(reverse("fees:report"), {"month": "2026-06"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "vendor/chart.js/chart.umd.min.js" in body
    assert 'id="collection-chart-data"' in body
    chart = response.context["chart"]
    assert chart["labels"] == ["1栋", "2栋"]
    assert chart["collected"] == [250.0, 0.0] and chart["rate"] == [55.6, 0.0]
    assert "55.6%" in body and "43.5%" in body


def test_it_falls_back_to_this_month_for_a_bad_month(client, supervisor, june):
    client.force_login(supervisor)
    response = client.get(reverse("fees:report"), {"month": "2026-13"})
    assert response.status_code == 200 and response.context["bad_month"]
    assert parse_month("2026-06") == JUN and parse_month("junk") is None


def test_it_exports_the_report_to_excel(client, director, june):
    client.force_login(director)
    response = client.get(reverse("fees:report-export"), {"month": "2026-06"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    one = next(row for row in rows if row[1] == "1栋")
    assert one[0] == "丽景花园"
    assert [Decimal(str(v)) for v in one[2:8]] == [
        Decimal("450.00"),
        Decimal("0"),
        Decimal("250.00"),
        Decimal("55.6"),
        Decimal("250.00"),
        Decimal("100.00"),
    ]


def test_it_exports_the_report_to_pdf(client, director, june, tmp_path):
    client.force_login(director)
    response = client.get(reverse("fees:report-pdf"), {"month": "2026-06"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    for fact in ("丽景花园", "1栋", "2栋", "450.00", "55.6%", "43.5%", "2026-06"):
        assert fact in text, fact


def test_it_reports_only_the_users_estates(client, outsider, june, other_estate):
    boss = staff(estates=[other_estate], roles=[roles.DIRECTOR], username="boss")
    client.force_login(boss)
    response = client.get(reverse("fees:report"), {"month": "2026-06"})
    (block,) = response.context["report"].estates
    assert block.name == other_estate.name
    assert block.total.billed == Decimal("250.00") and block.total.collected == Decimal("250.00")


@pytest.mark.parametrize("name", ["fees:report", "fees:report-export", "fees:report-pdf"])
@pytest.mark.parametrize("who", ["receptionist", "cashier"])
def test_it_refuses_roles_other_than_director_and_supervisor(client, request, name, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["fees:report", "fees:report-export", "fees:report-pdf"])
def test_it_refuses_a_post_to_the_report(client, director, name):
    client.force_login(director)
    assert client.post(reverse(name)).status_code == 405
