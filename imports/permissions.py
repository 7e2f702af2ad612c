"""Who brings an office's data in (导入).

R receptionist, S CS supervisor, H department head, T technician, C cashier, D director,
G security guard:

    the import wizard: upload, map, preview, import, its summary, the rejected rows ..... S
    the templates and sample files ........................................................ S
    a unit's payments before Front Desk (imported history; dossier and page) ........ R S C D

The writes go through ``owners.services.intake`` (which checks ``owners.permissions.
INTAKE_ROLES``, the same set) and ``fees.services.charge_create``. Another estate's import is
a 404 for everyone; every other role gets a 403.
"""

from frontdesk import roles

IMPORT_ROLES = (roles.CS_SUPERVISOR,)
PAST_PAYMENT_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.CASHIER, roles.DIRECTOR)
