"""Identity documents and phone numbers of owners, residents and agents.

Checksums come from python-stdnum: GB 11643 for the mainland resident ID (with birth date and
region), GB 32100 for the unified social credit code.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

from frontdesk.text import check_birth_date


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Mainland resident ID card")
    CREDIT_CODE = "credit_code", _("Unified social credit code")
    PASSPORT = "passport", _("Passport")
    HK_MACAU_PERMIT = "hk_macau_permit", _("Home-return permit (Hong Kong/Macau)")
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit (Taiwan)")


_FORMATS = {
    IdType.PASSPORT: re.compile(r"^[A-Z0-9]{6,12}$"),
    IdType.HK_MACAU_PERMIT: re.compile(r"^[HM]\d{8}(\d{2})?$", re.ASCII),
    IdType.TAIWAN_PERMIT: re.compile(r"^\d{8}(\d{2})?$", re.ASCII),
}
# re.ASCII: \d would also match full-width and other scripts' digits.
_MOBILE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$", re.ASCII)
# A mainland plate: province, issuing letter, then 5 (ordinary) or 6 (new energy) letters
# and digits, the last possibly 挂/学/警/港/澳/领/使; military and embassy plates excepted.
_PLATE = re.compile(
    r"^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳领使]$",
    re.ASCII,
)


def normalize_id_number(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def validate_id_number(id_type: str, number: str) -> None:
    """Raise ValidationError (field ``id_number``) when the number does not fit its type."""
    number = normalize_id_number(number)
    if not number:
        return
    try:
        if id_type == IdType.RESIDENT_ID:
            ric.validate(number)
            check_birth_date(ric.get_birth_date(number))
        elif id_type == IdType.CREDIT_CODE:
            uscc.validate(number)
        elif not _FORMATS[IdType(id_type)].match(number):
            raise StdnumError()
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}, code=error.code) from None
    except (StdnumError, KeyError, ValueError):
        messages: dict[str, Any] = {
            IdType.RESIDENT_ID: _(
                "Not a valid mainland resident ID number: 18 characters with a correct "
                "birth date and check digit."
            ),
            IdType.CREDIT_CODE: _(
                "Not a valid unified social credit code: 18 characters with a correct "
                "check character."
            ),
        }
        message = messages.get(id_type, _("This number does not match the document type."))
        raise ValidationError({"id_number": message}, code="invalid_id") from None


def normalize_phone(value: str) -> str:
    value = re.sub(r"[\s()]", "", value or "")
    return re.sub(r"^(\+86|0086)", "", value)


def validate_phone(value: str) -> None:
    phone = normalize_phone(value)
    if phone and not (_MOBILE.match(phone) or _LANDLINE.match(phone)):
        raise ValidationError(
            _("Enter an 11-digit mobile number or a landline such as 010-12345678."),
            code="invalid_phone",
        )


def normalize_plate(value: str) -> str:
    return "".join((value or "").split()).upper()


def validate_plate(value: str) -> None:
    """A Chinese vehicle plate such as 京A12345 or 粤B D12345 (new energy)."""
    plate = normalize_plate(value)
    if plate and not _PLATE.match(plate):
        raise ValidationError(
            _("Enter a vehicle plate such as 京A12345 (new energy: 京AD12345)."),
            code="invalid_plate",
        )


def mask_id_number(number: str) -> str:
    """``110105194912310021`` → ``110105********0021``; short numbers keep two each side."""
    if not number:
        return ""
    keep_head, keep_tail = (6, 4) if len(number) >= 15 else (2, 2)
    if len(number) <= keep_head + keep_tail:
        return number[:1] + "*" * (len(number) - 1)
    return number[:keep_head] + "*" * (len(number) - keep_head - keep_tail) + number[-keep_tail:]


def mask_phone(phone: str) -> str:
    if len(phone) < 7:
        return phone
    return phone[:3] + "****" + phone[-4:]


_LAYOUT_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_LAYOUT_PART = re.compile(r"(\d{1,2}|[一二两三四五六七八九])\s*(室|房|厅|厨|卫|阳台)")
# What each word of a layout counts: 室 and 房 are bedrooms.
_LAYOUT_KEYS = {"室": "bedrooms", "房": "bedrooms", "厅": "halls", "厨": "kitchens", "卫": "baths"}
_LAYOUT_KEYS["阳台"] = "balconies"


def layout_counts(layout: str) -> dict[str, int]:
    """The rooms a layout (户型) names: "3室2厅2卫" → bedrooms 3, halls 2, baths 2; an
    empty or unreadable layout names none."""
    counts: dict[str, int] = {}
    for number, word in _LAYOUT_PART.findall(layout or ""):
        value = int(number) if number.isdigit() else _LAYOUT_DIGITS[number]
        counts[_LAYOUT_KEYS[word]] = value
    return counts


def validate_layout(value: str) -> None:
    """A layout as a sales contract writes it: 3室2厅2卫, 两房一厅一卫, 2室1厅1厨1卫1阳台."""
    rest = _LAYOUT_PART.sub("", value or "").strip()
    if value and (rest or "bedrooms" not in layout_counts(value)):
        raise ValidationError(
            _("Write the layout as the sales contract does, e.g. 3室2厅2卫."), code="layout"
        )
