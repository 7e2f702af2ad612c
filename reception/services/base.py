"""Checks and notices shared by the phone log and the visitor log."""

import datetime
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk import forms as desk_forms
from frontdesk.errors import OTHER_ESTATE
from frontdesk.models import Department
from frontdesk.scoping import estate_ids_for
from frontdesk.services import notification_send
from owners.models import Estate, Unit
from owners.validators import normalize_phone, validate_phone

from ..errors import FormUsed, ReceptionError
from ..models import PhoneCall, Visit

# Clocks of desk PCs drift: a time this far ahead is still "now".
CLOCK_SLACK = datetime.timedelta(minutes=5)

Record = TypeVar("Record", PhoneCall, Visit)


def check_unit(unit: Unit | None, estate: Estate) -> None:
    if unit is not None and unit.estate_id != estate.pk:
        raise ReceptionError(
            _("That unit belongs to another estate."), code=OTHER_ESTATE, field="unit"
        )


def check_department(department: Department | None, estate: Estate) -> None:
    if department is not None and department.estate_id != estate.pk:
        raise ReceptionError(
            _("That department belongs to another estate."),
            code=OTHER_ESTATE,
            field="department",
        )


def phone_given(value: str, field: str) -> str:
    try:
        validate_phone(value or "")
    except ValidationError as error:
        raise ReceptionError(error.messages[0], code="invalid_phone", field=field) from None
    return normalize_phone(value or "")


def not_in_future(at: datetime.datetime, *, code: str, field: str, message: str) -> None:
    if at > timezone.now() + CLOCK_SLACK:
        raise ReceptionError(message, code=code, field=field)


def full_clean(instance: Any) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ReceptionError(
            " ".join(messages), code="invalid", field=None if field == "__all__" else field
        ) from error


def department_people(department: Department) -> list:
    """Who hears about what is routed to a department: its head and its staff."""
    users = get_user_model().objects.filter(
        Q(pk=department.head_id) | Q(staff_profile__department=department), is_active=True
    )
    return list(users.distinct())


def notify_on_commit(users: list, *, title: str, body: str, url: str) -> None:
    if users:
        transaction.on_commit(
            lambda: notification_send(users=users, title=title, body=body, url=url)
        )


# One form, one record: the call and visit forms carry an idempotency key each time they are
# rendered; the service takes a key once (a double click, Enter, Back and resend).


def form_key_of(value: Any) -> uuid.UUID | None:
    """The form's key as a UUID (None: a form without one, e.g. another app's call)."""
    return desk_forms.form_key_of(
        value, error=ReceptionError, message=_("This form is damaged: open it again.")
    )


def refuse_used_key(
    model: type[Record], key: uuid.UUID | None, used: Callable[[Record], str], *, actor
) -> None:
    """Raise ``FormUsed`` with the record ``key`` already produced, if any; ``used`` says
    which record, for the message. A key of another estate's record is not the actor's form."""
    if key is None:
        return
    first = model._default_manager.filter(form_key=key).first()
    if first is None:
        return
    ids = estate_ids_for(actor)
    if ids is not None and first.estate_id not in ids:
        raise ReceptionError(_("This form is damaged: open it again."), code="bad_form_key")
    raise FormUsed(used(first), record=first)


def save_once(
    instance: Record,
    key: uuid.UUID | None,
    used: Callable[[Record], str],
    *,
    actor,
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
            instance.form_key = key  # after ``before``'s checks: the index decides a race
            instance.save()
    except IntegrityError:
        refuse_used_key(type(instance), key, used, actor=actor)
        raise
    return instance
