"""Worker passes (valid within the permit's dates, revocable) and the guard's check."""

import datetime
import re
import uuid
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.forms import form_key_of
from frontdesk.history import stamp
from frontdesk.numbering import allocate_number
from frontdesk.once import refuse_used_key, save_once
from frontdesk.permissions import check_actor
from frontdesk.scoping import estate_ids_for, has_role
from owners.uploads import validate_photo
from owners.validators import mask_id_number

from .. import permissions
from ..errors import NOT_VALID, RenovationError
from ..models import (
    Renovation,
    WorkerPass,
)
from .application import MAX_WORKERS, check_status, identity, locked, new_code, text
from .money import pass_fee_charge

PASS_KIND, PASS_PREFIX = "renovation_pass", "GP"
NOTICE_KIND, NOTICE_PREFIX = "renovation_notice", "ZG"
GATE_LOOKUPS_PER_MINUTE = 20
MAX_QUERY = 24
PASS_NUMBER = re.compile(rf"{PASS_PREFIX}(?P<year>\d{{4}})-?(?P<sequence>\d{{1,6}})")
MAX_PHOTOS = 10
RECTIFY_DAYS = 3
MIN_WATER_HOURS = 24  # a closed-water test holds at least 24 hours (GB 50327)
EXPIRY_NOTICE_DAYS = 3


def _error(message: str, code: str, field: str | None = None) -> RenovationError:
    return RenovationError(message, code=code, field=field)


def pass_used_message(worker_pass: WorkerPass) -> str:
    return _("This form was already used: it issued pass %(number)s.") % {
        "number": worker_pass.number
    }


def _photo(upload: Any, field: str) -> None:
    try:
        validate_photo(upload)
    except ValidationError:
        raise _error(_("Upload the photo as an image (JPEG, PNG)."), "bad_photo", field) from None


@transaction.atomic
def pass_issue(
    *,
    actor,
    renovation: Renovation,
    name: str,
    id_type: str,
    id_number: str,
    trade: str,
    photo: Any = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    form_key: uuid.UUID | str | None = None,
) -> WorkerPass:
    """A worker's temporary pass, within the permit's dates (its default), numbered gapless
    per estate, with a code for the QR. At most as many active passes as declared workers."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.APPLY_ROLES,
        message=_("Your role may not issue worker passes."),
    )
    key = form_key_of(
        form_key, error=RenovationError, message=_("This form is damaged: open it again.")
    )
    refuse_used_key(WorkerPass, key, pass_used_message, actor=actor, error=RenovationError)
    renovation = locked(renovation)
    if renovation.status == Renovation.Status.SUSPENDED:
        raise _error(_("The works are suspended: no passes until they resume."), "suspended")
    if renovation.status != Renovation.Status.WORKING:
        raise _error(_("Passes are issued only under a construction permit in force."), "no_permit")
    name = text(name, "name", _("Enter the worker's name."), max_length=50)
    number = identity(id_type, id_number)
    trade = text(trade, "trade", _("Enter the worker's trade (e.g. plumber)."), max_length=50)
    if photo:
        _photo(photo, "photo")
    start = valid_from or renovation.planned_start
    end = valid_until or renovation.planned_end
    if start < renovation.planned_start or end > renovation.planned_end or end < start:
        raise _error(
            _("A pass is valid only within the permit's dates, %(start)s to %(end)s.")
            % {
                "start": renovation.planned_start.isoformat(),
                "end": renovation.planned_end.isoformat(),
            },
            "outside_permit",
            "valid_until",
        )
    if end < timezone.localdate():
        raise _error(_("The pass would already have expired."), "outside_permit", "valid_until")
    holder = WorkerPass.objects.filter(
        renovation=renovation,
        status=WorkerPass.Status.ACTIVE,
        name=name,
        id_masked=mask_id_number(number),
    ).first()
    if holder is not None:
        raise _error(
            _("%(name)s already holds pass %(number)s for these works.")
            % {"name": name, "number": holder.number},
            "already_holds",
            "id_number",
        )
    active = WorkerPass.objects.filter(
        renovation=renovation, status=WorkerPass.Status.ACTIVE
    ).count()
    if active >= renovation.workers:
        raise _error(
            _("The application declares %(n)s workers: revoke a pass or correct the number first.")
            % {"n": renovation.workers},
            "too_many_passes",
        )
    worker_pass = WorkerPass(
        estate_id=renovation.estate_id,
        renovation=renovation,
        name=name,
        id_type=id_type,
        id_masked=mask_id_number(number),
        trade=trade,
        photo=photo or "",
        valid_from=start,
        valid_until=end,
        issued_by=actor,
    )
    stamp(worker_pass, actor)

    def numbered() -> None:
        worker_pass.number = allocate_number(
            estate_id=renovation.estate_id, kind=PASS_KIND, prefix=PASS_PREFIX
        )
        code = new_code()
        while WorkerPass.objects.filter(estate_id=renovation.estate_id, code=code).exists():
            code = new_code()
        worker_pass.code = code

    save_once(
        worker_pass, key, pass_used_message, actor=actor, error=RenovationError, before=numbered
    )
    pass_fee_charge(worker_pass, actor=actor)
    return worker_pass


@transaction.atomic
def pass_revoke(*, actor, worker_pass: WorkerPass, reason: str) -> WorkerPass:
    check_actor(
        actor,
        estate_id=worker_pass.estate_id,
        roles=permissions.APPLY_ROLES,
        message=_("Your role may not revoke worker passes."),
    )
    reason = text(reason, "reason", _("Say why the pass is revoked."), max_length=200)
    worker_pass = WorkerPass.objects.select_for_update().get(pk=worker_pass.pk)
    if worker_pass.status == WorkerPass.Status.REVOKED:
        raise _error(_("This pass is already revoked."), "already_revoked")
    worker_pass.status = WorkerPass.Status.REVOKED
    worker_pass.revoked_at = timezone.now()
    worker_pass.revoked_by = actor
    worker_pass.revoke_reason = reason
    stamp(worker_pass, actor)
    worker_pass.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
    return worker_pass


# --- the gate ----------------------------------------------------------------------------


def _not_valid() -> RenovationError:
    return RenovationError(_("No valid pass with this number or code."), code=NOT_VALID)


def pass_refusal(worker_pass: WorkerPass, *, today: datetime.date) -> RenovationError | None:
    """Why a pass of the guard's estate does not let its worker in today; None when it does."""
    if worker_pass.status == WorkerPass.Status.REVOKED:
        return RenovationError(_("This pass was revoked."), code="revoked")
    if worker_pass.renovation.status == Renovation.Status.SUSPENDED:
        return RenovationError(
            _("The works are suspended: no entry until they resume."), code="suspended"
        )
    if (
        worker_pass.renovation.status != Renovation.Status.WORKING
        or worker_pass.valid_until < today
    ):
        return RenovationError(_("This pass has expired."), code="expired")
    if worker_pass.valid_from > today:
        return RenovationError(
            _("This pass is valid from %(day)s.") % {"day": worker_pass.valid_from.isoformat()},
            code="not_yet",
        )
    return None


def _misses_key(actor) -> str:
    return f"renovation:gate:{actor.pk}:{int(timezone.now().timestamp()) // 60}"


def _count_miss(key: str) -> None:
    cache.add(key, 0, timeout=90)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=90)


def _normalised(query: str) -> str:
    """As a guard types a number: ``gp2026 123`` or ``GP2026000123`` is ``GP2026-000123``."""
    query = "".join((query or "").split()).upper()
    number = PASS_NUMBER.fullmatch(query)
    if number is None:
        return query
    return f"{PASS_PREFIX}{number['year']}-{int(number['sequence']):06d}"


def pass_check(*, actor, query: str) -> WorkerPass:
    """The guard's check of a pass by its number or code (the QR carries the code): the pass
    when its worker may enter today. Unknown and another estate's passes get one answer, and
    a guard's misses are limited per minute, so codes cannot be enumerated (the passes
    found do not count: a busy morning at the gate is not an attack)."""
    if not actor.is_authenticated or not has_role(actor, *permissions.GATE_ROLES):
        raise RenovationError(_("Only security guards check passes."), code="forbidden")
    misses = _misses_key(actor)
    if (cache.get(misses) or 0) >= GATE_LOOKUPS_PER_MINUTE:
        raise RenovationError(
            _("Too many lookups: wait a minute and try again."), code="rate_limited"
        )
    query = _normalised(query)
    if not query or len(query) > MAX_QUERY:
        _count_miss(misses)
        raise _not_valid()
    passes = WorkerPass.objects.filter(Q(number=query) | Q(code=query))
    ids = estate_ids_for(actor)
    if ids is not None:
        passes = passes.filter(estate_id__in=ids)
    worker_pass = passes.select_related("renovation__unit", "estate").first()
    if worker_pass is None:
        _count_miss(misses)
        raise _not_valid()
    refusal = pass_refusal(worker_pass, today=timezone.localdate())
    if refusal is not None:
        raise refusal
    return worker_pass


@transaction.atomic
def workers_change(*, actor, renovation: Renovation, workers: int, reason: str) -> Renovation:
    """The contractor's crew grows or shrinks: the declared number of workers, which caps the
    active passes, changes with its reason (kept in the renovation's history)."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.APPLY_ROLES,
        message=_("Your role may not change the number of workers."),
    )
    renovation = locked(renovation)
    check_status(renovation, *Renovation.OPEN)
    if not 1 <= workers <= MAX_WORKERS:
        raise _error(
            _("Enter the number of workers (1 to %(max)s).") % {"max": MAX_WORKERS},
            "bad_workers",
            "workers",
        )
    active = renovation.passes.filter(status=WorkerPass.Status.ACTIVE).count()
    if workers < active:
        raise _error(
            _("%(n)s passes are active: revoke passes before declaring fewer workers.")
            % {"n": active},
            "below_passes",
            "workers",
        )
    # The history keeps the reason of a change (its column holds 100 characters).
    reason = text(reason, "reason", _("Give the reason for the change."), max_length=100)
    renovation.workers = workers
    setattr(renovation, "_change_reason", reason)  # noqa: B010 (simple-history reads it)
    stamp(renovation, actor)
    renovation.save(update_fields=["workers"])
    return renovation
