import pytest
from django.core.exceptions import ValidationError

from owners.validators import (
    IdType,
    mask_id_number,
    mask_phone,
    normalize_phone,
    validate_id_number,
    validate_phone,
)
from tests.factories import resident_id


@pytest.mark.parametrize(
    "number",
    ["11010519491231002X", "11010519491231002x", "440305198506010019", resident_id(7)],
)
def test_it_accepts_real_resident_ids(number):
    validate_id_number(IdType.RESIDENT_ID, number)


@pytest.mark.parametrize(
    "number, why",
    [
        ("110105194912310021", "wrong check digit"),
        ("11010519491331002X", "month 13"),
        ("1101051949123100", "too short"),
        ("11010519491231002Y", "letter other than X"),
    ],
)
def test_it_rejects_broken_resident_ids(number, why):
    with pytest.raises(ValidationError) as error:
        validate_id_number(IdType.RESIDENT_ID, number)
    assert "id_number" in error.value.message_dict, why


def test_it_accepts_a_real_credit_code():
    validate_id_number(IdType.CREDIT_CODE, "91110108551385082Q")


@pytest.mark.parametrize("code", ["91110108551385082A", "9111010855138508", "91110108551385082I"])
def test_it_rejects_broken_credit_codes(code):
    with pytest.raises(ValidationError, match="social credit code"):
        validate_id_number(IdType.CREDIT_CODE, code)


@pytest.mark.parametrize(
    "id_type, number, ok",
    [
        (IdType.PASSPORT, "E12345678", True),
        (IdType.PASSPORT, "AB-12", False),
        (IdType.HK_MACAU_PERMIT, "H12345678", True),
        (IdType.HK_MACAU_PERMIT, "M1234567890", True),
        (IdType.HK_MACAU_PERMIT, "X12345678", False),
        (IdType.TAIWAN_PERMIT, "12345678", True),
        (IdType.TAIWAN_PERMIT, "1234567", False),
    ],
)
def test_it_checks_other_documents_by_format(id_type, number, ok):
    if ok:
        validate_id_number(id_type, number)
    else:
        with pytest.raises(ValidationError):
            validate_id_number(id_type, number)


@pytest.mark.parametrize(
    "phone", ["13912345678", "+86 139 1234 5678", "010-12345678", "0755-1234567"]
)
def test_it_accepts_mobile_and_landline_phones(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12912345678", "1391234567", "phone", "139123456789"])
def test_it_rejects_malformed_phones(phone):
    with pytest.raises(ValidationError, match="11-digit"):
        validate_phone(phone)


def test_it_normalizes_phone_prefixes():
    assert normalize_phone("+86 139 1234 5678") == "13912345678"


def test_it_masks_id_numbers_and_phones():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("E12345678") == "E1*****78"
    assert mask_phone("13912345678") == "139****5678"
