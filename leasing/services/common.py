"""Checks shared by the leasing services: text, dates, money, the actor."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from frontdesk.money import parse_money
from frontdesk.permissions import check_actor
from frontdesk.text import check_date, clean_text

from ..errors import LeasingError


def error(message: str, code: str, field: str | None = None) -> LeasingError:
    return LeasingError(message, code=code, field=field)


def actor_check(actor, estate_id: int, roles, message: str) -> None:
    check_actor(actor, estate_id=estate_id, roles=roles, message=message)


def text(value, field: str, *, max_length: int, required: str = "", multiline: bool = False) -> str:
    """``value`` normalised by the kernel's text policy; ``required`` is the message when
    it is empty (empty allowed without one)."""
    try:
        cleaned = clean_text(value or "", max_length=max_length, multiline=multiline) or ""
    except ValidationError as exc:
        raise error(exc.messages[0], "bad_text", field) from None
    cleaned = cleaned.strip()
    if required and not cleaned:
        raise error(required, "required", field)
    return cleaned


def day(value: datetime.date | None, field: str, required: str) -> datetime.date:
    if value is None:
        raise error(required, "required", field)
    try:
        check_date(value)
    except ValidationError as exc:
        raise error(exc.messages[0], "implausible_date", field) from None
    return value


def amount(value, field: str, *, allow_zero: bool = False) -> Decimal:
    """Money as the desk takes it: at most two decimals, not negative, within its column."""
    return parse_money(value, field=field, allow_zero=allow_zero, error=LeasingError)
