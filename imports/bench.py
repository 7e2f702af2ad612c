"""Imports' rows of ``manage.py bench``: an HC export of 20,000 units (owners, co-owners,
tenants), its opening arrears and two years of its payment history, previewed (read, mapped,
every row checked) and imported as the background job does it. A smaller BIG (``--units``)
imports a fifth of its size.

The import goes to an estate of its own (``IMPB``), made on the first run, so that the BIG
estate's data stays as the other apps expect it. A later run imports the same files again:
it then times the re-import, which must change nothing, and says so."""

import csv
import datetime
import io
import time

from fees.demo import fee_types_create
from frontdesk import jobs, roles
from frontdesk.bench import AppBench, Measurement, Target, bench_user
from owners.models import Estate

from . import services
from .models import ImportBatch, Kind

UNITS = 20_000  # with BIG's 100,000
UNITS_PER_ENTRANCE = 60  # 30 floors × 2
ENTRANCES = 2
PREVIEW = Target(p95_ms=30_000)
IMPORT = Target(p95_ms=60_000)
ROOM_HEADERS = [
    "楼号",
    "单元",
    "房间",
    "楼层",
    "总层数",
    "建筑面积",
    "房屋状态",
    "业主名称",
    "性别",
    "手机号",
    "身份证号",
    "业主类型",
    "人员类型",
    "人员角色",
]
FEE_HEADERS = ["楼号", "单元", "房间", "费用项", "开始时间", "结束时间", "欠费金额"]
PAYMENT_HEADERS = ["楼号", "单元", "房间", "费用项", "实收金额", "缴费时间", "收据号", "支付方式"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗曾单仇解"


def _place(n: int) -> tuple[int, int, int, str]:
    per_building = UNITS_PER_ENTRANCE * ENTRANCES
    building, rest = divmod(n, per_building)
    entrance, rest = divmod(rest, UNITS_PER_ENTRANCE)
    floor, side = divmod(rest, 2)
    return building + 1, entrance + 1, floor + 1, f"{floor + 1}{side + 1:02d}"


def _id_number(n: int) -> str:
    """A valid resident ID (GB 11643 check digit) that differs per person."""
    body = f"110105{1960 + n % 40}{n % 12 + 1:02d}{n % 28 + 1:02d}{n % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def rooms_csv(units: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ROOM_HEADERS)
    for n in range(units):
        building, entrance, floor, room = _place(n)
        base = [building, entrance, room, floor, 30, "89.50", "2001"]
        name = SURNAMES[n % len(SURNAMES)] + "明强芳伟丽"[n % 5] + "军华敏"[n // 5 % 3]
        phone = f"139{n:08d}"
        writer.writerow(base + [name, "男", phone, _id_number(n), "1001", "P", "1"])
        if n % 10 == 3:  # a co-owner
            writer.writerow(base + [f"配偶{n}", "女", f"137{n:08d}", "", "1001", "P", "1"])
        if n % 15 == 4:  # a tenant
            writer.writerow(base + [f"租客{n}", "男", f"136{n:08d}", "", "1003", "P", "2"])
    return out.getvalue().encode("gb18030")  # as Excel on Chinese Windows saves it


def fees_csv(units: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FEE_HEADERS)
    for n in range(0, units, 4):  # one unit in four owes
        building, entrance, _floor, room = _place(n)
        writer.writerow(
            [building, entrance, room, "物业费", "2025/1/1", "2025年6月30日", "1074.00"]
        )
    return out.getvalue().encode("utf-8-sig")


def payments_csv(units: int) -> bytes:
    """Two years of the old system's yearly property-fee payments of every unit."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PAYMENT_HEADERS)
    for year in (2023, 2024):
        for n in range(units):
            building, entrance, _floor, room = _place(n)
            receipt = f"HC{year}{n:06d}"
            writer.writerow(
                [building, entrance, room, "物业费", "1074.00", f"{year}/1/5", receipt, "微信"]
            )
    return out.getvalue().encode("utf-8-sig")


def _estate() -> Estate:
    """The import's own estate, with the property fee its opening arrears are charged as."""
    estate, made = Estate.objects.get_or_create(
        code="IMPB", defaults={"name": "导入测评小区", "company": "测评物业服务有限公司"}
    )
    if made:
        fee_types_create(estate, datetime.date(2020, 1, 1))
    return estate


def _preview_and_import(app_bench: AppBench, actor, estate, kind, name, data) -> list:
    preview = Measurement(f"imports: preview {name}", PREVIEW)
    began = time.monotonic()
    batch = services.batch_upload(
        actor=actor, estate=estate, kind=kind, source="HC", file_name=name, data=data
    )
    batch = services.batch_check(actor=actor, batch=batch, mapping=batch.mapping)
    preview.times_ms.append((time.monotonic() - began) * 1000)
    preview.remark = (
        f"{batch.rows_total} rows, {batch.rows_rejected} rejected, {batch.warnings} warnings"
    )
    done = Measurement(f"imports: import {name} (the job)", IMPORT)
    if batch.rows_rejected >= batch.rows_total:
        done.note = "nothing clean to import"
        return [preview, done]
    began = time.monotonic()
    job = services.batch_confirm(actor=actor, batch=batch, clean_rows_only=True)
    jobs.job_run(job_id=job.pk)  # here, unless an eager broker ran it on commit already
    done.times_ms.append((time.monotonic() - began) * 1000)
    batch.refresh_from_db()
    if batch.status != ImportBatch.Status.DONE:
        done.note = f"the job is {batch.status}: not timed"
        done.times_ms.clear()
    done.remark = services.summary_text(batch.summary) if batch.summary else ""
    return [preview, done]


def measurements(app_bench: AppBench) -> list[Measurement]:
    from owners.models import Unit

    units = min(UNITS, max(20, Unit.objects.filter(estate=app_bench.estate).count() // 5))
    estate = _estate()
    actor = bench_user(estate, roles.CS_SUPERVISOR)
    again = ImportBatch.objects.filter(estate=estate, status=ImportBatch.Status.DONE).exists()
    app_bench.say(
        f"imports: {'re-importing' if again else 'importing'} {units:,} units into {estate.code}"
    )
    rooms, owing = f"importRoom-{units}.csv", f"fees-{(units + 3) // 4}.csv"
    rows = _preview_and_import(app_bench, actor, estate, Kind.HC_ROOMS, rooms, rooms_csv(units))
    rows += _preview_and_import(app_bench, actor, estate, Kind.HC_FEES, owing, fees_csv(units))
    paid = f"payments-{units * 2}.csv"
    rows += _preview_and_import(
        app_bench, actor, estate, Kind.HC_PAYMENTS, paid, payments_csv(units)
    )
    return rows
