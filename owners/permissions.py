from frontdesk.roles import SEE_FULL_ID
from frontdesk.scoping import has_role

FULL_ID_PERMISSION = "owners.view_full_id_number"


def sees_full_id_numbers(user) -> bool:
    """Whether the user may see full ID numbers (each reveal on a page is still logged).

    Decided by role, like every page of the desk: the roles in SEE_FULL_ID are the groups that
    hold FULL_ID_PERMISSION, and their names are already loaded for the request.
    """
    return user is not None and has_role(user, *SEE_FULL_ID)
