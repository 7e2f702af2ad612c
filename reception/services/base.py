"""Checks and notices shared by the phone log and the visitor log."""

import datetime
import uuid
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk import forms as desk_forms
from frontdesk.errors import OTHER_ESTATE
from frontdesk.models import Department
from frontdesk.services import notification_send
from owners.models import Estate, Unit
from owners.validators import normalize_phone, validate_phone

from ..errors import ReceptionError
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
