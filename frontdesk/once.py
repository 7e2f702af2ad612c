"""One form, one record: a posting form carries an idempotency key each time it is rendered
(``OnceForm``), and its service takes the key once — a double click, Enter twice, Back and
resend, or two posts racing each other record one call, visit, work order or complaint.

A model that takes keys has a nullable unique ``form_key`` UUID field and an ``estate_id``.
The service calls ``refuse_used_key`` before its checks (the common case: the first record is
already there) and saves through ``save_once`` (the race: the unique index decides).
"""

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from .errors import DeskError
from .forms import DeskForm
from .scoping import estate_ids_for

Record = TypeVar("Record", bound=models.Model)


class FormUsed(DeskError):
    """The form was already used: ``record`` is what it produced."""

    def __init__(self, message, *, record, code: str = "form_used") -> None:
        super().__init__(message, code=code)
        self.record = record


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class OnceForm(DeskForm):
    """A form posted once: each rendering carries its own key (``key``, hidden)."""

    key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.is_bound and _is_uuid(self.data.get("key", ""))):
            # A fresh form, or one whose key was lost: its next post gets a new key.
            self.initial["key"] = uuid.uuid4()
            if self.is_bound:
                self.data = self.data.copy()
                self.data["key"] = str(self.initial["key"])

    @property
    def form_key(self) -> uuid.UUID | None:
        """The key the post came with (valid once the form is)."""
        return self.cleaned_data.get("key")


def refuse_used_key(
    model: type[Record],
    key: uuid.UUID | None,
    used: Callable[[Record], str],
    *,
    actor: Any,
    error: type[DeskError] = DeskError,
) -> None:
    """Raise ``FormUsed`` with the record ``key`` already produced, if any; ``used`` says
    which record, for the message. A key of another estate's record is not the actor's form:
    ``error`` (the app's), as a damaged form."""
    if key is None:
        return
    first = model._default_manager.filter(form_key=key).first()
    if first is None:
        return
    ids = estate_ids_for(actor)
    if ids is not None and first.estate_id not in ids:  # type: ignore[attr-defined]
        raise error(_("This form is damaged: open it again."), code="bad_form_key")
    raise FormUsed(used(first), record=first)


def save_once(
    instance: Record,
    key: uuid.UUID | None,
    used: Callable[[Record], str],
    *,
    actor: Any,
    error: type[DeskError] = DeskError,
    before: Callable[[], None] | None = None,
) -> Record:
    """Save ``instance`` with its form key; ``before()`` (e.g. taking a number) runs in the
    same savepoint. Two posts of one form at the same time: the second insert waits on the
    key's unique index, fails, rolls its savepoint back (the number too) and finds the first
    one's record."""
    try:
        with transaction.atomic():
            if before is not None:
                before()
            instance.form_key = key  # type: ignore[attr-defined]  # after before()'s checks
            instance.save()
    except IntegrityError:
        refuse_used_key(type(instance), key, used, actor=actor, error=error)
        raise
    return instance
