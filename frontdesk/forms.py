"""Form helpers every app shares."""

import uuid
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from .errors import DeskError
from .text import TextValidator, normalize_text


def form_error(form, error: DeskError, fields: dict[str, str] | None = None) -> None:
    """A service's refusal on the form: under its field when the form has it (``fields`` maps
    a service's field name to the form's where they differ), else above the form."""
    field = (fields or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


class DeskFormMixin:
    """The kernel's text policy (``frontdesk.text``) on every text field of a desk form.

    Input is normalised before the fields see it (so max_length counts what is stored);
    each CharField then refuses control and bidirectional-override characters, allowing a
    newline and a tab only in a Textarea. Too long is the field's own max_length message
    (the page does not cut the text: no maxlength attribute).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                multiline = isinstance(field.widget, forms.Textarea)
                # The policy refuses a NUL among the other control characters, in its own
                # words (Django's message would say it a second time, worse translated).
                field.validators = [
                    v
                    for v in field.validators
                    if not isinstance(v, ProhibitNullCharactersValidator)
                ]
                field.validators.append(TextValidator(multiline=multiline))
                # A browser's maxlength cuts pasted text without a word; the server says
                # "at most N characters" instead.
                field.widget.attrs.pop("maxlength", None)

    def full_clean(self):
        if self.is_bound and self.data:
            data = self.data.copy()
            if hasattr(data, "setlist"):
                for key in list(data):
                    data.setlist(key, [normalize_text(v) for v in data.getlist(key)])
            else:
                data = {key: normalize_text(value) for key, value in data.items()}
            self.data = data
        super().full_clean()


class DeskForm(DeskFormMixin, forms.Form):
    pass


class DeskModelForm(DeskFormMixin, forms.ModelForm):
    pass


def form_key_of(value: Any, *, error: type[DeskError], message: str) -> uuid.UUID | None:
    """A posting form's idempotency key (one per rendered form, taken once by its service) as a
    UUID; None for a form without one. Anything else is a damaged form: ``error(message)``
    with the code ``bad_form_key``."""
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise error(message, code="bad_form_key") from None
