"""The phone log's "turn into a complaint" (reception.conversions), registered from ready()."""

from django.utils.translation import gettext_lazy as _

from reception import conversions

from . import permissions
from .services import complaint_from_call


def _label(complaint) -> str:
    return complaint.number


def register() -> None:
    conversions.register(
        conversions.Conversion(
            key="complaint",
            label=_("Record as complaint"),
            convert=complaint_from_call,
            roles=permissions.RECORD_ROLES,
            icon="megaphone",
            order=20,
            label_of=_label,
            once=True,
        )
    )
