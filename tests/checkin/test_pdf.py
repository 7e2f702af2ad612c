import pytest
from django.urls import reverse

from checkin.pdf.custody import render_agreement
from tests.frontdesk.test_pdf import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("printed_in_english")]


def test_the_custody_agreement_shows_chinese(custody, tmp_path):
    data = render_agreement(custody)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "丽景花园" in text
    assert "张伟" in text
    assert "3-2-1201" in text
    assert "2026-03-02" in text
    assert "70%" in text
    assert "signature" in text


def test_the_agreement_page_answers_a_pdf(client, receptionist, custody, outsider):
    client.force_login(receptionist)
    response = client.get(reverse("checkin:custody-agreement", args=[custody.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.force_login(outsider)
    assert client.get(reverse("checkin:custody-agreement", args=[custody.pk])).status_code == 404


def test_the_agreement_prints_the_keys_the_owners_masked_id_and_the_fee_in_figures(
    receptionist, unit, tmp_path
):
    from decimal import Decimal

    from fees.models import FeeRate, FeeType
    from tests.factories import resident_id

    from .helpers import START, start

    owner = unit.ownerships.get().owner
    owner.id_number = resident_id(5)
    owner.save()
    unit.area = Decimal("100.00")
    unit.save()
    fee_type = FeeType.objects.create(estate=unit.estate, kind=FeeType.Kind.PROPERTY, name="物业费")
    FeeRate.objects.create(
        fee_type=fee_type, unit_use="", rate=Decimal("2.50"), effective_from=START
    )

    text = pdf_text(render_agreement(start(receptionist, unit, keys_deposited=3)), tmp_path)

    assert "Keys left with the office" in text and "\n3\n" in f"\n{text}\n".replace(" ", "\n")
    assert owner.id_number not in text and owner.id_number[-4:] in text
    assert "¥175.00" in text and "¥250.00" in text


def test_a_bad_key_count_is_refused(receptionist, unit):
    from frontdesk.errors import DeskError

    from .helpers import start

    with pytest.raises(DeskError) as refused:
        start(receptionist, unit, keys_deposited=21)

    assert refused.value.field == "keys_deposited"
    assert not unit.custodies.exists()
