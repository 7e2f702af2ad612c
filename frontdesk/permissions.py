"""Who may do what: the one check every write service makes before it changes anything.

Each app names its role sets in its own ``permissions.py``; a service calls
``check_actor(actor, estate_id=…, roles=…)`` itself, so no view can forget it and money is the
best defended layer. Views check the same sets (a 403 page) before they call the service.
Within an estate some rows are narrower still: a department head or technician sees only
their department's work orders, those assigned to them and those they opened (a 404 for
any other; the table is in ``workorders/permissions.py``), while the desk, the CS
supervisors and the director see every order of their estates.

The kernel's own pages: the desk home, its today panels (each by its app's roles) and a
user's notifications are everyone's; a background job (billing a month, printing notices,
an export) and its file are its requester's and, in its estate, the supervisors'
(``JOB_OVERSIGHT_ROLES``: CS supervisor, director); nobody else sees them, whatever their
role (a 404). The sign-ins locked out now (``/accounts/lockouts/``) are listed, and
unlocked, for the CS supervisors and directors of the locked user's estate
(``SIGNIN_UNLOCK_ROLES``); everyone else gets a 403.
"""

from collections.abc import Collection
from typing import Any

from django.utils.translation import gettext as _

from . import roles as desk_roles
from .errors import FORBIDDEN, OTHER_ESTATE, DeskError
from .scoping import estate_ids_for, has_role

JOB_OVERSIGHT_ROLES = (desk_roles.CS_SUPERVISOR, desk_roles.DIRECTOR)
SIGNIN_UNLOCK_ROLES = (desk_roles.CS_SUPERVISOR, desk_roles.DIRECTOR)


def check_actor(
    actor: Any, *, estate_id: int, roles: Collection[str], message: str | None = None
) -> None:
    """Refuse (``DeskError``, nothing changed) unless ``actor`` works in ``estate_id`` and has
    one of ``roles``; ``message`` says what the role may not do, for the form."""
    ids = estate_ids_for(actor)
    if ids is not None and estate_id not in ids:
        raise DeskError(_("This belongs to another estate."), code=OTHER_ESTATE)
    if not has_role(actor, *roles):
        raise DeskError(message or _("Your role may not do this."), code=FORBIDDEN)
