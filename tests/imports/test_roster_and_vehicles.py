from pathlib import Path

import pytest

from imports import services
from imports.models import ImportBatch, Kind, PastPayment
from owners.models import Owner, Ownership, Vehicle
from owners.search import search

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def _run(supervisor, estate, kind, path, hook):
    batch = services.batch_upload(
        actor=supervisor,
        estate=estate,
        kind=kind,
        source="样例",
        file_name=path.name,
        data=path.read_bytes(),
    )
    batch = services.batch_check(actor=supervisor, batch=batch, mapping=batch.mapping)
    assert batch.rows_rejected == 0, list(batch.problems.values_list("row", "column", "message"))
    with hook(execute=True):
        services.batch_confirm(actor=supervisor, batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    return batch


def test_the_roster_and_vehicle_samples_go_in(
    supervisor, estate, django_capture_on_commit_callbacks
):
    hook = django_capture_on_commit_callbacks
    _run(supervisor, estate, Kind.ROSTER, SAMPLES / "owner-roster.csv", hook)
    assert Owner.objects.get(name="单田芳").name_pinyin == "shantianfang"
    assert Owner.objects.get(name="华润置地有限公司").kind == Owner.Kind.COMPANY
    since = Ownership.objects.get(owner__name="李𠈌").since
    assert since.isoformat() == "2020-01-01"  # an Excel serial date
    assert [p.name for p in search(estate_ids={estate.pk}, query="stf").people] == ["单田芳"]
    _run(supervisor, estate, Kind.HC_VEHICLES, SAMPLES / "hc-vehicles-业主车辆信息.csv", hook)
    assert sorted(Vehicle.objects.values_list("plate", "unit__code")) == [
        ("粤B12345", "1-1-101"),
        ("粤BD12345", "1-1-102"),
    ]


def test_the_hc_samples_read_in_both_encodings(supervisor, estate):
    for name in ("hc-importRoom-资产信息.xlsx", "hc-importRoom-gbk.csv"):
        batch = services.batch_upload(
            actor=supervisor,
            estate=estate,
            kind=Kind.HC_ROOMS,
            source="HC",
            file_name=name,
            data=(SAMPLES / name).read_bytes(),
        )
        batch = services.batch_check(actor=supervisor, batch=batch, mapping=batch.mapping)
        assert batch.rows_rejected == 0
    assert not Owner.objects.exists()  # checked, not imported


def test_the_payment_history_sample_goes_in_after_the_houses(
    supervisor, estate, django_capture_on_commit_callbacks
):
    hook = django_capture_on_commit_callbacks
    _run(supervisor, estate, Kind.HC_ROOMS, SAMPLES / "hc-importRoom-gbk.csv", hook)
    batch = _run(supervisor, estate, Kind.HC_PAYMENTS, SAMPLES / "hc-payments-缴费历史.csv", hook)
    assert batch.summary["refused"] == 0
    assert PastPayment.objects.filter(unit__code="1-1-102").count() == 2
