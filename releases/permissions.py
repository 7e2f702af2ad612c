"""Who works with release slips (放行条).

The desk (receptionists, CS supervisors) takes requests, records the owner's confirmation,
issues, prints and cancels slips. Only a CS supervisor overrides a unit's arrears (with a
reason). The security guard sees the gate page and nothing else of the app; the director
reads the lists. Every write service calls ``frontdesk.permissions.check_actor`` with one of
these sets; the pages check the same sets (403).
"""

from frontdesk import roles

ISSUE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
OVERRIDE_ROLES = (roles.CS_SUPERVISOR,)
VIEW_ROLES = (*ISSUE_ROLES, roles.DIRECTOR)
GATE_ROLES = (roles.SECURITY_GUARD,)
# The day's reconciliation: the CS supervisor and the security side read it.
RECONCILE_ROLES = (roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD, roles.DIRECTOR)
