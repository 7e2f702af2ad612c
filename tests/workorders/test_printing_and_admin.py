import shutil
import subprocess

import pytest
from django.urls import reverse

from tests.workorders.helpers import make_order
from workorders import pdf, services

pytestmark = pytest.mark.usefixtures("printed_in_english")  # they read the English texts


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; `make run`/.ci/run install it")
    path = tmp_path / "order.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def test_the_repair_order_prints_with_chinese_text(order, tech, tmp_path):
    services.order_sign(actor=tech, order=order)
    services.order_start(actor=tech, order=order)
    services.order_complete(actor=tech, order=order, work_done="更换水龙头阀芯")
    data = pdf.render_order(order)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    assert order.number in text
    assert "厨房水龙头漏水" in text and "更换水龙头阀芯" in text and "丽景花园" in text
    assert "Owner's signature" in text and "Technician's signature" in text
    assert "Owner's maintenance registration" in text


@pytest.mark.parametrize(
    ("kind", "heading"),
    [("engineering", "Engineering order"), ("coordination", "Internal coordination sheet")],
)
def test_engineering_orders_and_coordination_sheets_print(
    receptionist, estate, kind, heading, tmp_path
):
    order = make_order(
        receptionist, estate, kind=kind, location="地下车库", description="排水泵故障"
    )
    text = pdf_text(pdf.render_order(order), tmp_path)
    assert heading in text and "排水泵故障" in text and order.number in text


def test_the_print_view(client, order, receptionist, outsider, cashier, tmp_path):
    url = reverse("workorders:order-pdf", args=[order.pk])
    client.force_login(receptionist)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert order.number in pdf_text(response.content, tmp_path)
    assert client.post(url).status_code == 405
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(cashier)
    assert client.get(url).status_code == 403


def test_the_admin_lists_orders_of_the_supervisors_estates(
    client, order, supervisor, outsider_order
):
    client.force_login(supervisor)
    response = client.get(reverse("admin:workorders_workorder_changelist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert order.number in body
    assert outsider_order.get_absolute_url() not in body
    change = client.get(reverse("admin:workorders_workorder_change", args=[order.pk]))
    assert change.status_code == 200 and "dispatched" in change.content.decode()
    foreign = client.get(reverse("admin:workorders_workorder_change", args=[outsider_order.pk]))
    assert foreign.status_code == 302  # "not found": back to the admin index
    history = client.get(reverse("admin:workorders_workorder_history", args=[order.pk]))
    assert history.status_code == 200
    assert client.get(reverse("admin:workorders_categorysla_changelist")).status_code == 200


@pytest.fixture
def outsider_order(other_estate, outsider):
    return make_order(outsider, other_estate, location="翠湖苑大门")


def test_the_printed_order_shows_the_verification_the_payment_and_a_return_visit_block(
    order, tech, head, cashier, unit, estate, tmp_path
):
    from fees import services as fee_services
    from fees.models import FeeType

    FeeType.objects.create(estate=estate, kind=FeeType.Kind.SERVICE, name="维修服务费")
    services.order_sign(actor=tech, order=order)
    services.order_start(actor=tech, order=order)
    services.order_complete(actor=tech, order=order, work_done="换龙头", paid=True, amount="85.50")
    services.order_verify(actor=head, order=order, note="复查合格")
    owing = pdf_text(pdf.render_order(order), tmp_path)
    order.refresh_from_db()
    payment = fee_services.payment_take(actor=cashier, unit=unit, amount="85.50", method="cash")
    paid = pdf_text(pdf.render_order(order), tmp_path)

    assert "owing ¥85.50" in owing and "Verified at" in owing and "复查合格" in owing
    assert "Return visit" in owing and "Very satisfied" in owing
    assert "paid" in paid and payment.receipt_number in paid
