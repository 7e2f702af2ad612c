"""Fees on the desk: the "take payment" quick action, the unit dossier's fees section and
the panel of reversals waiting for a supervisor."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk import roles
from frontdesk.registry import Entry, dossier_sections, quick_actions, today_panels
from frontdesk.scoping import has_role, scope

from . import selectors
from .models import ReversalRequest
from .services import APPROVERS

# Who takes money (and asks for a reversal); who approves reversals and waivers.
PAY_ROLES = (roles.CASHIER, roles.CS_SUPERVISOR)
APPROVE_ROLES = APPROVERS
# Roles that work with money or at the desk see a unit's fees.
SECTION_ROLES = (roles.RECEPTIONIST, roles.CASHIER, roles.CS_SUPERVISOR, roles.DIRECTOR)


def _section(request, unit) -> dict:
    """The dossier's fees section, loaded on its own request: five queries, whatever the
    unit's history."""
    return {
        "arrears": selectors.arrears_for_unit(unit),
        "credit": selectors.unit_credit(unit=unit),
        "charges": list(selectors.open_charges(unit=unit)),
        "payments": selectors.recent_payments(unit=unit, limit=5),
        "attempts": selectors.collection_attempts(unit=unit, limit=5),
        "today": timezone.localdate(),
        "can_pay": has_role(request.user, *PAY_ROLES),
    }


def _pending_reversals(request) -> dict:
    pending = (
        scope(ReversalRequest.objects.filter(status=ReversalRequest.Status.PENDING), request.user)
        .select_related("payment", "requested_by")
        .order_by("requested_at")
    )
    return {"requests": list(pending[:10])}


def register() -> None:
    quick_actions.register(
        Entry(
            key="fees-take-payment",
            label=_("Take payment"),
            roles=PAY_ROLES,
            order=20,
            url_name="fees:pay-search",
            icon="cash-coin",
        )
    )
    dossier_sections.register(
        Entry(
            key="fees",
            label=_("Fees"),
            roles=SECTION_ROLES,
            order=20,
            icon="cash-coin",
            template="fees/dossier_section.html",
            context=_section,
        )
    )
    today_panels.register(
        Entry(
            key="fees-reversals",
            label=_("Reversals waiting for approval"),
            roles=APPROVE_ROLES,
            order=30,
            icon="arrow-counterclockwise",
            template="fees/panel_reversals.html",
            context=_pending_reversals,
        )
    )
