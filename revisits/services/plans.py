"""Visit plans: the supervisor plans visits beyond repairs (which units, when, how, by
whom); each unit becomes a revisit in the queue, due by the end of the plan's last day."""

import datetime
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from frontdesk.errors import OTHER_ESTATE
from frontdesk.history import stamp
from frontdesk.months import midnight
from frontdesk.permissions import check_actor
from frontdesk.scoping import estate_ids_for, has_role
from owners.models import Unit

from .. import permissions
from ..choices import Channel, SourceKind
from ..errors import RevisitError
from ..models import Revisit, VisitPlan
from .rules import status_for
from .visit import check_choice, clean_input

MAX_UNITS = 500
MAX_DAYS = 366


def _units(estate, codes: str) -> list[Unit]:
    wanted = [c for c in re.split(r"[\s,，、;；]+", codes or "") if c]
    wanted = list(dict.fromkeys(wanted))
    if not wanted:
        raise RevisitError(_("List the units to visit."), code="no_units", field="units")
    if len(wanted) > MAX_UNITS:
        raise RevisitError(
            _("At most %(max)s units in one plan.") % {"max": MAX_UNITS},
            code="too_many_units",
            field="units",
        )
    found = {u.code: u for u in Unit.objects.filter(estate=estate, code__in=wanted)}
    missing = [code for code in wanted if code not in found]
    if missing:
        raise RevisitError(
            _("No unit with these codes in %(estate)s: %(codes)s")
            % {"estate": estate.name, "codes": ", ".join(missing[:10])},
            code="unknown_units",
            field="units",
        )
    return [found[code] for code in wanted]


@transaction.atomic
def plan_create(
    *,
    actor,
    estate,
    title: str,
    channel: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    units: str,
    assignee=None,
    note: str = "",
) -> VisitPlan:
    """A plan and one revisit per unit, in the queue from now, due by the end of ``ends_on``
    (local time). ``units``: unit codes separated by spaces, commas or new lines."""
    check_actor(
        actor,
        estate_id=estate.pk,
        roles=permissions.SUPERVISOR_ROLES,
        message=_("Only a customer-service supervisor may plan visits."),
    )
    title = clean_input(title, "title", max_length=100)
    if not title:
        raise RevisitError(_("Name the plan."), code="no_title", field="title")
    check_choice(channel, Channel, "channel")
    today = timezone.localdate()
    if ends_on < starts_on:
        raise RevisitError(_("The plan ends before it starts."), code="bad_dates", field="ends_on")
    if ends_on < today or (ends_on - starts_on).days > MAX_DAYS:
        raise RevisitError(
            _("Plan visits that end today or later, within a year."),
            code="bad_dates",
            field="ends_on",
        )
    if assignee is not None:
        ids = estate_ids_for(assignee)
        if (ids is not None and estate.pk not in ids) or not has_role(
            assignee, *permissions.VISIT_ROLES
        ):
            raise RevisitError(
                _("The visits go to the desk of this estate."),
                code=OTHER_ESTATE,
                field="assignee",
            )
    targets = _units(estate, units)
    plan = VisitPlan(
        estate=estate,
        title=title,
        channel=channel,
        starts_on=starts_on,
        ends_on=ends_on,
        assignee=assignee,
        note=clean_input(note, "note", max_length=2000),
        created_by=actor,
    )
    stamp(plan, actor)
    plan.save()
    now = timezone.now()
    due = midnight(ends_on + datetime.timedelta(days=1))
    start = midnight(starts_on)
    revisits = [
        Revisit(
            estate=estate,
            source_kind=SourceKind.PLAN,
            plan=plan,
            unit=unit,
            summary=title[:200],
            technician=None,
            counted_from=start,
            due_at=due,
            status=status_for(due, now),
            created_at=now,
        )
        for unit in targets
    ]
    bulk_create_with_history(revisits, Revisit, batch_size=500, default_user=actor)
    return plan
