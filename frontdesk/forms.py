"""Form helpers every app shares."""

from .errors import DeskError


def form_error(form, error: DeskError, fields: dict[str, str] | None = None) -> None:
    """A service's refusal on the form: under its field when the form has it (``fields`` maps
    a service's field name to the form's where they differ), else above the form."""
    field = (fields or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)
