"""Who works with inspections and supervision (巡检与督导).

R receptionist, S CS supervisor, H department head, T technician, C cashier, D director,
G security guard:

    plan rounds, excuse a place not visited (with a reason), the QR sheet ........... S
    my rounds; a round's page and its steps (when assigned to it) .................. R S H T
    every round and nonconformity of the estate ..................................... R S D
    a nonconformity: handled on the spot, or a coordination sheet .................. R S H
    the follow-up check ............................................................... R S
    the monthly report, its PDF and Excel export ..................................... S D

A department head sees the nonconformities of their department; a technician or head sees
the rounds assigned to them. Cashiers and guards see none of it. Another estate's round is
a 404 for everyone.
"""

from frontdesk import roles

PLAN_ROLES = (roles.CS_SUPERVISOR,)
ROUND_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD, roles.TECHNICIAN)
WIDE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DIRECTOR)
PAGE_ROLES = (*ROUND_ROLES, roles.DIRECTOR)
NONCONFORMITY_ROLES = (
    roles.RECEPTIONIST,
    roles.CS_SUPERVISOR,
    roles.DEPARTMENT_HEAD,
    roles.DIRECTOR,
)
HANDLE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD)
FOLLOW_UP_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
REPORT_ROLES = (roles.CS_SUPERVISOR, roles.DIRECTOR)
QR_ROLES = (roles.CS_SUPERVISOR,)
