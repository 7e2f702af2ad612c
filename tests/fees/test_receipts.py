import datetime
import re
import shutil
import subprocess
from decimal import Decimal

import pytest

from fees import services
from fees.pdf import amount_in_words, render_receipt
from fees.selectors import payment_get
from frontdesk import roles
from owners.models import Unit
from tests.factories import (
    BuildingFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
    property_fee,
    staff,
)
from tests.frontdesk.test_pdf import pdf_text

JAN, FEB, MAR = (datetime.date(2025, month, 1) for month in (1, 2, 3))
# Rare characters of real names: 喆 堃 昇 赟 from the basic block, 𠈌 from extension B.
RARE_NAMES = ["王喆", "李堃昇赟", "陈𠈌"]

pytestmark = pytest.mark.usefixtures("printed_in_english")  # they read the English texts


@pytest.mark.parametrize(
    "amount, words",
    [
        ("0.05", "伍分"),
        ("10", "壹拾元整"),
        ("100.5", "壹佰元伍角整"),
        ("1001", "壹仟零壹元整"),
        ("10010.01", "壹万零壹拾元零壹分"),
        ("128.50", "壹佰贰拾捌元伍角整"),
        ("0", "零元整"),
        ("100000", "壹拾万元整"),
        ("100010000", "壹亿零壹万元整"),
        ("-250", "负贰佰伍拾元整"),
    ],
)
def test_it_writes_amounts_in_chinese_capitals(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def test_it_refuses_an_amount_finer_than_a_fen():
    with pytest.raises(ValueError):
        amount_in_words(Decimal("1.005"))


@pytest.fixture
def cashier(estate):
    return staff(
        estates=[estate], roles=[roles.CASHIER], username="cashier", last_name="赵", first_name="敏"
    )


@pytest.fixture
def unit(estate):
    unit = UnitFactory(
        building=BuildingFactory(estate=estate, number="3"),
        entrance="2",
        room="1201",
        code="3-2-1201",
        area=Decimal("100.00"),
        status=Unit.Status.OCCUPIED,
    )
    for share, name in zip(("50", "30", "20"), RARE_NAMES, strict=True):
        OwnershipFactory(
            unit=unit, owner=OwnerFactory(estate=estate, name=name), share=Decimal(share)
        )
    return unit


@pytest.fixture
def payment(estate, unit, cashier):
    property_fee(estate, rate="2.50")
    for month in (JAN, FEB, MAR):
        services.billing_run(estate_id=estate.pk, period=month)
    payment = services.payment_take(
        actor=cashier, unit=unit, amount="800", method="wechat", reference="4200009876"
    )
    return payment_get(user=cashier, pk=payment.pk)


def _page_size(data: bytes, tmp_path) -> tuple[int, int]:
    """Width and height in points, as pdfinfo reads them."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "size.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    return round(float(width)), round(float(height))


@pytest.mark.parametrize("layout, width", [("a5", 420), ("thermal", 227)])
def test_it_prints_the_receipts_facts_in_both_layouts(payment, tmp_path, layout, width):
    payment.estate.company = "北京望京物业服务有限公司"
    data = render_receipt(payment, layout)
    assert data.startswith(b"%PDF") and _page_size(data, tmp_path)[0] == width
    text = pdf_text(data, tmp_path)
    facts = [
        "北京望京物业服务有限公司",
        "丽景花园",
        "2.50 CNY/m² × 100.00 m²",
        "RMB",
        payment.receipt_number,
        "3-2-1201",
        "物业管理费",
        "2025-01",
        "2025-03",
        "250.00",
        "50.00",  # kept as prepaid balance
        "800.00",
        "捌佰元整",
        "WeChat Pay",
        "4200009876",
        "赵敏",
    ]
    for fact in facts:
        assert fact in text, fact


def test_the_roll_is_cut_where_the_receipt_ends(payment, tmp_path):
    width, height = _page_size(render_receipt(payment, "thermal"), tmp_path)

    # Three lines of fees, not the 200 mm (567 pt) of a fixed page; and not cut off either.
    assert width == 227 and 300 < height < 567
    assert "Stamp" in pdf_text(render_receipt(payment, "thermal"), tmp_path)


def test_a_receipt_book_prints_its_three_marked_parts(client, cashier, payment, tmp_path):
    client.force_login(cashier)

    response = client.get(f"/fees/payments/{payment.pk}/receipt.pdf?layout=a5&copies=3")

    text = pdf_text(response.content, tmp_path)
    pages = text.split("\f")[:3]
    marks = ("Stub", "for the payer", "Accounts")
    assert [mark in page for page, mark in zip(pages, marks, strict=True)] == [True] * 3
    assert all(payment.receipt_number in page for page in pages[:3])


def test_a_reprint_says_what_the_receipt_said_when_issued(payment, cashier, client, tmp_path):
    # April is billed later and settled from the 50.00 the payment left as prepaid balance.
    services.billing_run(estate_id=payment.estate_id, period=datetime.date(2025, 4, 1))
    assert payment.allocations.filter(from_prepaid=True).get().amount == Decimal("50.00")
    text = pdf_text(render_receipt(payment_get(user=cashier, pk=payment.pk)), tmp_path)
    assert "2025-04" not in text and "50.00" in text  # still "kept as prepaid balance"
    client.force_login(cashier)
    page = client.get(f"/fees/payments/{payment.pk}/")
    assert page.context["prepaid"] == Decimal("50.00")
    assert [a.charge.period.month for a in page.context["later"]] == [4]
    assert "Settled later from the prepaid balance" in page.content.decode()


def test_it_gives_back_rare_characters_of_payers_names_exactly(payment, tmp_path):
    for layout in ("a5", "thermal"):
        text = pdf_text(render_receipt(payment, layout), tmp_path)
        for name in RARE_NAMES:
            assert name in text, (layout, name)


def test_it_marks_a_reversal_in_red_with_the_receipt_it_cancels(payment, estate, cashier, tmp_path):
    supervisor = staff(estates=[estate], roles=[roles.CS_SUPERVISOR], username="boss")
    request = services.reversal_request(actor=cashier, payment=payment, reason="重复收款")
    reversal = services.reversal_approve(actor=supervisor, request=request)
    data = render_receipt(payment_get(user=cashier, pk=reversal.pk), "a5")
    text = pdf_text(data, tmp_path)
    for fact in [reversal.receipt_number, payment.receipt_number, "-800.00", "负捌佰元整"]:
        assert fact in text, fact
    assert "REVERSAL" in text and "重复收款" in text.replace("\n", "")


# The receipt PDF's URL


def test_it_serves_the_receipt_pdf_inline(client, cashier, payment, tmp_path):
    client.force_login(cashier)
    response = client.get(f"/fees/payments/{payment.pk}/receipt.pdf?layout=thermal")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert _page_size(response.content, tmp_path)[0] == 227
    default = client.get(f"/fees/payments/{payment.pk}/receipt.pdf")
    assert _page_size(default.content, tmp_path) == (420, 595)


def test_it_guards_the_receipt_pdf(client, cashier, payment, estate, other_estate):
    url = f"/fees/payments/{payment.pk}/receipt.pdf"
    client.force_login(cashier)
    assert client.post(url).status_code == 405
    assert client.get(url, {"layout": "letter"}).status_code == 404
    client.force_login(staff(estates=[other_estate], roles=[roles.CASHIER], username="foreign"))
    assert client.get(url).status_code == 404
    client.force_login(staff(estates=[estate], roles=[roles.TECHNICIAN], username="tech"))
    assert client.get(url).status_code == 403
