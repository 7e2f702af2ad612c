"""Plain helpers of the renovation tests."""

import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from fees import services as fee_services
from fees.models import FeeRate, FeeType
from renovation import services
from renovation.models import Renovation
from tests.factories import resident_id

ID = resident_id(7)
AGENT_ID = resident_id(8)
WORKER_ID = resident_id(9)
CREDIT_CODE = "91110000600037341L"  # a valid GB 32100 code


def pdf_upload(name="plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def png_upload(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def garbage_fee(estate, *, rate="3.30", basis=FeeType.Basis.PER_SQUARE_METRE_MONTH):
    """The estate's decoration-garbage transport fee: by area unless ``basis`` is fixed."""
    fee_type = FeeType.objects.create(
        estate=estate, kind=FeeType.Kind.DECORATION_GARBAGE, name="装修垃圾清运费", basis=basis
    )
    FeeRate.objects.create(
        fee_type=fee_type, unit_use="", rate=Decimal(rate), effective_from=datetime.date(2020, 1, 1)
    )
    return fee_type


def application(**extra) -> services.Application:
    today = timezone.localdate()
    values = {
        "applicant": Renovation.Applicant.OWNER,
        "applicant_name": "张伟",
        "id_type": "resident_id",
        "id_number": ID,
        "applicant_phone": "13900001111",
        "contractor": "北京美家装饰工程有限公司",
        "contractor_code": CREDIT_CODE,
        "contractor_licence": pdf_upload("licence.pdf"),
        "site_manager": "赵强",
        "site_manager_phone": "13800002222",
        "scope": Renovation.Scope.FULL,
        "description": "全屋翻新：厨卫改造、铺地板、刷墙",
        "planned_start": today,
        "planned_end": today + datetime.timedelta(days=60),
        "workers": 5,
        "plans": [pdf_upload()],
    }
    values.update(extra)
    return services.Application(**values)


def apply(actor, unit, **extra) -> Renovation:
    form_key = extra.pop("form_key", None)
    return services.renovation_apply(
        actor=actor, unit=unit, application=application(**extra), form_key=form_key
    )


def approved(actor, reviewer, unit, **extra) -> Renovation:
    renovation = apply(actor, unit, **extra)
    return services.renovation_approve(actor=reviewer, renovation=renovation)


def pay_fee(cashier, renovation: Renovation) -> None:
    charge = renovation.fee_charge
    fee_services.payment_take(
        actor=cashier, unit=renovation.unit, amount=charge.outstanding, method="cash"
    )


def sign(actor, renovation: Renovation) -> Renovation:
    return services.agreement_sign(
        actor=actor,
        renovation=renovation,
        signed_on=timezone.localdate(),
        signed_by="张伟",
        contractor_signed_by="赵强",
    )


def permitted(desk, reviewer, cashier, unit, **extra) -> Renovation:
    renovation = approved(desk, reviewer, unit, **extra)
    pay_fee(cashier, renovation)
    sign(desk, renovation)
    return services.permit_issue(actor=desk, renovation=renovation)


def issue_pass(actor, renovation, **extra):
    values = {
        "name": "刘师傅",
        "id_type": "resident_id",
        "id_number": WORKER_ID,
        "trade": "水电工",
    }
    values.update(extra)
    return services.pass_issue(actor=actor, renovation=renovation, **values)


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout
