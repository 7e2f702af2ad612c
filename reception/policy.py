"""Who works with the phone log and the visitor log.

Receptionists and customer-service supervisors take calls and receive visitors. A security
guard at the gate logs visitors (and their departure) but never sees the call log. The
director and department heads may read both (calls are routed to departments, visitors come
to see them) without recording. Technicians, cashiers and anyone else: 403.
"""

from frontdesk import roles

CALL_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
CALL_VIEW_ROLES = (*CALL_ROLES, roles.DIRECTOR, roles.DEPARTMENT_HEAD)
VISIT_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.SECURITY_GUARD)
VISIT_VIEW_ROLES = (*VISIT_ROLES, roles.DIRECTOR, roles.DEPARTMENT_HEAD)
