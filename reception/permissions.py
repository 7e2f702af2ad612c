"""Who works with the phone log and the visitor log.

Receptionists and customer-service supervisors take calls and receive visitors. A security
guard at the gate logs visitors (and their departure) but never sees the call log. The
director and department heads may read both (calls are routed to departments, visitors come
to see them) without recording. Technicians, cashiers and anyone else: 403. A visitor's full
ID number is shown only to the roles that see an owner's (``owners.permissions.SEE_FULL_ID``),
and each look is logged.

Every write service calls ``frontdesk.permissions.check_actor`` with one of these sets; the
pages check the same sets (403) before they call it.
"""

from frontdesk import roles
from owners.permissions import SEE_FULL_ID

CALL_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
CALL_VIEW_ROLES = (*CALL_ROLES, roles.DIRECTOR, roles.DEPARTMENT_HEAD)
VISIT_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.SECURITY_GUARD)
VISIT_VIEW_ROLES = (*VISIT_ROLES, roles.DIRECTOR, roles.DEPARTMENT_HEAD)
REVEAL_ID_ROLES = SEE_FULL_ID
# "Turn the call into…" (a work order by default; another app registers its own roles).
CONVERT_ROLES = CALL_ROLES
# The unit picker of the call and visit forms.
UNIT_PICK_ROLES = tuple(dict.fromkeys((*CALL_ROLES, *VISIT_ROLES)))
# The unit dossier's calls and visits.
SECTION_ROLES = tuple(dict.fromkeys((*CALL_VIEW_ROLES, *VISIT_VIEW_ROLES)))
