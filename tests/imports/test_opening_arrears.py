import csv
import io
from decimal import Decimal

import pytest

from fees.selectors import arrears_for_unit
from imports import services
from imports.models import ImportBatch, Kind, OpeningCharge
from owners.models import Unit
from tests.factories import property_fee

from .helpers import hc_csv_gbk, hc_rows

pytestmark = pytest.mark.django_db

FEE_HEADERS = ["楼号", "单元", "房间", "费用项", "开始时间", "结束时间", "欠费金额"]


def _fees_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FEE_HEADERS)
    writer.writerow(["1", "1", "101", "物业费", "2025/1/1", "2025年6月30日", "1234.56"])
    writer.writerow(["1栋", "1单元", "102", "物业费", "45658", "45838", "0.10"])
    writer.writerow(["1", "1", "101", "物业费", "2025/7/1", "2025/12/31", "333.33"])
    return out.getvalue().encode("gb18030")


def _run(supervisor, estate, kind, data, hook):
    batch = services.batch_upload(
        actor=supervisor, estate=estate, kind=kind, source="HC", file_name="f.csv", data=data
    )
    batch = services.batch_check(actor=supervisor, batch=batch, mapping=batch.mapping)
    assert batch.rows_rejected == 0, list(batch.problems.values_list("row", "column", "message"))
    with hook(execute=True):
        services.batch_confirm(actor=supervisor, batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.job.message
    return batch


def test_opening_arrears_become_charges_once(
    supervisor, estate, django_capture_on_commit_callbacks
):
    hook = django_capture_on_commit_callbacks
    property_fee(estate)
    _run(supervisor, estate, Kind.HC_ROOMS, hc_csv_gbk(hc_rows(4)), hook)
    _run(supervisor, estate, Kind.HC_FEES, _fees_csv(), hook)
    unit = Unit.objects.get(estate=estate, code="1-1-101")
    assert arrears_for_unit(unit).amount == Decimal("1567.89")
    again = _run(supervisor, estate, Kind.HC_FEES, _fees_csv(), hook)
    assert again.summary["counts"]["charge"] == {"unchanged": 3}
    assert OpeningCharge.objects.count() == 3
    assert arrears_for_unit(unit).amount == Decimal("1567.89")


def test_an_estate_without_a_fee_type_refuses_the_rows(
    supervisor, estate, django_capture_on_commit_callbacks
):
    hook = django_capture_on_commit_callbacks
    _run(supervisor, estate, Kind.HC_ROOMS, hc_csv_gbk(hc_rows(4)), hook)
    batch = _run(supervisor, estate, Kind.HC_FEES, _fees_csv(), hook)
    assert batch.summary["refused"] == 3
    assert not OpeningCharge.objects.exists()
    assert batch.problems.filter(is_error=True, message__contains="fee type").count() == 3


def test_a_fee_sheet_leaves_its_units_as_they_are(
    supervisor, estate, django_capture_on_commit_callbacks
):
    """A fee row says nothing of the unit: a shop stays a shop, its floor stays, no history."""
    hook = django_capture_on_commit_callbacks
    property_fee(estate)
    _run(supervisor, estate, Kind.HC_ROOMS, hc_csv_gbk(hc_rows(4)), hook)
    shop = Unit.objects.get(estate=estate, code="1-1-101")
    Unit.objects.filter(pk=shop.pk).update(use=Unit.Use.COMMERCIAL, floor=3)
    versions = shop.history.count()
    batch = _run(supervisor, estate, Kind.HC_FEES, _fees_csv(), hook)
    shop.refresh_from_db()
    assert (shop.use, shop.floor, shop.history.count()) == (Unit.Use.COMMERCIAL, 3, versions)
    assert "unit" not in batch.summary["counts"]
