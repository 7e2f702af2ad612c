"""Who may do what with complaints.

The desk (receptionists, the CS supervisor) records complaints, judges their nature, takes
the communication procedure's steps, opens work orders, records the return visit and closes.
The responsible department's head is taken to the site and handles an effective complaint
(their own department's only; the supervisor may record it for them). Changing a verdict
and judging a communication complaint mishandled is the supervisor's. The director reads
everything. Technicians, cashiers and guards do not see complaints (403).

Every write service calls ``frontdesk.permissions.check_actor`` with one of these sets; the
pages check the same sets (403) before they call it.
"""

from typing import Any

from frontdesk import roles

RECORD_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
JUDGE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
CHANGE_VERDICT_ROLES = (roles.CS_SUPERVISOR,)
DESK_STEP_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
DEPARTMENT_STEP_ROLES = (roles.DEPARTMENT_HEAD, roles.CS_SUPERVISOR)
VISIT_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
CLOSE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
MISHANDLED_ROLES = (roles.CS_SUPERVISOR,)

VIEW_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD, roles.DIRECTOR)
STEP_ROLES = VIEW_ROLES
QUEUE_ROLES = (roles.DEPARTMENT_HEAD, roles.CS_SUPERVISOR, roles.DIRECTOR)
PANEL_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DIRECTOR)
SECTION_ROLES = VIEW_ROLES
# The monthly statistics, their Excel workbook and the director's PDF.
STATS_ROLES = (roles.CS_SUPERVISOR, roles.DIRECTOR)

# Whom an escalation notifies, by level (frontdesk.models.Escalation).
ESCALATION_ROLES = {1: roles.CS_SUPERVISOR, 2: roles.DIRECTOR}


def user_department_id(user: Any) -> int | None:
    profile = getattr(user, "staff_profile", None)
    return profile.department_id if profile is not None else None
