import datetime

import pytest
from django.core.exceptions import ValidationError

from frontdesk.sheets import cell_value
from frontdesk.text import check_birth_date, check_date, clean_text


def test_it_normalises_to_nfc_and_strips():
    assert clean_text("  Zoe\u0301\n") == "Zoé"


@pytest.mark.parametrize(
    ("value", "multiline", "code"),
    [
        ("a\x00b", False, "control_character"),
        ("a\nb", False, "control_character"),
        ("a\x1bb", True, "control_character"),
        ("a\u202eb", True, "bidi_character"),
        ("a\u2066b", False, "bidi_character"),
    ],
)
def test_it_refuses_control_and_bidi_characters(value, multiline, code):
    with pytest.raises(ValidationError) as error:
        clean_text(value, multiline=multiline)
    assert error.value.code == code


def test_it_allows_newline_and_tab_in_multiline_text():
    assert clean_text("a\r\n\tb", multiline=True) == "a\r\n\tb"


def test_it_says_when_too_long_and_never_cuts():
    with pytest.raises(ValidationError) as error:
        clean_text("x" * 11, max_length=10)
    assert error.value.code == "too_long"


@pytest.mark.parametrize("year", [1, 1900, 9999])
def test_it_refuses_implausible_years(year):
    with pytest.raises(ValidationError) as error:
        check_date(datetime.date(year, 1, 1))
    assert error.value.code == "implausible_date"


def test_it_refuses_birth_dates_in_the_future_or_too_long_ago():
    today = datetime.date(2026, 1, 1)
    check_birth_date(datetime.date(1950, 1, 1), today=today)
    for day in (datetime.date(1900, 1, 1), datetime.date(2026, 1, 2)):
        with pytest.raises(ValidationError):
            check_birth_date(day, today=today)


def test_a_cell_holds_no_illegal_character():
    assert cell_value("a\x00\x1bb") == "a\ufffd\ufffdb"


def test_a_desk_form_says_a_nul_is_refused_once_in_its_own_words():
    from django import forms

    from frontdesk.forms import DeskForm

    class NoteForm(DeskForm):
        note = forms.CharField()

    form = NoteForm({"note": "a\x00b"})
    assert not form.is_valid()
    assert len(form.errors["note"]) == 1
