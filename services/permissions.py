"""Who works with convenience and entrusted services (便民服务 / 委托服务).

R receptionist, S CS supervisor, H department head, T technician, C cashier, D director,
G security guard:

    the catalogue page and its announcement (PDF) .................................. R S H T C D
    the list of requests, a request's page, its agreement (PDF) ..................... R S H C D
    take a request, record the agreement (oral or written, the signed scan) ......... R S
    the signed agreement scan ......................................................... R S H D
    dispatch: assign a person for the agreed time .................................... S H
    the work done (by the person assigned, or the head) ............................... S H T
    the owner's acceptance or refusal (signed on the sheet, or by phone) ............. R S H
    charge the agreed fee after the acceptance (through fees) ......................... R S C
    cancel a request before the work is done .......................................... R S
    the technician's phone page: their services of the day beside their work orders .... H T
    the report and its Excel export ................................................... S D

A technician opens a request's page only when it is assigned to them (the phone page links
there); a department head those of their department. The cashier takes the payment on the
fees pages like any charge; the receipt is the bill. A guard sees none of it. Another
estate's request is a 404 for everyone. The services check these sets themselves
(``frontdesk.permissions.check_actor``); the pages check the same sets (403).
"""

from frontdesk import roles

CATALOGUE_ROLES = (
    roles.RECEPTIONIST,
    roles.CS_SUPERVISOR,
    roles.DEPARTMENT_HEAD,
    roles.TECHNICIAN,
    roles.CASHIER,
    roles.DIRECTOR,
)
VIEW_ROLES = (
    roles.RECEPTIONIST,
    roles.CS_SUPERVISOR,
    roles.DEPARTMENT_HEAD,
    roles.CASHIER,
    roles.DIRECTOR,
)
# A request's page for the person sent (narrowed to their own requests by the selector).
PAGE_ROLES = (*VIEW_ROLES, roles.TECHNICIAN)
TAKE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
SCAN_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD, roles.DIRECTOR)
DISPATCH_ROLES = (roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD)
WORK_ROLES = (roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD, roles.TECHNICIAN)
ACCEPT_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD)
CHARGE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.CASHIER)
CANCEL_ROLES = TAKE_ROLES
MINE_ROLES = (roles.DEPARTMENT_HEAD, roles.TECHNICIAN)
REPORT_ROLES = (roles.CS_SUPERVISOR, roles.DIRECTOR)
# Those whose view is narrowed to their department / their own assignments.
NARROW_ROLES = (roles.DEPARTMENT_HEAD, roles.TECHNICIAN)
