"""Who may do what with owners data: the app's role sets, in one place.

Who sees what (DESIGN §1, §5), page by page; R receptionist, S CS supervisor, H department
head, T technician, C cashier, D director, G security guard:

    unit search, dossier, its sections and history, owner page ........... R S H C D
    household registration form (PDF, phones and ID numbers masked) ...... R S H C D
    an archived scan (ID cards, contracts, powers of attorney) ........... R S D
    owners, ownerships, residents, agents, documents: add and change ..... R S
    a full ID number (each reveal logged) ................................ S D
    admin: a full ID number revealed (logged), REVEAL_PERMISSION ......... D
    an office moving in: its buildings, units, owners imported (intake) .. S
    admin: an export with full ID and phone numbers (logged) ............. (granted per user)

A technician or a guard sees none of these (403): their work orders and the gate only.
Another estate's unit, owner or document is a 404 for everyone.

- VIEW_ROLES read the desk's owners pages: the unit search, a unit's dossier and its history,
  an owner's record, the household registration form (PDF). Everyone who serves owners at the
  desk or follows up their accounts and repairs; not technicians or guards, who see their own
  orders and the gate, never the household.
- SCAN_ROLES open the scan behind an archived document (``/documents/<id>/file/``): the
  desk that archived it, its supervisor and the director. A cashier or a department head sees
  the dossier (and that a paper is archived) but not the scan of an ID card or a contract.
- CHANGE_ROLES change owners data: owners, ownerships, residents, vehicles, agents, the
  document archive, a unit's status. The desk's receptionists and their supervisor; the
  workflow apps (check-in's registration, agent and papers, custody, move-in completion) make
  these writes with the same roles, so the owners service's own check is never stricter than
  theirs.
- SEE_FULL_ID see a full ID number (every look is logged): the roles whose groups hold
  FULL_ID_PERMISSION. Everyone else sees it masked.
"""

from frontdesk import roles
from frontdesk.scoping import has_role

VIEW_ROLES = (
    roles.RECEPTIONIST,
    roles.CS_SUPERVISOR,
    roles.CASHIER,
    roles.DIRECTOR,
    roles.DEPARTMENT_HEAD,
)
CHANGE_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR)
# Bring an office's data in (the imports app's wizard writes through ``services.intake``).
INTAKE_ROLES = (roles.CS_SUPERVISOR,)
SCAN_ROLES = (roles.RECEPTIONIST, roles.CS_SUPERVISOR, roles.DIRECTOR)
SEE_FULL_ID = (roles.CS_SUPERVISOR, roles.DIRECTOR)

FULL_ID_PERMISSION = "owners.view_full_id_number"

# The admin shows every ID number (and phone in lists and on view-only pages) masked, to
# everyone. Letting a full number out of it is a Django permission of its own, each use
# logged in ``PersonalDataAccess``: revealing one record's ID number (the director's role
# holds it), and exporting a file with full ID and phone numbers (no role holds it: a
# superuser grants it to the one user who needs it, for as long as needed).
REVEAL_PERMISSION = "owners.reveal_id_number"
EXPORT_PERMISSION = "owners.export_personal_data"


def sees_full_id_numbers(user) -> bool:
    """Whether the user may see full ID numbers (each reveal on a page is still logged).

    Decided by role, like every page of the desk: the roles in SEE_FULL_ID are the groups that
    hold FULL_ID_PERMISSION, and their names are already loaded for the request.
    """
    return user is not None and has_role(user, *SEE_FULL_ID)


def sees_scans(user) -> bool:
    """Whether the user may open archived scans; the pages show the others no link."""
    return user is not None and has_role(user, *SCAN_ROLES)
