"""The escalation sweep (Celery beat, every 15 minutes): idempotent, notifying once per change.

- a complaint not responded to in time goes from the desk to the CS supervisor;
- a complaint not resolved in time goes to the director;
- a communication complaint not handled in time becomes an effective complaint, with the
  reason (the seed: "if communication complaints are not handled properly, they will become
  effective complaints").

The late complaints are found by one indexed query and moved in batches, each batch one
transaction on its locked rows (simple-history written in bulk, a log step each), so a sweep
that runs twice (or late, or beside another) changes and notifies nothing the second time.
Each batch tells the people of each estate and level once, listing the complaints it moved
(one notification, not one per complaint, after an outage of the beat)."""

import datetime
from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from frontdesk.services import notification_send

from ..choices import (
    OPEN_STATUSES,
    UNRESOLVED_STATUSES,
    Cause,
    Escalation,
    Status,
    Step,
    Verdict,
)
from ..models import Complaint, ComplaintStep
from ..permissions import ESCALATION_ROLES
from .verdict import apply_verdict_change

BATCH = 500
LISTED = 30  # complaint numbers named in one notification


def candidates(now: datetime.datetime):
    """The ids of complaints the sweep may have to move: one indexed query."""
    late_response = Q(
        status=Status.RECEIVED, responded_at__isnull=True, respond_due__lt=now, escalation__lt=1
    )
    late = Q(status__in=UNRESOLVED_STATUSES, resolve_due__lt=now)
    return (
        Complaint.objects.filter(
            late_response | (late & (Q(escalation__lt=2) | Q(verdict=Verdict.COMMUNICATION)))
        )
        .order_by()
        .values_list("pk", flat=True)
    )


def escalation_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Escalate every complaint that is late now; returns what was done."""
    now = now or timezone.now()
    done = {"escalated": 0, "converted": 0}
    ids = list(candidates(now))
    people: dict[tuple[int, int], list] = {}
    for start in range(0, len(ids), BATCH):
        escalated, converted = complaints_escalate(
            complaint_ids=ids[start : start + BATCH], now=now, people=people
        )
        done["escalated"] += escalated
        done["converted"] += converted
    return done


def complaint_escalate(*, complaint_id: int, now: datetime.datetime | None = None):
    """Escalate one complaint as far as it is late now. Returns (raised 0/1, converted 0/1)."""
    return complaints_escalate(complaint_ids=[complaint_id], now=now)


@transaction.atomic
def complaints_escalate(
    *, complaint_ids: list[int], now: datetime.datetime | None = None, people=None
) -> tuple[int, int]:
    """Escalate the complaints of ``complaint_ids`` as far as each is late now (no actor:
    the sweep runs it). Returns (how many were raised a level, how many converted)."""
    now = now or timezone.now()
    people = {} if people is None else people
    rows = list(
        Complaint.objects.select_for_update()
        .filter(pk__in=complaint_ids, status__in=OPEN_STATUSES)
        .order_by("pk")
    )
    raised: list[Complaint] = []
    converted: list[Complaint] = []
    reason = _("Not handled in time: a communication complaint becomes an effective one.")
    for complaint in rows:
        if complaint.resolve_overdue(now) and complaint.verdict == Verdict.COMMUNICATION:
            apply_verdict_change(
                complaint,
                actor=None,
                verdict=Verdict.EFFECTIVE,
                cause=Cause.SERVICE,
                reason=reason,
            )
            converted.append(complaint)
        level = Escalation.DESK
        if complaint.resolve_overdue(now):
            level = Escalation.DIRECTOR
        elif complaint.respond_overdue(now):
            level = Escalation.SUPERVISOR
        if level > complaint.escalation:
            complaint.escalation = level
            complaint.escalated_at = now
            raised.append(complaint)
    if raised:
        bulk_update_with_history(
            raised, Complaint, ["escalation", "escalated_at"], default_date=now
        )
        labels = dict(Escalation.choices)
        ComplaintStep.objects.bulk_create(
            ComplaintStep(
                complaint=complaint,
                step=Step.ESCALATED,
                at=now,
                notes=str(labels[complaint.escalation]),
                data={"level": int(complaint.escalation)},
            )
            for complaint in raised
        )
    _notify({c.pk: c for c in [*raised, *converted]}.values(), converted, people)
    return len(raised), len(converted)


def _people(estate_id: int, level: int, cache: dict) -> list:
    key = (estate_id, level)
    if key not in cache:
        cache[key] = list(
            get_user_model()
            .objects.filter(
                is_active=True,
                groups__name=ESCALATION_ROLES[level],
                staff_profile__estates=estate_id,
            )
            .distinct()
        )
    return cache[key]


def _notify(moved, converted: list[Complaint], cache: dict) -> None:
    """One notification per estate and level to its supervisors (and, at the director's
    level, directors too), naming the complaints moved."""
    converted_ids = {c.pk for c in converted}
    groups: dict[tuple[int, int], list[Complaint]] = defaultdict(list)
    for complaint in moved:
        groups[(complaint.estate_id, max(int(complaint.escalation), 1))].append(complaint)
    for (estate_id, level), complaints in groups.items():
        users: dict[int, Any] = {}
        for upto in range(1, level + 1):
            for user in _people(estate_id, upto, cache):
                users[user.pk] = user
        if not users:
            continue
        what = _("resolve deadline passed") if level == 2 else _("no response in time")
        became = _("became an effective complaint")
        lines = [
            f"{c.number} {c.description[:40]}" + (f" ({became})" if c.pk in converted_ids else "")
            for c in complaints[:LISTED]
        ]
        if len(complaints) > LISTED:
            lines.append("…")
        if len(complaints) == 1:
            title = _("Complaint %(number)s escalated: %(what)s") % {
                "number": complaints[0].number,
                "what": what,
            }
            url = complaints[0].get_absolute_url()
        else:
            title = _("%(count)s complaints escalated: %(what)s") % {
                "count": len(complaints),
                "what": what,
            }
            url = reverse("complaints:overdue")
        notification_send(users=list(users.values()), title=title, body="\n".join(lines), url=url)
