"""Who may do what with return visits.

The customer-service desk makes the visits: receptionists and the CS supervisor log attempts
and record visits. Only a CS supervisor exempts a revisit (with a reason), signs off one
closed after three failed attempts, or closes a dissatisfied one without a rectification
order (with a reason). The director reads everything. Department heads read their
department's revisits' outcome on the work order, not here; technicians, cashiers and guards
do not see return visits.

| role | revisits seen (in the user's estates) |
|---|---|
| receptionist, CS supervisor, director | every revisit |
| everyone else | none (403) |

Another estate's revisit is a 404 on every page of it.
"""

from frontdesk import roles

VIEW_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DIRECTOR)
VISIT_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
SUPERVISOR_ROLES = (roles.CS_SUPERVISOR,)
# Told by the sweep when revisits fall due soon or overdue.
NOTICE_ROLES = (roles.CS_SUPERVISOR,)

PANEL_ROLES = VISIT_ROLES
SECTION_ROLES = VIEW_ROLES
MENU_ROLES = VIEW_ROLES
KPI_ROLES = (roles.CS_SUPERVISOR, roles.DIRECTOR)
PLAN_ROLES = SUPERVISOR_ROLES
PLAN_VIEW_ROLES = VIEW_ROLES
