"""Between the steps: a follow-up note at any open step (the seed's "follow up": what was done,
what is awaited), and handing a signed order to another technician of its department."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.history import stamp
from frontdesk.permissions import check_actor
from frontdesk.services import notification_send

from .. import permissions
from ..errors import WorkOrderError
from ..models import FINAL_STATUSES, Status, WorkOrder, WorkOrderEvent
from .base import check_department, check_status, locked, person, step_refused

NOTE_LENGTH = 500


def _event(order: WorkOrder, *, actor, action: str, note: str) -> WorkOrderEvent:
    return WorkOrderEvent.objects.create(
        order=order,
        action=action,
        from_status=order.status,
        to_status=order.status,
        actor=actor,
        at=timezone.now(),
        note=note,
    )


@transaction.atomic
def order_follow_up(*, actor, order: WorkOrder, note: str) -> WorkOrderEvent:
    """A follow-up note on an open order, in its timeline; the status does not change."""
    allowed = permissions.FOLLOW_UP_ROLES
    check_actor(actor, estate_id=order.estate_id, roles=allowed, message=step_refused())
    order = locked(order)
    check_department(actor, order, allowed)
    if order.status in FINAL_STATUSES:
        raise WorkOrderError(
            _("The order is %(status)s: reopen it to follow it up.")
            % {"status": order.get_status_display()},
            code="bad_status",
        )
    note = (note or "").strip()
    if not note:
        raise WorkOrderError(
            _("Write what was followed up (done, awaited, promised)."),
            code="required",
            field="note",
        )
    if len(note) > NOTE_LENGTH:
        raise WorkOrderError(
            _("At most %(n)s characters.") % {"n": NOTE_LENGTH}, code="too_long", field="note"
        )
    return _event(order, actor=actor, action=WorkOrderEvent.Action.FOLLOWED_UP, note=note)


@transaction.atomic
def order_reassign(*, actor, order: WorkOrder, assignee, note: str = "") -> WorkOrder:
    """A signed order goes to another technician (or the head) of its department, who is
    notified; the desk and the department head may do this."""
    allowed = permissions.REASSIGN_ROLES
    check_actor(actor, estate_id=order.estate_id, roles=allowed, message=step_refused())
    order = locked(order)
    check_department(actor, order, allowed)
    check_status(order, Status.SIGNED, Status.IN_PROGRESS)
    if assignee is None or permissions.user_department_id(assignee) != order.department_id:
        raise WorkOrderError(
            _("Choose a technician of the order's department."),
            code="wrong_assignee",
            field="assignee",
        )
    if not assignee.is_active:
        raise WorkOrderError(
            _("This account is no longer active."), code="wrong_assignee", field="assignee"
        )
    if assignee.pk == order.assignee_id:
        raise WorkOrderError(
            _("The order is already assigned to %(who)s.") % {"who": person(assignee)},
            code="same_assignee",
            field="assignee",
        )
    before = person(order.assignee) if order.assignee_id else _("the department")
    order.assignee = assignee
    stamp(order, actor)
    order.save(update_fields=["assignee"])
    text = _("From %(before)s to %(after)s.") % {"before": before, "after": person(assignee)}
    note = (note or "").strip()[:NOTE_LENGTH]
    _event(
        order,
        actor=actor,
        action=WorkOrderEvent.Action.REASSIGNED,
        note=f"{text} {note}".strip(),
    )
    notification_send(
        users=[assignee],
        title=_("Work order %(number)s is now yours: %(category)s, %(where)s")
        % {"number": order.number, "category": order.get_category_display(), "where": order.where},
        body=order.description,
        url=order.get_absolute_url(),
    )
    return order
