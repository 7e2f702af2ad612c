"""Reference data speaks the desk's language: departments and fee types carry an English
name shown when the desk is in English; Chinese pages and printed documents keep the name."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from fees.selectors import arrears_for_unit
from frontdesk.models import Department
from tests.factories import UnitFactory, property_fee
from tests.factories.fees import ChargeFactory

pytestmark = pytest.mark.django_db


def test_a_department_and_a_fee_type_in_either_language(estate):
    department = Department.objects.create(
        estate=estate, kind=Department.Kind.ENGINEERING, name="工程维修部", name_en="Engineering"
    )
    plain = Department.objects.create(estate=estate, kind=Department.Kind.SECURITY)
    fee = property_fee(estate)
    fee.name_en = "Property management fee"
    fee.save()
    with translation.override("en"):
        assert (str(department), str(plain), str(fee)) == (
            "Engineering",
            "Security",
            "Property management fee",
        )
    with translation.override("zh-hans"):
        security = str(Department.Kind.SECURITY.label)
        assert (str(department), str(plain), str(fee)) == ("工程维修部", security, fee.name)
    fee.name_en = ""
    with translation.override("en"):
        assert str(fee) == fee.name  # no English name: the name


def test_the_dossier_shows_the_fee_in_english_and_chinese(client, receptionist, estate):
    unit = UnitFactory(estate=estate)
    fee = property_fee(estate)
    fee.name_en = "Property management fee"
    fee.save()
    ChargeFactory(unit=unit, fee_type=fee, amount=Decimal("10.00"))
    client.force_login(receptionist)
    url = reverse("owners:unit-section", args=[unit.pk, "fees"])
    assert "Property management fee" in client.get(url).content.decode()
    client.cookies["django_language"] = "zh-hans"
    page = client.get(url).content.decode()
    assert fee.name in page and "Property management fee" not in page
    with translation.override("en"):
        assert arrears_for_unit(unit).by_fee_type[0][0] == "Property management fee"
