"""Who works with renovations (装修).

R receptionist, S CS supervisor, H department head (engineering, security), T technician,
C cashier, D director, G security guard:

    lists, a renovation's page, its agreement, permit, passes, notices (PDF) ........ R S H D
    a patrol: record it, see the renovation it is for, the patrols-due panel,
      the re-check of its rectification notice (not corrected: the works stop) ....... S H T
    apply, upload documents, sign the agreement, issue the permit and passes,
      revoke a pass, record the garbage cleared, close ............................. R S
    the plan review: approve (charges the garbage fee), send back, reject .......... S H
    the acceptance (a third and later attempt: the CS supervisor), the water test .... S H
    the documents of an application (plans, approvals, the contractor's licence) .... R S H D
    extend the period ................................................................ R S
    let suspended works resume (after a violation not corrected) .................... S H
    refund the deposit (after the holding period, with deductions) .................... S
    the guard's pass check ............................................................ G

A cashier takes the garbage fee, the deposit and the pass fees on the fees pages; a technician
sees renovations to patrol them, never their documents; a guard sees the pass check and
nothing else. Another estate's renovation, pass or file is a 404 for everyone. The services
check these sets themselves (``frontdesk.permissions.check_actor``); the pages check the same
sets (403).
"""

from frontdesk import roles

APPLY_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
REVIEW_ROLES = (roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD)
PATROL_ROLES = (roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD, roles.TECHNICIAN)
ACCEPT_ROLES = REVIEW_ROLES
VIEW_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DEPARTMENT_HEAD, roles.DIRECTOR)
FILE_ROLES = VIEW_ROLES
# The renovation's page for those who patrol it too (a technician: the facts, no documents).
SITE_ROLES = (*VIEW_ROLES, roles.TECHNICIAN)
GATE_ROLES = (roles.SECURITY_GUARD,)
REFUND_ROLES = (roles.CS_SUPERVISOR,)
