"""The gate: a guard finds a slip by its number or code (or its QR code, which carries the
code), checks the goods, marks each item released or held back and uses the slip, once.

What the guard is told about a slip it will not honour is only why: used, expired,
cancelled. A number or code that is unknown, waiting, or another estate's gets one answer
(``NOT_VALID``), and lookups are rate-limited per guard, so codes cannot be enumerated."""

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.history import stamp
from frontdesk.permissions import check_actor
from frontdesk.scoping import estate_ids_for, has_role
from owners.uploads import validate_photo

from .. import permissions
from ..errors import NOT_VALID, ReleaseError
from ..models import ReleaseItem, ReleaseSlip

GATE_LOOKUPS_PER_MINUTE = 20
MAX_QUERY = 24


@dataclass(frozen=True)
class ItemCheck:
    item_id: int
    released: bool
    note: str = ""
    photo: Any = None


def _not_valid() -> ReleaseError:
    return ReleaseError(_("No valid slip with this number or code."), code=NOT_VALID)


def _refusal(slip: ReleaseSlip) -> ReleaseError | None:
    """Why a slip of the guard's estate cannot be used today; None when it can."""
    status = slip.status
    if status == ReleaseSlip.Status.USED:
        return ReleaseError(_("This slip was already used."), code="used")
    if status == ReleaseSlip.Status.CANCELLED:
        return ReleaseError(_("This slip was cancelled."), code="cancelled")
    today = timezone.localdate()
    if status == ReleaseSlip.Status.EXPIRED or (
        status == ReleaseSlip.Status.ISSUED and slip.valid_on < today
    ):
        return ReleaseError(_("This slip has expired."), code="expired")
    if status != ReleaseSlip.Status.ISSUED:
        return _not_valid()
    if slip.valid_on > today:
        return ReleaseError(
            _("This slip is valid on %(day)s, not today.") % {"day": slip.valid_on.isoformat()},
            code="not_yet",
        )
    return None


def _count_lookup(actor) -> None:
    key = f"releases:gate:{actor.pk}:{int(timezone.now().timestamp()) // 60}"
    cache.add(key, 0, timeout=90)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=90)
        count = 1
    if count > GATE_LOOKUPS_PER_MINUTE:
        raise ReleaseError(_("Too many lookups: wait a minute and try again."), code="rate_limited")


def _matching(actor, query: str):
    """The guard's estates' slip with this number or code, or None. Another estate's slip
    is never looked at, so its answer is the unknown one's."""
    query = "".join((query or "").split()).upper()
    if not query or len(query) > MAX_QUERY:
        return None
    slips = ReleaseSlip.objects.filter(Q(number=query) | Q(code=query))
    ids = estate_ids_for(actor)
    if ids is not None:
        slips = slips.filter(estate_id__in=ids)
    return slips


def gate_find(*, actor, query: str) -> ReleaseSlip:
    """The slip a guard may let through now, with its unit and items; refused otherwise."""
    if not actor.is_authenticated or not _is_guard(actor):
        raise ReleaseError(_("Only security guards check slips at the gate."), code="forbidden")
    _count_lookup(actor)
    slips = _matching(actor, query)
    slip = (
        slips.select_related("unit", "estate").prefetch_related("items").first()
        if slips is not None
        else None
    )
    if slip is None:
        raise _not_valid()
    refusal = _refusal(slip)
    if refusal is not None:
        raise refusal
    return slip


def _is_guard(actor) -> bool:
    return has_role(actor, *permissions.GATE_ROLES)


@transaction.atomic
def gate_use(*, actor, slip_id: int, checks: list[ItemCheck], gate: str = "") -> ReleaseSlip:
    """Use the slip: each item released or held back (a held item needs a note). The row is
    locked: two guards scanning one slip at once, exactly one uses it."""
    slip = ReleaseSlip.objects.select_for_update().filter(pk=slip_id).first()
    ids = estate_ids_for(actor)
    if slip is None or (ids is not None and slip.estate_id not in ids):
        raise _not_valid()
    check_actor(
        actor,
        estate_id=slip.estate_id,
        roles=permissions.GATE_ROLES,
        message=_("Only security guards check slips at the gate."),
    )
    refusal = _refusal(slip)
    if refusal is not None:
        raise refusal
    items = {item.pk: item for item in ReleaseItem.objects.filter(slip=slip)}
    given = {check.item_id: check for check in checks}
    if set(given) != set(items):
        raise ReleaseError(
            _("Mark every item released or held back."), code="items_unchecked", field="items"
        )
    for check in checks:
        note = (check.note or "").strip()
        if not check.released and not note:
            raise ReleaseError(
                _("Say why “%(item)s” is held back.") % {"item": items[check.item_id].description},
                code="no_note",
                field="items",
            )
        if check.photo:
            try:
                validate_photo(check.photo)
            except ValidationError:
                raise ReleaseError(
                    _("Upload the photo as an image (JPEG, PNG)."), code="bad_photo", field="items"
                ) from None
    now = timezone.now()
    for check in checks:
        item = items[check.item_id]
        item.outcome = ReleaseItem.Outcome.RELEASED if check.released else ReleaseItem.Outcome.HELD
        item.gate_note = (check.note or "").strip()
        fields = ["outcome", "gate_note"]
        if check.photo:
            item.gate_photo = check.photo
            fields.append("gate_photo")
        stamp(item, actor)
        item.save(update_fields=fields)
    slip.status = ReleaseSlip.Status.USED
    slip.used_at = now
    slip.used_by = actor
    slip.gate = (gate or "").strip()[:50]
    stamp(slip, actor)
    slip.save(update_fields=["status", "used_at", "used_by", "gate"])
    return slip


def slips_expire(*, today=None) -> int:
    """Slips whose day has passed and were not used: issued or still waiting → expired.
    A sweep: run twice or late, it expires each slip once. Each row is saved (not
    ``.update()``) so its history shows the change."""
    today = today or timezone.localdate()
    done = 0
    stale = ReleaseSlip.objects.filter(
        status__in=(ReleaseSlip.Status.ISSUED, ReleaseSlip.Status.WAITING), valid_on__lt=today
    ).values_list("pk", flat=True)
    for pk in list(stale.iterator()):
        with transaction.atomic():
            slip = ReleaseSlip.objects.select_for_update().get(pk=pk)
            if slip.status not in (ReleaseSlip.Status.ISSUED, ReleaseSlip.Status.WAITING):
                continue  # used or cancelled meanwhile
            slip.status = ReleaseSlip.Status.EXPIRED
            slip.save(update_fields=["status"])
            done += 1
    return done
