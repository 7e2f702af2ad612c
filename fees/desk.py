"""Fees on the desk: the "take payment" quick action, the unit dossier's fees section, the
today panels (reversals waiting for a supervisor, collection follow-ups due) and the menu
entries (arrears, collection-rate report, collection)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from frontdesk.registry import (
    Entry,
    dossier_sections,
    menu,
    quick_actions,
    today_panels,
    unit_actions,
)
from frontdesk.scoping import desk_estate_ids, has_role, scope
from owners.hooks import on_ownership_end

from . import selectors
from .models import ReversalRequest
from .permissions import (
    APPROVE_ROLES,
    ARREARS_ROLES,
    COLLECTION_ROLES,
    DEPOSIT_VIEW_ROLES,
    PANEL_ROLES,
    PAY_ROLES,
    REPORT_ROLES,
    SECTION_ROLES,
)

FOLLOW_UPS_PANEL_SIZE = 5


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


def _due_follow_ups(request) -> dict:
    due = selectors.follow_ups_due(estate_ids=desk_estate_ids(request), on=timezone.localdate())
    return {"count": due.count(), "follow_ups": list(due[:FOLLOW_UPS_PANEL_SIZE])}


def _owes_before_ownership_ends(unit) -> str | None:
    arrears = selectors.arrears_for_unit(unit)
    if not arrears.amount:
        return None
    return gettext(
        "%(unit)s owes ¥%(amount)s (%(fees)s): settle it, or agree who pays, before the "
        "ownership ends."
    ) % {
        "unit": unit.code,
        "amount": arrears.amount,
        "fees": "、".join(str(name) for name, _total in arrears.by_fee_type),
    }


def register() -> None:
    on_ownership_end(_owes_before_ownership_ends)
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
    unit_actions.register(
        Entry(
            key="fees-unit-pay",
            label=_("Take payment"),
            roles=PAY_ROLES,
            order=10,
            icon="cash-coin",
            shortcut="p",
            unit_url=lambda unit: reverse("fees:unit-pay", args=[unit.pk]),
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
    today_panels.register(
        Entry(
            key="fees-follow-ups",
            label=_("Collection follow-ups due"),
            roles=PANEL_ROLES,
            order=300,
            icon="telephone-outbound",
            url_name="fees:collection-list",
            template="fees/panels/follow_ups.html",
            context=_due_follow_ups,
        )
    )
    menu.register(
        Entry(
            key="fees-arrears",
            group="fees",
            label=_("Arrears"),
            roles=ARREARS_ROLES,
            order=40,
            url_name="fees:arrears",
            icon="exclamation-circle",
        )
    )
    menu.register(
        Entry(
            key="fees-report",
            group="manage",
            label=_("Collection rate"),
            roles=REPORT_ROLES,
            order=45,
            url_name="fees:report",
            icon="bar-chart",
        )
    )
    menu.register(
        Entry(
            key="fees-collection",
            group="fees",
            label=_("Collection"),
            roles=COLLECTION_ROLES,
            order=320,
            icon="telephone-outbound",
            url_name="fees:collection-list",
        )
    )
    menu.register(
        Entry(
            key="fees-deposits",
            group="fees",
            label=_("Deposits"),
            roles=DEPOSIT_VIEW_ROLES,
            order=330,
            icon="safe",
            url_name="fees:deposits",
        )
    )
