"""Creating revisits (one per source, whatever arrives twice) and the sweep that keeps them
honest: missing revisits created, due-soon and overdue marked, the CS supervisors told once
per change."""

import datetime
import logging
from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from frontdesk.services import notification_send
from owners.models import Estate

from .. import sources
from ..choices import OPEN_STATUSES, SourceKind, Status
from ..models import Revisit
from ..permissions import NOTICE_ROLES
from .rules import (
    DUE_SOON,
    Rule,
    complaint_days_for,
    counted_from,
    due_at,
    rule_of,
    rules_for,
    status_for,
)

logger = logging.getLogger(__name__)

BATCH = 1000
# A service is revisited like "all other repairs" of the seed: within 2 days of acceptance.
SERVICE_DAYS = 2
NOTIFICATION_LINES = 10


def _revisit_of(row: dict[str, Any], rule: Rule, now: datetime.datetime) -> Revisit:
    start = counted_from(rule, completed_at=row["completed_at"], leak_test_at=row["leak_test_at"])
    due = due_at(start, rule.days)
    return Revisit(
        estate_id=row["estate_id"],
        source_kind=SourceKind.WORK_ORDER,
        work_order_id=row["id"],
        unit_id=row["unit_id"],
        category=row["category"],
        summary=(row["work_done"] or "")[:200],
        department_id=row["department_id"],
        technician_id=row["assignee_id"],
        counted_from=start,
        due_at=due,
        status=status_for(due, now),
        created_at=now,
    )


def _complaint_revisit(row: dict[str, Any], days: int, now: datetime.datetime) -> Revisit:
    due = due_at(row["handled_at"], days)
    return Revisit(
        estate_id=row["estate_id"],
        source_kind=SourceKind.COMPLAINT,
        complaint_id=row["id"],
        complaint_round=row["reopen_count"],
        unit_id=row["unit_id"],
        summary=f"{row['number']} {row['description']}"[:200],
        department_id=row["department_id"],
        technician_id=row["handler_id"],
        counted_from=row["handled_at"],
        due_at=due,
        status=status_for(due, now),
        created_at=now,
    )


def _service_revisit(row: dict[str, Any], days: int, now: datetime.datetime) -> Revisit:
    """A service is revisited ``days`` after the owner accepted it."""
    due = due_at(row["accepted_at"], days)
    return Revisit(
        estate_id=row["estate_id"],
        source_kind=SourceKind.SERVICE,
        service_id=row["id"],
        unit_id=row["unit_id"],
        summary=f"{row['number']} {row['item__name']} {row['work_done'] or ''}"[:200],
        department_id=row["department_id"],
        technician_id=row["assignee_id"],
        counted_from=row["accepted_at"],
        due_at=due,
        status=status_for(due, now),
        created_at=now,
    )


def revisit_for_service(*, service_id: int, now: datetime.datetime | None = None) -> Revisit | None:
    """The revisit of an accepted convenience service: created once, whatever arrives twice.
    None for a service not accepted.

    No actor: the acceptance (on commit) and the sweep call it."""
    now = now or timezone.now()
    rows = list(sources.accepted_services([service_id]))
    if not rows:
        return None
    row = rows[0]
    fresh = _service_revisit(row, SERVICE_DAYS, now)
    try:
        with transaction.atomic():
            fresh.save()
    except IntegrityError:  # created before, by the event or the sweep
        return Revisit.objects.get(service_id=service_id)
    return fresh


def revisit_for_order(*, order_id: int, now: datetime.datetime | None = None) -> Revisit | None:
    """The revisit of a completed work order: created once, whatever arrives twice. An order
    completed again after a reopening moves its open revisit's deadline. None for an order
    that is not (or no longer) completed, or of a kind not revisited.

    No actor: the order's completion (on commit) and the sweep call it."""
    now = now or timezone.now()
    rows = list(sources.completed_orders([order_id]))
    if not rows:
        return None
    row = rows[0]
    rule = rule_of(rules_for([row["estate_id"]]), row["estate_id"], row["category"])
    fresh = _revisit_of(row, rule, now)
    with transaction.atomic():
        existing = Revisit.objects.select_for_update().filter(work_order_id=order_id).first()
        if existing is not None:
            if existing.is_open and existing.due_at != fresh.due_at:
                existing.counted_from = fresh.counted_from
                existing.due_at = fresh.due_at
                existing.status = fresh.status
                existing.save(update_fields=["counted_from", "due_at", "status"])
            return existing
        try:
            with transaction.atomic():
                fresh.save()
        except IntegrityError:  # another process created it between our read and write
            return Revisit.objects.get(work_order_id=order_id)
    return fresh


def revisit_for_complaint(
    *, complaint_id: int, now: datetime.datetime | None = None
) -> Revisit | None:
    """The revisit of a resolved complaint's current round: created once, whatever arrives
    twice. None for a complaint not waiting for its visit.

    No actor: the complaint's resolution (on commit) and the sweep call it."""
    now = now or timezone.now()
    rows = list(sources.resolved_complaints([complaint_id]))
    if not rows:
        return None
    row = rows[0]
    fresh = _complaint_revisit(row, complaint_days_for([row["estate_id"]])[row["estate_id"]], now)
    this_round = {"complaint_id": complaint_id, "complaint_round": row["reopen_count"]}
    try:
        with transaction.atomic():
            fresh.save()
    except IntegrityError:  # created before, by the event or the sweep
        return Revisit.objects.get(**this_round)
    return fresh


def _missing(now: datetime.datetime) -> list[Revisit]:
    """The revisits the sources call for and nobody created."""
    orders = list(sources.orders_without_revisit())
    complaints = list(sources.complaints_without_revisit())
    accepted = list(sources.services_without_revisit())
    rules = rules_for({row["estate_id"] for row in orders})
    days = complaint_days_for({row["estate_id"] for row in complaints})
    return [
        *(
            _revisit_of(row, rule_of(rules, row["estate_id"], row["category"]), now)
            for row in orders
        ),
        *(_complaint_revisit(row, days[row["estate_id"]], now) for row in complaints),
        *(_service_revisit(row, SERVICE_DAYS, now) for row in accepted),
    ]


def _create_missing(now: datetime.datetime) -> int:
    new = _missing(now)
    created = 0
    for start in range(0, len(new), BATCH):
        batch = new[start : start + BATCH]
        try:
            with transaction.atomic():
                bulk_create_with_history(batch, Revisit, batch_size=BATCH)
                created += len(batch)
        except IntegrityError:
            # A source's own receiver got there first: one by one, skipping those.
            for revisit in batch:
                try:
                    with transaction.atomic():
                        revisit.pk = None
                        revisit.save()
                        created += 1
                except IntegrityError:
                    continue
    return created


def _mark(now: datetime.datetime) -> int:
    """Open revisits whose status the clock has changed: pending → due soon → overdue."""
    soon = now + DUE_SOON
    candidates = Revisit.objects.filter(
        status__in=(Status.PENDING, Status.DUE_SOON), due_at__lte=soon
    ).only("id", "status", "due_at")
    changed = []
    for revisit in candidates.iterator(chunk_size=BATCH):
        status = status_for(revisit.due_at, now)
        if status != revisit.status:
            revisit.status = status
            changed.append(revisit)
    if changed:
        bulk_update_with_history(changed, Revisit, ["status"], batch_size=BATCH)
    return len(changed)


def _notify(now: datetime.datetime) -> int:
    """Tell each estate's CS supervisors of the revisits that became due soon or overdue
    since they were last told: one notification per estate and sweep, each revisit once per
    status."""
    pending = list(
        Revisit.objects.filter(status__in=(Status.DUE_SOON, Status.OVERDUE))
        .exclude(notified_status=F("status"))
        .select_related("unit")
        .order_by("estate_id", "due_at", "id")
    )
    if not pending:
        return 0
    by_estate: dict[int, list[Revisit]] = defaultdict(list)
    for revisit in pending:
        by_estate[revisit.estate_id].append(revisit)
    estates = Estate.objects.in_bulk(list(by_estate))
    users = get_user_model().objects.filter(is_active=True, groups__name__in=NOTICE_ROLES)
    sent = 0
    for estate_id, revisits in by_estate.items():
        supervisors = list(users.filter(staff_profile__estates=estate_id).distinct())
        if supervisors:
            notification_send(
                users=supervisors,
                title=_notice_title(estates[estate_id], revisits),
                body=_notice_body(revisits),
                url=reverse("revisits:revisit-list") + f"?estate={estate_id}",
            )
            sent += len(supervisors)
        for status in (Status.DUE_SOON, Status.OVERDUE):
            ids = [r.pk for r in revisits if r.status == status]
            for start in range(0, len(ids), BATCH):
                Revisit.objects.filter(pk__in=ids[start : start + BATCH], status=status).update(
                    notified_status=status
                )
    return sent


def _notice_title(estate: Estate, revisits: list[Revisit]) -> str:
    overdue = sum(1 for r in revisits if r.status == Status.OVERDUE)
    soon = len(revisits) - overdue
    parts = []
    if overdue:
        parts.append(
            ngettext("%(n)s return visit overdue", "%(n)s return visits overdue", overdue)
            % {"n": overdue}
        )
    if soon:
        parts.append(
            ngettext("%(n)s return visit due soon", "%(n)s return visits due soon", soon)
            % {"n": soon}
        )
    return f"{estate.name}: " + _(", ").join(parts)


def _notice_body(revisits: list[Revisit]) -> str:
    labels = dict(Status.choices)
    lines = [
        f"{r.unit.code if r.unit_id and r.unit else '—'} · "
        f"{timezone.localtime(r.due_at):%Y-%m-%d %H:%M} · {labels[r.status]}"
        for r in revisits[:NOTIFICATION_LINES]
    ]
    if len(revisits) > len(lines):
        lines.append(_("… and %(more)s more") % {"more": len(revisits) - len(lines)})
    return "\n".join(lines)


def revisits_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Every 15 minutes (beat), and safe to run twice or late: creates the revisits of
    completed orders and resolved complaints whose event was lost, marks due-soon and overdue
    ones, and tells the CS supervisors once per change. No actor: it only does what the
    rules say is due."""
    now = now or timezone.now()
    created = _create_missing(now)
    marked = _mark(now)
    notified = _notify(now)
    return {"created": created, "marked": marked, "notified": notified}


__all__ = ["OPEN_STATUSES", "revisit_for_order", "revisits_sweep"]
