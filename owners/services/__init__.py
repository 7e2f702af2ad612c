"""Every write to owners data. Each runs in one transaction, checks the actor's estate and
role (``permissions.CHANGE_ROLES``) and validates before saving."""

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.errors import FORBIDDEN, OTHER_ESTATE
from frontdesk.history import stamp
from frontdesk.permissions import check_actor
from frontdesk.scoping import estate_ids_for
from frontdesk.text import check_date

from .. import permissions
from ..errors import OwnersError
from ..models import (
    Authorization,
    Document,
    Owner,
    Ownership,
    PersonalDataAccess,
    Resident,
    Unit,
    Vehicle,
)

MAX_SHARE = Decimal("100")


def _full_clean(instance: Any) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise OwnersError(
            " ".join(messages), code="invalid", field=None if field == "__all__" else field
        ) from error


def unit_share_total(
    *, unit: Unit, on: datetime.date | None = None, exclude_pk: int | None = None
) -> Decimal:
    rows = Ownership.objects.current(on).filter(unit=unit)
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return rows.aggregate(total=Sum("share"))["total"] or Decimal("0")


def check_share_fits(
    *, unit: Unit, share: Decimal, since: datetime.date, exclude_pk: int | None = None
) -> None:
    taken = unit_share_total(unit=unit, on=since, exclude_pk=exclude_pk)
    if taken + share > MAX_SHARE:
        raise OwnersError(
            _("Unit %(unit)s: the owners' shares would add up to %(total)s%%, over 100%%.")
            % {"unit": unit.code, "total": taken + share},
            code="share_over_100",
            field="share",
        )


@transaction.atomic
def owner_save(*, actor, owner: Owner) -> Owner:
    """Create or update an owner after full validation."""
    check_actor(actor, estate_id=owner.estate_id, roles=permissions.CHANGE_ROLES)
    stamp(owner, actor)
    _full_clean(owner)
    owner.save()
    return owner


@transaction.atomic
def ownership_add(
    *,
    actor,
    unit: Unit,
    owner: Owner,
    share: Decimal = MAX_SHARE,
    since: datetime.date | None = None,
) -> Ownership:
    check_actor(actor, estate_id=unit.estate_id, roles=permissions.CHANGE_ROLES)
    since = since or timezone.localdate()
    # Lock the unit so two desks adding owners at once cannot both pass the share check.
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if Ownership.objects.current(since).filter(unit=unit, owner=owner).exists():
        raise OwnersError(
            _("%(owner)s already owns %(unit)s.") % {"owner": owner, "unit": unit},
            code="duplicate",
        )
    check_share_fits(unit=unit, share=share, since=since)
    ownership = Ownership(unit=unit, owner=owner, share=share, since=since)
    stamp(ownership, actor)
    _full_clean(ownership)
    ownership.save()
    return ownership


@transaction.atomic
def ownership_add_with_new_owner(
    *,
    actor,
    unit: Unit,
    owner: Owner,
    share: Decimal = MAX_SHARE,
    since: datetime.date | None = None,
) -> Ownership:
    """Register a new owner and their share of ``unit`` together: both are saved, or neither."""
    check_actor(actor, estate_id=unit.estate_id, roles=permissions.CHANGE_ROLES)
    owner_save(actor=actor, owner=owner)
    return ownership_add(actor=actor, unit=unit, owner=owner, share=share, since=since)


def _check_date(value: datetime.date, *, field: str) -> None:
    try:
        check_date(value)
    except ValidationError as error:
        raise OwnersError(error.messages[0], code="implausible_date", field=field) from None


@transaction.atomic
def ownership_end(*, actor, ownership: Ownership, until: datetime.date) -> Ownership:
    check_actor(actor, estate_id=ownership.unit.estate_id, roles=permissions.CHANGE_ROLES)
    ownership = Ownership.objects.select_for_update().get(pk=ownership.pk)
    if ownership.until is not None:
        raise OwnersError(_("This ownership has already ended."), code="already_ended")
    _check_date(until, field="until")
    if until < ownership.since:
        raise OwnersError(
            _("The end date is before the start date."), code="invalid", field="until"
        )
    ownership.until = until
    stamp(ownership, actor)
    ownership.save(update_fields=["until"])
    return ownership


@transaction.atomic
def unit_status_set(
    *,
    actor,
    unit: Unit,
    status: str,
    reason: str = "",
    moved_in_on: datetime.date | None = None,
) -> Unit:
    """Move a unit to ``status`` (handed over, in custody, occupied…), with who and why in
    its history, and its move-in date when it has just been moved into; the workflow apps
    decide when."""
    check_actor(actor, estate_id=unit.estate_id, roles=permissions.CHANGE_ROLES)
    if status not in Unit.Status.values:
        raise ValueError(f"unknown unit status {status!r}")
    unit.status = status
    fields = ["status"]
    if moved_in_on is not None:
        unit.moved_in_on = moved_in_on
        fields.append("moved_in_on")
    stamp(unit, actor)
    unit._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
    unit.save(update_fields=fields)
    return unit


@transaction.atomic
def resident_save(*, actor, resident: Resident) -> Resident:
    check_actor(actor, estate_id=resident.unit.estate_id, roles=permissions.CHANGE_ROLES)
    stamp(resident, actor)
    _full_clean(resident)
    resident.save()
    return resident


@transaction.atomic
def vehicle_save(*, actor, vehicle: Vehicle) -> Vehicle:
    check_actor(actor, estate_id=vehicle.unit.estate_id, roles=permissions.CHANGE_ROLES)
    stamp(vehicle, actor)
    _full_clean(vehicle)
    vehicle.save()
    return vehicle


@transaction.atomic
def resident_move_out(*, actor, resident: Resident, on: datetime.date) -> Resident:
    check_actor(actor, estate_id=resident.unit.estate_id, roles=permissions.CHANGE_ROLES)
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    if resident.moved_out_on is not None:
        raise OwnersError(_("This resident has already moved out."), code="already_moved_out")
    _check_date(on, field="moved_out_on")
    if resident.moved_in_on and on < resident.moved_in_on:
        raise OwnersError(
            _("The move-out date is before move-in."), code="invalid", field="moved_out_on"
        )
    resident.moved_out_on = on
    stamp(resident, actor)
    resident.save(update_fields=["moved_out_on"])
    return resident


@transaction.atomic
def document_archive(*, actor, document: Document, source: Any = None) -> Document:
    """Archive a paper received at the desk, optionally linked to the record it came with."""
    check_actor(actor, estate_id=document.estate_id, roles=permissions.CHANGE_ROLES)
    if source is not None:
        document.source = source
    document.received_by = actor
    stamp(document, actor)
    _full_clean(document)
    document.save()
    return document


@transaction.atomic
def authorization_register(
    *, actor, authorization: Authorization, power_of_attorney: Document | None = None
) -> Authorization:
    check_actor(actor, estate_id=authorization.owner.estate_id, roles=permissions.CHANGE_ROLES)
    if power_of_attorney is not None:
        if power_of_attorney.kind != Document.Kind.POWER_OF_ATTORNEY:
            raise OwnersError(
                _("The document is not a power of attorney."),
                code="wrong_document",
                field="power_of_attorney",
            )
        authorization.power_of_attorney = power_of_attorney
    stamp(authorization, actor)
    _full_clean(authorization)
    authorization.save()
    return authorization


@transaction.atomic
def authorization_add(
    *,
    actor,
    unit: Unit,
    authorization: Authorization,
    scan: Any = None,
    original_sighted: bool = False,
    source: Any = None,
) -> Authorization:
    """Register an agent of one of ``unit``'s current owners with the power of attorney
    (archived, linked to ``source``: the move-in case or renovation it came with)."""
    check_actor(actor, estate_id=unit.estate_id, roles=permissions.CHANGE_ROLES)
    if not Ownership.objects.current().filter(unit=unit, owner=authorization.owner_id).exists():
        raise OwnersError(
            _("%(owner)s is not a current owner of %(unit)s.")
            % {"owner": authorization.owner, "unit": unit},
            code="not_owner",
            field="owner",
        )
    authorization.unit = unit
    # Refuse bad agent data before the scan is written to storage.
    _full_clean(authorization)
    power_of_attorney = document_archive(
        actor=actor,
        document=Document(
            estate=unit.estate,
            unit=unit,
            owner=authorization.owner,
            kind=Document.Kind.POWER_OF_ATTORNEY,
            title=_("Power of attorney: %(owner)s to %(agent)s")
            % {"owner": authorization.owner, "agent": authorization.name},
            file=scan,
            original_sighted=original_sighted,
        ),
        source=source,
    )
    return authorization_register(
        actor=actor, authorization=authorization, power_of_attorney=power_of_attorney
    )


@transaction.atomic
def owner_id_reveal(*, actor, owner: Owner) -> str:
    """The owner's full ID number, for users allowed to see it; every look is logged."""
    check_actor(
        actor,
        estate_id=owner.estate_id,
        roles=permissions.SEE_FULL_ID,
        message=_("You may not see full ID numbers."),
    )
    personal_data_reveal_log(
        actor=actor, record=owner, estate_id=owner.estate_id, place=PersonalDataAccess.Place.DESK
    )
    return owner.id_number


# Full numbers out of the admin: a reveal of one record, an export of many. Each is refused
# without its own permission (``permissions.REVEAL_PERMISSION`` / ``EXPORT_PERMISSION``) and
# logged in ``PersonalDataAccess`` with who, when, which records and how many.


def _estate_id_of(person: Owner | Resident | Authorization) -> int:
    if isinstance(person, Owner):
        return person.estate_id
    if isinstance(person, Resident):
        return person.unit.estate_id
    return person.owner.estate_id


def _check_may_let_out(actor: Any, *, estate_ids: set[int], permission: str, message: str) -> None:
    ids = estate_ids_for(actor)
    if ids is not None and not estate_ids <= ids:
        raise OwnersError(_("This belongs to another estate."), code=OTHER_ESTATE)
    if not actor.has_perm(permission):
        raise OwnersError(message, code=FORBIDDEN)


@transaction.atomic
def id_number_reveal(*, actor: Any, person: Owner | Resident | Authorization) -> str:
    """The full ID number of an owner, a resident or an agent, for a user of its estate with
    the reveal permission; the look is logged."""
    estate_id = _estate_id_of(person)
    _check_may_let_out(
        actor,
        estate_ids={estate_id},
        permission=permissions.REVEAL_PERMISSION,
        message=_("You may not reveal full ID numbers."),
    )
    personal_data_reveal_log(
        actor=actor, record=person, estate_id=estate_id, place=PersonalDataAccess.Place.ADMIN
    )
    return person.id_number


def personal_data_reveal_log(*, actor: Any, record: Any, estate_id: int, place: str) -> None:
    """Log one look at ``record``'s full ID number (an owner, a resident, an agent, a visitor):
    the desk's reveals and the admin's go to the one log. The caller has checked the actor."""
    PersonalDataAccess.objects.create(
        kind=PersonalDataAccess.Kind.REVEAL,
        place=place,
        user=actor,
        estate_id=estate_id,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        object_repr=str(record)[:200],
        count=1,
    )


@transaction.atomic
def personal_data_export_log(*, actor: Any, queryset: QuerySet) -> int:
    """Log an export of ``queryset``'s rows with full numbers (one row per estate, with how
    many records); refused unless the user may export them. Returns the number of records."""
    lookup = getattr(queryset.model, "estate_lookup", "estate")
    counts = {
        row[lookup]: row["records"]
        for row in queryset.order_by().values(lookup).annotate(records=Count("pk"))
    }
    _check_may_let_out(
        actor,
        estate_ids=set(counts),
        permission=permissions.EXPORT_PERMISSION,
        message=_("You may not export full ID and phone numbers."),
    )
    content_type = ContentType.objects.get_for_model(queryset.model)
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            kind=PersonalDataAccess.Kind.EXPORT,
            place=PersonalDataAccess.Place.ADMIN,
            user=actor,
            estate_id=estate_id,
            content_type=content_type,
            count=records,
        )
        for estate_id, records in sorted(counts.items())
    )
    return sum(counts.values())
