"""Supervision of leased spaces: inspections with their findings and photo, the rectification
demanded and its completion."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.history import stamp
from frontdesk.once import refuse_used_key, save_once
from owners.uploads import validate_photo

from .. import permissions
from ..errors import LeasingError
from ..models import Contract, Supervision
from .common import actor_check, day, error, text
from .parties import _key


def _used(record: Supervision) -> str:
    return _("This form was already used: the inspection of %(day)s is recorded.") % {
        "day": record.on
    }


@transaction.atomic
def supervision_record(
    *,
    actor,
    contract: Contract,
    on: datetime.date | None,
    finding: str,
    findings: str = "",
    photo: Any = None,
    rectification: str = "",
    rectify_by: datetime.date | None = None,
    form_key=None,
) -> Supervision:
    actor_check(
        actor,
        contract.estate_id,
        permissions.SUPERVISE_ROLES,
        _("Your role may not record inspections."),
    )
    refuse_used_key(Supervision, form_key, _used, actor=actor, error=LeasingError)
    on = day(on, "on", _("Enter the date of the inspection."))
    if on > timezone.localdate():
        raise error(_("An inspection cannot be in the future."), "in_future", "on")
    if finding not in Supervision.Finding.values:
        raise error(_("Choose what was found."), "bad_finding", "finding")
    findings = text(findings, "findings", max_length=1000, multiline=True)
    if finding != Supervision.Finding.NONE and not findings:
        raise error(_("Describe what was found."), "required", "findings")
    rectification = text(rectification, "rectification", max_length=200)
    if rectification:
        rectify_by = day(rectify_by, "rectify_by", _("Give the day it is to be rectified by."))
        if rectify_by < on:
            raise error(
                _("The rectification is due before the inspection."), "due_before", "rectify_by"
            )
    else:
        rectify_by = None
    if photo:
        try:
            validate_photo(photo)
        except ValidationError as exc:
            raise error(exc.messages[0], "bad_file", "photo") from None
    record = Supervision(
        contract=contract,
        on=on,
        inspector=actor,
        finding=finding,
        findings=findings,
        rectification=rectification,
        rectify_by=rectify_by,
    )
    if photo:
        record.photo = photo
    stamp(record, actor)
    return save_once(record, _key(form_key), _used, actor=actor, error=LeasingError)


@transaction.atomic
def supervision_rectified(
    *, actor, supervision: Supervision, on: datetime.date | None, note: str
) -> Supervision:
    actor_check(
        actor,
        supervision.contract.estate_id,
        permissions.SUPERVISE_ROLES,
        _("Your role may not record inspections."),
    )
    supervision = Supervision.objects.select_for_update().get(pk=supervision.pk)
    if not supervision.open:
        raise error(_("No rectification is open on this inspection."), "not_open")
    on = day(on, "on", _("Enter the day it was rectified."))
    if on < supervision.on or on > timezone.localdate():
        raise error(_("The day is before the inspection or in the future."), "bad_day", "on")
    supervision.rectified_on = on
    supervision.rectified_note = text(
        note, "note", max_length=200, required=_("Say how it was rectified.")
    )
    stamp(supervision, actor)
    supervision.save(update_fields=["rectified_on", "rectified_note"])
    return supervision
