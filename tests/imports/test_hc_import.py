import pytest
from django.urls import reverse

from frontdesk.errors import DeskError
from imports import services
from imports.errors import ImportsError
from imports.models import ImportBatch, Kind
from owners.models import Owner, Ownership, Resident, Unit
from owners.search import search
from tests.factories import resident_id

from .helpers import HC_HEADERS, hc_csv_gbk, hc_rows, hc_xlsx

pytestmark = pytest.mark.django_db


_HOOK = {}


@pytest.fixture(autouse=True)
def _run_jobs(django_capture_on_commit_callbacks):
    _HOOK["run"] = django_capture_on_commit_callbacks


def _import(supervisor, estate, data, name="importRoom.csv", clean_rows_only=False):
    batch = services.batch_upload(
        actor=supervisor, estate=estate, kind=Kind.HC_ROOMS, source="HC", file_name=name, data=data
    )
    batch = services.batch_check(actor=supervisor, batch=batch, mapping=batch.mapping)
    if batch.rows_rejected == 0 or clean_rows_only:
        confirm(supervisor, batch, clean_rows_only)
    batch.refresh_from_db()
    return batch


def confirm(supervisor, batch, clean_rows_only=False):
    with _HOOK["run"](execute=True):
        services.batch_confirm(actor=supervisor, batch=batch, clean_rows_only=clean_rows_only)


def test_it_imports_a_messy_hc_export_and_the_desk_finds_everyone(supervisor, estate):
    batch = _import(supervisor, estate, hc_csv_gbk(hc_rows()))
    assert batch.encoding == "gbk"
    assert batch.status == ImportBatch.Status.DONE, list(batch.problems.values_list("message"))
    assert batch.rows_rejected == 0
    assert Unit.objects.filter(estate=estate).count() == 300
    assert not Unit.objects.filter(code__contains="栋").exists()
    # placeholders flagged, not stored
    assert batch.problems.filter(is_error=False, message__contains="placeholder").exists()
    assert not Owner.objects.filter(phone="18999999999").exists()
    assert not Owner.objects.filter(id_number="111111111111111111").exists()
    # co-owners split evenly, one current ownership each, never over 100%
    co_unit = Unit.objects.get(estate=estate, code="1-1-202")
    shares = sorted(o.share for o in Ownership.objects.current().filter(unit=co_unit))
    assert [str(s) for s in shares] == ["50.00", "50.00"]
    assert Owner.objects.filter(kind=Owner.Kind.COMPANY).exists()
    assert Resident.objects.filter(kind=Resident.Kind.TENANT).count() == 20
    ids = {estate.pk}
    owner = Owner.objects.filter(name="曾伟明").first()
    assert owner.name_pinyin == "zengweiming"
    assert any(p.name == "曾伟明" for p in search(estate_ids=ids, query="曾伟明").people)
    assert any(p.name == "曾伟明" for p in search(estate_ids=ids, query="zwm").people)
    assert any(p.name == "曾伟明" for p in search(estate_ids=ids, query="zengwei").people)
    rare = Owner.objects.filter(name__contains="𠈌").first()
    assert "𠈌" in rare.name_pinyin
    assert any(p.name == rare.name for p in search(estate_ids=ids, query=rare.name).people)
    assert any(p.name == owner.name for p in search(estate_ids=ids, query=owner.phone[-4:]).people)
    assert [u.code for u in search(estate_ids=ids, query="1栋1单元202").units] == ["1-1-202"]


def test_it_changes_nothing_when_the_same_file_is_imported_again(supervisor, estate):
    data = hc_csv_gbk(hc_rows(60))
    _import(supervisor, estate, data)
    counts = [m.history.count() for m in (Unit, Owner, Ownership, Resident)]
    rows = [m.objects.count() for m in (Unit, Owner, Ownership, Resident)]
    second = _import(supervisor, estate, data)
    assert second.status == ImportBatch.Status.DONE
    assert [m.history.count() for m in (Unit, Owner, Ownership, Resident)] == counts
    assert [m.objects.count() for m in (Unit, Owner, Ownership, Resident)] == rows
    assert second.summary["counts"]["unit"] == {"unchanged": 60}
    assert set(second.summary["counts"]["owner"]) == {"unchanged"}
    assert set(second.summary["counts"]["ownership"]) == {"unchanged"}


def test_it_reads_xlsx_serial_dates_and_chinese_dates(supervisor, estate):
    rows = [row for row in hc_rows(4) if any(row)]
    headers = [*HC_HEADERS, "入住日期"]
    dates = [43831, "2020/1/1", "2020.01.01", "2020年1月1日", "2020-01-01", "2020-01-01"]
    rows = [[*row, dates[i % len(dates)]] for i, row in enumerate(rows)]
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    batch = _import(supervisor, estate, out.getvalue(), name="importRoom.xlsx")
    assert batch.status == ImportBatch.Status.DONE
    assert set(Ownership.objects.values_list("since", flat=True)) == {
        __import__("datetime").date(2020, 1, 1)
    }


def test_it_rejects_bad_rows_per_cell_and_imports_nothing_until_confirmed(supervisor, estate):
    rows = [row for row in hc_rows(5) if any(row)]
    good = resident_id(999)
    rows[1][15] = good[:-1] + ("0" if good[-1] != "0" else "1")  # a bad checksum
    rows[2][11] = "2099"  # not an allowed status
    rows[3][2] = "楼上那间"  # not a unit
    rows.append(list(rows[0]))  # a duplicate
    batch = services.batch_upload(
        actor=supervisor,
        estate=estate,
        kind=Kind.HC_ROOMS,
        source="HC",
        file_name="x.csv",
        data=hc_csv_gbk(rows),
    )
    batch = services.batch_check(actor=supervisor, batch=batch, mapping=batch.mapping)
    assert batch.rows_rejected == 4, list(batch.problems.values_list("row", "column", "message"))
    problems = {(p.row, p.column) for p in batch.problems.filter(is_error=True)}
    assert (3, "身份证号") in problems and (4, "房屋状态") in problems and (5, "房间") in problems
    assert not Unit.objects.exists()
    with pytest.raises(ImportsError) as refused:
        services.batch_confirm(actor=supervisor, batch=batch)
    assert refused.value.code == "has_problems"
    confirm(supervisor, batch, clean_rows_only=True)
    assert Unit.objects.count() == 3  # units 0, 3 (its co-owner's row) and 4
    rejected = services.rejected_rows_csv(batch).decode("utf-8-sig")
    assert "楼上那间" in rejected and "2099" in rejected


def test_it_refuses_a_file_without_known_columns_and_a_mapping_without_required(supervisor, estate):
    with pytest.raises(ImportsError) as refused:
        services.batch_upload(
            actor=supervisor,
            estate=estate,
            kind=Kind.HC_ROOMS,
            source="HC",
            file_name="x.csv",
            data="甲,乙\n1,2\n".encode(),
        )
    assert refused.value.code == "no_columns"
    batch = services.batch_upload(
        actor=supervisor,
        estate=estate,
        kind=Kind.HC_ROOMS,
        source="HC",
        file_name="x.csv",
        data=hc_csv_gbk(hc_rows(2)),
    )
    mapping = dict(batch.mapping)
    mapping.pop("area")
    with pytest.raises(ImportsError) as refused:
        services.batch_check(actor=supervisor, batch=batch, mapping=mapping)
    assert refused.value.code == "required_missing"


def test_it_remembers_the_mapping_per_source(supervisor, estate):
    data = "楼号,房号,平米,户主\n1,101,88,张三\n".encode()
    batch = services.batch_upload(
        actor=supervisor,
        estate=estate,
        kind=Kind.ROSTER,
        source="物业台账",
        file_name="r.csv",
        data=data,
    )
    mapping = {"building": "楼号", "room": "房号", "area": "平米", "name": "户主"}
    services.batch_check(actor=supervisor, batch=batch, mapping=mapping)
    again = services.batch_upload(
        actor=supervisor,
        estate=estate,
        kind=Kind.ROSTER,
        source="物业台账",
        file_name="r.csv",
        data=data,
    )
    assert again.mapping == mapping


def test_it_refuses_the_wrong_role_and_another_estate(
    receptionist, supervisor, estate, other_estate
):
    for actor, where in ((receptionist, estate), (supervisor, other_estate)):
        with pytest.raises(DeskError):
            services.batch_upload(
                actor=actor,
                estate=where,
                kind=Kind.HC_ROOMS,
                source="HC",
                file_name="x.csv",
                data=hc_csv_gbk(hc_rows(2)),
            )


def test_the_wizard_pages(client, supervisor, receptionist, outsider, estate):
    client.force_login(supervisor)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("importRoom.xlsx", hc_xlsx(hc_rows(6)))
    response = client.post(
        reverse("imports:new"),
        {"estate": estate.pk, "kind": Kind.HC_ROOMS, "source": "HC", "file": upload},
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert client.get(batch.get_absolute_url()).status_code == 200
    response = client.post(reverse("imports:check", args=[batch.pk]), batch.mapping)
    assert response.status_code == 302
    with _HOOK["run"](execute=True):
        response = client.post(reverse("imports:confirm", args=[batch.pk]))
    assert response.status_code == 302
    assert client.post(reverse("imports:confirm", args=[batch.pk])).status_code == 302  # twice
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert Unit.objects.count() == 6
    assert client.get(reverse("imports:template", args=["hc_rooms"])).status_code == 200
    assert client.get(reverse("imports:list")).status_code == 200
    assert client.get(reverse("imports:check", args=[batch.pk])).status_code == 405
    client.force_login(receptionist)
    assert client.get(batch.get_absolute_url()).status_code == 403
    client.force_login(outsider)
    assert client.get(batch.get_absolute_url()).status_code in (403, 404)
