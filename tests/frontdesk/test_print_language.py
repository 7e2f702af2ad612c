"""Printed documents speak to the owner: in the estate's print language (Simplified Chinese
by default) whatever the language of the desk's screens, unless the desk asks for another
with ``?lang=`` on the document's URL."""

import pytest
from django.urls import reverse
from django.utils import translation

from fees import services as fees_services
from frontdesk.pdf import language_for, print_language, render_pdf, requested_language
from tests.factories import BuildingFactory, OwnerFactory, OwnershipFactory, UnitFactory
from tests.fees.helpers import JAN, bill
from tests.frontdesk.test_pdf import pdf_text
from tests.workorders.helpers import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(estate):
    unit = UnitFactory(building=BuildingFactory(estate=estate, number="3"), code="3-2-1201")
    OwnershipFactory(unit=unit, owner=OwnerFactory(estate=estate, name="王喆"))
    return unit


@pytest.fixture
def payment(estate, unit, cashier):
    bill(estate, JAN)
    return fees_services.payment_take(actor=cashier, unit=unit, amount="250", method="cash")


def receipt(client, payment, query=""):
    response = client.get(f"/fees/payments/{payment.pk}/receipt.pdf?layout=a5{query}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_a_receipt_prints_in_chinese_while_the_desk_is_in_english(
    client, cashier, payment, tmp_path
):
    client.force_login(cashier)  # the client's UI language is English (tests/conftest.py)

    text = pdf_text(receipt(client, payment), tmp_path)

    assert "现金" in text and "Cash" not in text
    assert "贰佰伍拾元整" in text and payment.receipt_number in text


def test_the_desk_asks_for_an_english_receipt(client, cashier, payment, tmp_path):
    client.force_login(cashier)

    text = pdf_text(receipt(client, payment, "&lang=en"), tmp_path)

    assert "Cash" in text and "现金" not in text


def test_an_estate_that_prints_in_english_gets_english_unless_asked_for_chinese(
    client, cashier, estate, payment, tmp_path
):
    estate.print_language = "en"
    estate.save()
    client.force_login(cashier)
    client.cookies["django_language"] = "zh-hans"  # the desk's screens in Chinese

    assert "Cash" in pdf_text(receipt(client, payment), tmp_path)
    assert "现金" in pdf_text(receipt(client, payment, "&lang=zh-hans"), tmp_path)


def test_an_unknown_language_asked_for_changes_nothing(client, cashier, payment, tmp_path):
    client.force_login(cashier)

    text = pdf_text(receipt(client, payment, "&lang=xx"), tmp_path)

    assert "现金" in text


def test_a_work_order_prints_in_chinese_and_in_english_when_asked(
    client, receptionist, estate, tmp_path
):
    order = make_order(receptionist, estate, location="3号楼大堂")
    client.force_login(receptionist)
    url = reverse("workorders:order-pdf", args=[order.pk])

    chinese = pdf_text(client.get(url).content, tmp_path)
    english = pdf_text(client.get(url, {"lang": "en"}).content, tmp_path)

    assert order.number in chinese and "报修人" in chinese and "Reported by" not in chinese
    assert order.number in english and "报修人" not in english


def test_the_language_asked_for_lasts_only_its_request(client, cashier, payment, tmp_path):
    client.force_login(cashier)
    receipt(client, payment, "&lang=en")

    assert language_for(payment.estate) == "zh-hans"
    assert "现金" in pdf_text(receipt(client, payment), tmp_path)


def test_the_print_language_resolves_request_then_estate_then_office(estate):
    assert language_for() == "zh-hans"
    estate.print_language = "en"
    assert language_for(estate) == "en"
    with requested_language("zh-CN"):
        assert language_for(estate) == "zh-hans"
    with requested_language("nonsense"):
        assert language_for(estate) == "en"
    with print_language(estate):
        assert translation.get_language() == "en"


def test_numbers_and_dates_follow_the_print_language(estate, tmp_path):
    import datetime

    from django.template import engines

    template = engines["django"].from_string("{{ day }}")
    day = datetime.date(2026, 3, 2)
    with print_language(estate):
        chinese = template.render({"day": day})
    estate.print_language = "en"
    with print_language(estate):
        english = template.render({"day": day})
    assert chinese == "2026年3月2日" and english == "March 2, 2026"

    data = render_pdf("frontdesk/pdf/sample.html", {"estate": estate, "title": "T", "text": ""})
    assert data.startswith(b"%PDF")


def test_a_supervisor_sets_the_print_language_in_the_admin(client, estate):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(root)
    url = reverse("admin:owners_estate_change", args=[estate.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="print_language"' in page.text

    form = {
        "code": estate.code,
        "name": estate.name,
        "address": "",
        "phone": "",
        "company": "",
        "print_language": "en",
    }
    assert client.post(url, form).status_code == 302
    estate.refresh_from_db()
    assert estate.print_language == "en"
    assert client.post(url, {**form, "print_language": "fr"}).status_code == 200  # refused
    estate.refresh_from_db()
    assert estate.print_language == "en"


def test_a_document_without_an_estate_in_its_context_finds_it_through_its_record(
    receptionist, estate
):
    from frontdesk.pdf import _estate_of

    order = make_order(receptionist, estate, location="3号楼大堂")

    assert _estate_of({"order": order}) == estate  # WorkOrder.estate_lookup
    assert _estate_of({"estate": None, "unit_estate": estate}) == estate  # Estate: "id"
    assert _estate_of({"text": "业主", "rows": [order]}) is None
