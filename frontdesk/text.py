"""The one policy for text typed or imported into the desk, and for dates on its records.

Text is normalised (Unicode NFC, surrounding white space removed); control characters are
refused (a newline and a tab only in multi-line fields), and so are the bidirectional
overrides and isolates that make a name read differently from what is stored. A value too
long for its field is refused with its length, never cut. Dates must be plausible: no year
0001 or 9999 typed by a slip of the keyboard.
"""

import datetime
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 and C1 controls and DEL; \t \n \r are allowed in multi-line text (a CR LF is a newline).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MULTILINE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# LRE RLE PDF LRO RLO, LRI RLI FSI PDI.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")

# The earliest date any record of the desk can carry (the oldest estates' handovers and
# ownerships), and how far ahead a planned date may lie.
EARLIEST_DATE = datetime.date(1950, 1, 1)
FUTURE_YEARS = 5
OLDEST_PERSON_YEARS = 120


def normalize_text(value: Any) -> Any:
    """NFC and no surrounding white space; anything not a string is returned as it is."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", value).strip()


def check_text(value: str, *, multiline: bool = False, max_length: int | None = None) -> None:
    """Raise ValidationError when ``value`` breaks the text policy (codes ``control_character``,
    ``bidi_character``, ``too_long``)."""
    if not value:
        return
    if (_MULTILINE_CONTROL if multiline else _CONTROL).search(value):
        raise ValidationError(
            _("Remove the control characters (invisible characters such as a NUL or an escape)."),
            code="control_character",
        )
    if _BIDI.search(value):
        raise ValidationError(
            _("Remove the right-to-left or left-to-right override characters."),
            code="bidi_character",
        )
    if max_length is not None and len(value) > max_length:
        raise ValidationError(
            _("At most %(max)s characters (this has %(length)s)."),
            code="too_long",
            params={"max": max_length, "length": len(value)},
        )


def clean_text(value: Any, *, multiline: bool = False, max_length: int | None = None) -> Any:
    """``value`` normalised, or ValidationError when it breaks the policy."""
    value = normalize_text(value)
    if isinstance(value, str):
        check_text(value, multiline=multiline, max_length=max_length)
    return value


@deconstructible
class TextValidator:
    """A field validator for the policy (length is left to the field's own max_length)."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value: Any) -> None:
        if isinstance(value, str):
            check_text(value, multiline=self.multiline)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextValidator) and other.multiline == self.multiline


def _shift_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_date(
    value: datetime.date | None,
    *,
    earliest: datetime.date | None = None,
    latest: datetime.date | None = None,
    today: datetime.date | None = None,
) -> None:
    """Raise ValidationError (code ``implausible_date``) when ``value`` lies before ``earliest``
    (default EARLIEST_DATE) or after ``latest`` (default FUTURE_YEARS from today)."""
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    today = today or timezone.localdate()
    earliest = earliest or EARLIEST_DATE
    latest = latest or _shift_years(today, FUTURE_YEARS)
    if not earliest <= value <= latest:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="implausible_date",
            params={"earliest": earliest.isoformat(), "latest": latest.isoformat()},
        )


def check_birth_date(value: datetime.date, *, today: datetime.date | None = None) -> None:
    """A person's birth date: not in the future, and not more than OLDEST_PERSON_YEARS ago."""
    today = today or timezone.localdate()
    if not _shift_years(today, -OLDEST_PERSON_YEARS) <= value <= today:
        raise ValidationError(
            _("The birth date %(date)s is not plausible."),
            code="implausible_birth_date",
            params={"date": value.isoformat()},
        )


def check_dates(**dates: datetime.date | None) -> None:
    """check_date on each named date; one ValidationError naming every implausible field."""
    errors = {}
    for name, value in dates.items():
        try:
            check_date(value)
        except ValidationError as error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)


def local_name(name: str, name_en: str = "") -> str:
    """Reference data in the desk's language: the English name when the desk speaks English
    and one is given, else the Chinese name (what a printed document in Chinese shows)."""
    if name_en and (translation.get_language() or "").startswith("en"):
        return name_en
    return name


def staff_name(user) -> str:
    """A staff member's name in Chinese order (surname first), else the username."""
    if not user:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()
