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

Who sees what (DESIGN §1, §5); R receptionist, S CS supervisor, H department head,
T technician, C cashier, D director, G security guard:

    move-in list, case page, its steps' pages, printed forms, photos ....... R S H D (VIEW_ROLES)
    custody list, custody page, agreement PDF, inspection photos ........... R S H D (VIEW_ROLES)
    open a move-in, take its steps; start/end custody, keys ................ R S (MANAGE_ROLES)
    house acceptance and meter readings .................................... R S H (ACCEPT_ROLES)
    waive a document, heavy-rain warning ................................... S (SUPERVISOR_ROLES)
    the inspections due (today panel) and an inspection's page to record it  R S H T G
                                                                              (INSPECT_ROLES)

A technician or a guard records the inspection of a custody house from the today panel, and
sees nothing else of it: not the custody page with its owner and keys, not the agreement, no
move-in page, no printed form, no scan or photo. A cashier sees neither workflow. Another
estate's case, custody or inspection is a 404 for everyone.
"""

from frontdesk import roles

MANAGE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
SUPERVISOR_ROLES = (roles.CS_SUPERVISOR,)
ACCEPT_ROLES = MANAGE_ROLES + (roles.DEPARTMENT_HEAD,)
METER_ROLES = ACCEPT_ROLES
INSPECT_ROLES = ACCEPT_ROLES + (roles.TECHNICIAN, roles.SECURITY_GUARD)
VIEW_ROLES = ACCEPT_ROLES + (roles.DIRECTOR,)
# The lists' Excel exports: for those who oversee the desk.
EXPORT_ROLES = (roles.CS_SUPERVISOR, roles.DIRECTOR)
