"""HC's payment history comes in as the unit's history (PastPayment): readable in the dossier
and on its own page, never money in fees; a re-import adds nothing."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from fees.models import Payment
from frontdesk import roles
from imports import services
from imports.models import ImportBatch, Kind, PastPayment
from owners.models import Unit
from tests.factories import UnitFactory, staff

from .helpers import hc_csv_gbk, hc_rows

pytestmark = pytest.mark.django_db

HEADERS = [
    "楼号",
    "单元",
    "房间",
    "费用项",
    "开始时间",
    "结束时间",
    "实收金额",
    "缴费时间",
    "收据号",
    "支付方式",
    "缴费人",
]
ROWS = [
    [
        "1",
        "1",
        "101",
        "物业费",
        "2024/1/1",
        "2024/12/31",
        "1074.00",
        "2024年1月5日",
        "HC0001",
        "微信",
        "曾伟明",
    ],
    [
        "1栋",
        "1单元",
        "101",
        "物业费",
        "2025/1/1",
        "2025/6/30",
        "537.00",
        "45663",
        "HC0107",
        "现金",
        "",
    ],
    ["1", "1", "102", "停车费", "", "", "150", "2025.03.01", "", "", ""],
]


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode("gb18030")


def _check(supervisor, estate, kind, data):
    batch = services.batch_upload(
        actor=supervisor, estate=estate, kind=kind, source="HC", file_name="f.csv", data=data
    )
    return services.batch_check(actor=supervisor, batch=batch, mapping=batch.mapping)


def _run(supervisor, estate, kind, data, hook, clean_rows_only=False):
    batch = _check(supervisor, estate, kind, data)
    with hook(execute=True):
        services.batch_confirm(actor=supervisor, batch=batch, clean_rows_only=clean_rows_only)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.job.message
    return batch


@pytest.fixture
def houses(supervisor, estate, django_capture_on_commit_callbacks):
    _run(
        supervisor,
        estate,
        Kind.HC_ROOMS,
        hc_csv_gbk(hc_rows(4)),
        django_capture_on_commit_callbacks,
    )
    return django_capture_on_commit_callbacks


def test_payment_history_is_kept_as_history_once(supervisor, estate, houses):
    batch = _run(supervisor, estate, Kind.HC_PAYMENTS, _csv(ROWS), houses)
    assert batch.summary["counts"]["payment"] == {"created": 3}
    unit = Unit.objects.get(estate=estate, code="1-1-101")
    held = list(PastPayment.objects.filter(unit=unit).order_by("paid_on"))
    assert [(p.paid_on.isoformat(), p.amount, p.receipt_number) for p in held] == [
        ("2024-01-05", Decimal("1074.00"), "HC0001"),
        ("2025-01-06", Decimal("537.00"), "HC0107"),
    ]
    assert held[0].method == "微信" and held[0].payer == "曾伟明"
    assert not Payment.objects.exists()  # history, not money
    again = _run(supervisor, estate, Kind.HC_PAYMENTS, _csv(ROWS), houses)
    assert again.summary["counts"]["payment"] == {"unchanged": 3}
    assert PastPayment.objects.count() == 3


def test_a_payment_of_a_unit_the_estate_lacks_is_refused_and_the_others_kept(
    supervisor, estate, houses
):
    rows = [*ROWS, ["9", "9", "909", "物业费", "", "", "10", "2025-01-01", "", "", ""]]
    batch = _run(supervisor, estate, Kind.HC_PAYMENTS, _csv(rows), houses)
    assert batch.summary["refused"] == 1
    assert batch.problems.filter(row=5, is_error=True, message__contains="9-9-909").exists()
    assert PastPayment.objects.count() == 3


def test_bad_rows_are_rejected_per_cell_before_anything_is_written(supervisor, estate, houses):
    rows = [
        ["1", "1", "101", "物业费", "", "", "", "2025-01-01", "", "", ""],
        ["1", "1", "101", "物业费", "", "", "-5", "2025-01-01", "", "", ""],
        ["1", "1", "101", "物业费", "", "", "10", "", "", "", ""],
        ["1", "1", "101", "物业费", "", "", "10", "1901-01-01", "", "", ""],
    ]
    batch = _check(supervisor, estate, Kind.HC_PAYMENTS, _csv(rows))
    problems = {(p.row, p.column) for p in batch.problems.all()}
    assert problems >= {(2, "实收金额"), (3, "实收金额"), (4, "缴费时间"), (5, "缴费时间")}
    assert batch.rows_rejected == 4
    assert not PastPayment.objects.exists()


def test_the_dossier_section_and_the_page(
    client, supervisor, receptionist, outsider, estate, houses
):
    _run(supervisor, estate, Kind.HC_PAYMENTS, _csv(ROWS), houses)
    unit = Unit.objects.get(estate=estate, code="1-1-101")
    section = reverse("owners:unit-section", args=[unit.pk, "past-payments"])
    page = reverse("imports:past-payments", args=[unit.pk])
    client.force_login(receptionist)
    body = client.get(section).content.decode()
    assert "1611.00" in body and "HC0001" not in body  # the sum, the latest lines
    response = client.get(page)
    assert response.status_code == 200
    assert "HC0001" in response.content.decode() and "HC0107" in response.content.decode()
    empty = UnitFactory(estate=estate)
    assert (
        'data-testid="past-payments"'
        not in client.get(
            reverse("owners:unit-section", args=[empty.pk, "past-payments"])
        ).content.decode()
    )
    client.force_login(outsider)
    assert client.get(page).status_code == 404
    client.force_login(staff(estates=[estate], roles=[roles.SECURITY_GUARD], username="guard"))
    assert client.get(page).status_code == 403


def test_the_page_takes_the_same_queries_for_many_payments(
    client, supervisor, receptionist, estate, houses, django_assert_max_num_queries
):
    many = [
        ["1", "1", "101", "物业费", "", "", "1", f"2020-01-{d:02d}", f"R{d}", "", ""]
        for d in range(1, 29)
    ]
    _run(supervisor, estate, Kind.HC_PAYMENTS, _csv(many), houses)
    unit = Unit.objects.get(estate=estate, code="1-1-101")
    client.force_login(receptionist)
    url = reverse("imports:past-payments", args=[unit.pk])
    with django_assert_max_num_queries(12):
        first = client.get(url)
    assert first.status_code == 200 and "R28" in first.content.decode()
    cursor = first.context["page"].next_cursor
    if cursor:
        second = client.get(url, {"after": cursor})
        assert "R28" not in second.content.decode()
