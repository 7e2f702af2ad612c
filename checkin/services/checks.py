"""Checks both workflows make before they take a unit in hand."""

import datetime

from django.utils.translation import gettext as _

from owners.models import Owner, Unit
from owners.selectors import current_owners

from ..errors import CheckinError


def check_current_owner(unit: Unit, owner: Owner, on: datetime.date | None = None) -> None:
    """Refuse (``not_owner``) unless ``owner`` owns ``unit`` on ``on`` (today when None)."""
    if not current_owners(unit, on).filter(pk=owner.pk).exists():
        raise CheckinError(
            _("%(owner)s is not a current owner of %(unit)s.")
            % {"owner": owner, "unit": unit.code},
            code="not_owner",
            field="owner",
        )
