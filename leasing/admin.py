"""Leasing in the admin: read-only with history for what changes through the desk (spaces,
lessees, negotiations, contracts, supervision); the ledger's cost categories, costs and
allocations are kept here by the supervisor or the director, with history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from frontdesk.admin import (
    EstateScopedAdmin,
    ReadOnlyInline,
    ScopedRelatedFilter,
    ViewOnlyHistoryAdmin,
)
from owners.admin import PersonalExcelExportMixin

from .models import (
    Contact,
    Contract,
    ContractScan,
    CostCategory,
    LeaseCharge,
    LedgerAllocation,
    LedgerCost,
    Lessee,
    Negotiation,
    Space,
    Supervision,
)


@admin.register(Space)
class SpaceAdmin(ViewOnlyHistoryAdmin):
    list_display = ("code", "name", "kind", "ownership", "estate", "active")
    list_filter = ("kind", "ownership", "active", ("estate", ScopedRelatedFilter))
    search_fields = ("code", "name", "location")
    list_select_related = ("estate",)
    exclude = ("form_key",)


@admin.register(Lessee)
class LesseeAdmin(ViewOnlyHistoryAdmin):
    list_display = ("name", "kind", "credit_code", "id_number_masked", "contact_name", "estate")
    list_filter = ("kind", ("estate", ScopedRelatedFilter))
    search_fields = ("name", "credit_code", "contact_name")
    list_select_related = ("estate",)
    exclude = ("form_key",)


class ContactInline(ReadOnlyInline):
    model = Contact
    fields = ("on", "counterpart", "asked", "offered", "next_step", "recorded_by")


@admin.register(Negotiation)
class NegotiationAdmin(PersonalExcelExportMixin, ViewOnlyHistoryAdmin):
    list_display = ("space", "lessee", "status", "opened_at", "estate")
    list_filter = ("status", ("estate", ScopedRelatedFilter))
    search_fields = ("space__code", "lessee__name")
    list_select_related = ("space", "lessee", "estate")
    inlines = [ContactInline]
    exclude = ("form_key",)


class ChargeInline(ReadOnlyInline):
    model = LeaseCharge
    fields = ("kind", "period_start", "period_end", "amount", "charge")


class ScanInline(ReadOnlyInline):
    model = ContractScan
    fields = ("file", "uploaded_by", "uploaded_at")


@admin.register(Contract)
class ContractAdmin(PersonalExcelExportMixin, ViewOnlyHistoryAdmin):
    list_display = ("number", "space", "lessee", "start", "end", "rent", "cycle", "status")
    list_filter = ("status", "cycle", ("estate", ScopedRelatedFilter))
    search_fields = ("number", "space__code", "lessee__name")
    list_select_related = ("space", "lessee")
    inlines = [ChargeInline]
    exclude = ("form_key",)


@admin.register(Supervision)
class SupervisionAdmin(ViewOnlyHistoryAdmin):
    list_display = ("contract", "on", "inspector", "finding", "rectify_by", "rectified_on")
    list_filter = ("finding",)
    list_select_related = ("contract", "inspector")
    exclude = ("form_key",)


@admin.register(CostCategory)
class CostCategoryAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ("name", "estate", "active")
    list_filter = ("active", ("estate", ScopedRelatedFilter))
    list_select_related = ("estate",)


@admin.register(LedgerCost)
class LedgerCostAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """A reasonable cost set against the owners' leasing income, with its receipt."""

    list_display = ("month", "category", "amount", "description", "estate")
    list_filter = (("estate", ScopedRelatedFilter), "category")
    list_select_related = ("estate", "category")
    date_hierarchy = "month"


@admin.register(LedgerAllocation)
class LedgerAllocationAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """How a year's owners' share is used, as the owners' assembly or committee decided."""

    list_display = ("year", "use", "amount", "decision", "decided_on", "estate")
    list_filter = ("use", ("estate", ScopedRelatedFilter))
    list_select_related = ("estate",)
