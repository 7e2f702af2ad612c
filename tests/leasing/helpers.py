import datetime
from decimal import Decimal

from fees.models import FeeType
from leasing import services
from leasing.models import Lessee, Space
from tests.factories.fees import FeeTypeFactory

CREDIT_CODE = "91350100M000100Y43"


def fee_types(estate):
    """The fee types leasing charges through (those the estate lacks)."""
    from fees.selectors import fee_type_of_kind

    for kind, name in (
        (FeeType.Kind.ADVERTISING_RENT, "广告位租金"),
        (FeeType.Kind.WAREHOUSE_RENT, "仓库租金"),
        (FeeType.Kind.SITE_RENT, "场地租金"),
        (FeeType.Kind.SITE_MANAGEMENT, "场地管理费"),
        (FeeType.Kind.DEPOSIT, "租赁押金"),
        (FeeType.Kind.OTHER, "其他费用"),
    ):
        if fee_type_of_kind(estate_id=estate.pk, kind=kind) is None:
            FeeTypeFactory(estate=estate, kind=kind, name=f"{name}（租赁）")


def space(actor, estate, *, code="S-01", kind=Space.Kind.SITE, ownership="common"):
    return services.space_create(
        actor=actor,
        estate_id=estate.pk,
        data=services.SpaceInput(
            code=code,
            kind=kind,
            name="中心广场",
            location="2号楼南侧",
            ownership=ownership,
            area=Decimal("120.50"),
        ),
    )


def lessee(actor, estate, name="福州美联广告有限公司", code=CREDIT_CODE):
    return services.lessee_create(
        actor=actor,
        estate_id=estate.pk,
        data=services.LesseeInput(
            kind=Lessee.Kind.COMPANY,
            name=name,
            contact_name="王经理",
            phone="13800138000",
            credit_code=code,
        ),
    )


def terms(**extra):
    values = {
        "start": datetime.date(2026, 1, 1),
        "end": datetime.date(2026, 12, 31),
        "rent": "3000.10",
        "cycle": 1,
        "purpose": "周末市集",
        "site_fee": "500.20",
        "deposit": "2000.00",
        "signed_on": datetime.date(2025, 12, 20),
    }
    values.update(extra)
    return services.Terms(**values)


def png_upload(name="photo.png"):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def world_rows(users, estate) -> dict:
    """A row of each leasing kind in ``estate`` for the access matrix: a site with its photo,
    a lessee, an open negotiation, a contract with a scan and an inspection with a photo."""
    fee_types(estate)
    site = services.space_create(
        actor=users["R"],
        estate_id=estate.pk,
        data=services.SpaceInput(
            code="M-01",
            kind=Space.Kind.SITE,
            name="中心广场",
            location="南门",
            ownership=Space.Ownership.COMMON,
            photo=png_upload(),
        ),
    )
    company = lessee(users["R"], estate)
    contract = services.contract_sign(actor=users["R"], space=site, lessee=company, terms=terms())
    talks = services.negotiation_open(
        actor=users["R"],
        space=space(users["R"], estate, code="M-02"),
        lessee=company,
        purpose="快闪店",
    )
    scan = services.scan_add(actor=users["R"], contract=contract, upload=png_upload("scan.png"))
    record = services.supervision_record(
        actor=users["S"],
        contract=contract,
        on=datetime.date(2026, 1, 5),
        finding="cleanliness",
        findings="摊位垃圾未清",
        photo=png_upload(),
        rectification="当日清理",
        rectify_by=datetime.date(2026, 1, 6),
    )
    return {
        "lease_space": site,
        "lessee": company,
        "negotiation": talks,
        "contract": contract,
        "contract_scan": scan,
        "supervision": record,
    }
