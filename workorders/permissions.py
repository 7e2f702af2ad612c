"""Who may do what with work orders.

The desk (receptionists, the customer-service supervisor) opens orders, dispatches them and
takes the owner's steps (booking the re-inspection, recording the signature, closing); the
desk or the department head hands a signed order to another technician of the department;
anyone working on an open order may add a follow-up note to it. The
department does the work: its head or a technician signs for the order, starts and completes
it, and the head re-checks it. Department heads and technicians act only on their own
department's orders (``DEPARTMENT_ROLES``, see ``can_act``); the supervisor acts on any order
of their estates. The director reads everything and takes no step. Cashiers and guards do not
see work orders.

Who sees which order (``sees_order``, and the selectors' ``visible_orders`` for lists):

| role | orders seen (in the user's estates) |
|---|---|
| receptionist, CS supervisor, director | every order (``ESTATE_WIDE_ROLES``) |
| department head, technician | their department's, assigned to them, opened by them |
| cashier, security guard | none (403) |

An order a user does not see is a 404 on every page of it: the order, its print, its photos
and its steps; the lists, the exports, the unit dossier's section and the today panels leave
it out.

Every write service calls ``frontdesk.permissions.check_actor`` with one of these sets, then
``can_act`` for the department; the pages check the same sets (403) before they call it.
"""

from typing import Any

from frontdesk import roles
from frontdesk.scoping import estate_ids_for, has_role

# The steps (services).
CREATE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD)
DISPATCH_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
SIGN_ROLES = (roles.DEPARTMENT_HEAD, roles.TECHNICIAN, roles.CS_SUPERVISOR)
WORK_ROLES = (roles.DEPARTMENT_HEAD, roles.TECHNICIAN, roles.CS_SUPERVISOR)
VERIFY_ROLES = (roles.DEPARTMENT_HEAD, roles.CS_SUPERVISOR)
OWNER_STEP_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
CLOSE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
REOPEN_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD)
CANCEL_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
FOLLOW_UP_ROLES = (
    roles.RECEPTIONIST,
    roles.CS_SUPERVISOR,
    roles.DEPARTMENT_HEAD,
    roles.TECHNICIAN,
)
REASSIGN_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD)
# Roles bound to their own department's orders.
DEPARTMENT_ROLES = (roles.DEPARTMENT_HEAD, roles.TECHNICIAN)
# A technician who signs for an order becomes its assignee (a head signs for the department).
ASSIGNEE_ON_SIGN_ROLES = (roles.TECHNICIAN,)
# Whom an order may be dispatched to by name: the department's technicians and its head.
ASSIGNEE_ROLES = (roles.TECHNICIAN, roles.DEPARTMENT_HEAD)

# Who sees every order of their estates; the DEPARTMENT_ROLES see their department's, those
# assigned to them and those they opened (``sees_order``).
ESTATE_WIDE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DIRECTOR)

# The pages. Everyone who works with orders may open one; each step checks its own roles.
VIEW_ROLES = (
    roles.RECEPTIONIST,
    roles.CS_SUPERVISOR,
    roles.DEPARTMENT_HEAD,
    roles.TECHNICIAN,
    roles.DIRECTOR,
)
STEP_ROLES = VIEW_ROLES
DEPARTMENT_QUEUE_ROLES = (
    roles.DEPARTMENT_HEAD,
    roles.TECHNICIAN,
    roles.CS_SUPERVISOR,
    roles.DIRECTOR,
)
OWNER_QUEUE_ROLES = OWNER_STEP_ROLES
OVERDUE_ROLES = (roles.CS_SUPERVISOR, roles.DIRECTOR, roles.DEPARTMENT_HEAD)
# The technician's phone page.
MINE_ROLES = (roles.TECHNICIAN, roles.DEPARTMENT_HEAD)

# The desk home (desk.py): the panels, the unit dossier's section and the menu.
OWNER_PANEL_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
DEPARTMENT_PANEL_ROLES = (roles.DEPARTMENT_HEAD, roles.TECHNICIAN)
SECTION_ROLES = VIEW_ROLES


def user_department_id(user: Any) -> int | None:
    profile = getattr(user, "staff_profile", None)
    return profile.department_id if profile is not None else None


def sees_every_order(user: Any) -> bool:
    """Whether ``user`` sees every order of their estates (else only the department's)."""
    return user.is_superuser or has_role(user, *ESTATE_WIDE_ROLES)


def sees_order(user: Any, order: Any) -> bool:
    """Whether ``user`` sees ``order`` (of their estates): the rule of the table above."""
    ids = estate_ids_for(user)
    if ids is not None and order.estate_id not in ids:
        return False
    if sees_every_order(user):
        return True
    if not has_role(user, *DEPARTMENT_ROLES):
        return False
    department_id = user_department_id(user)
    return (
        (department_id is not None and order.department_id == department_id)
        or order.assignee_id == user.pk
        or order.created_by_id == user.pk
    )


def can_act(actor: Any, order: Any, allowed: tuple[str, ...]) -> bool:
    """Whether ``actor`` may take a step open to ``allowed`` on ``order`` (no status check):
    of its estate, and in a role of ``allowed``; a department role on its department's
    orders only."""
    ids = estate_ids_for(actor)
    if ids is not None and order.estate_id not in ids:
        return False
    if actor.is_superuser:
        return True
    free = tuple(role for role in allowed if role not in DEPARTMENT_ROLES)
    if has_role(actor, *free):
        return True
    bound = tuple(role for role in allowed if role in DEPARTMENT_ROLES)
    return bool(
        bound
        and has_role(actor, *bound)
        and order.department_id is not None
        and order.department_id == user_department_id(actor)
    )
