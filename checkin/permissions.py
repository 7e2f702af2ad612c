"""Who may do what in move-in and custody; the services check these sets themselves
(``frontdesk.permissions.check_actor``) and the views check them again for a 403 page.

- The desk (receptionists and CS supervisors) runs both workflows: opens a move-in and takes
  it step by step, starts and ends custody, hands keys out and takes them back, opens the
  work order an inspector could not open.
- A CS supervisor alone waives a move-in document, writes the note that lets custody start
  with readings above the estate's limits, and issues a heavy-rain warning.
- Maintenance's department head records the house acceptance with the desk (its defects
  become repair orders), so with the desk they read meters.
- Engineering and security staff walk the custody houses: they record inspections.
- The director looks at everything and changes nothing.
"""

from frontdesk import roles

MANAGE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
SUPERVISOR_ROLES = (roles.CS_SUPERVISOR,)
ACCEPT_ROLES = MANAGE_ROLES + (roles.DEPARTMENT_HEAD,)
METER_ROLES = ACCEPT_ROLES
INSPECT_ROLES = ACCEPT_ROLES + (roles.TECHNICIAN, roles.SECURITY_GUARD)
VIEW_ROLES = INSPECT_ROLES + (roles.DIRECTOR,)
