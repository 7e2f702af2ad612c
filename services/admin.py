from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from frontdesk.admin import (
    EstateScopedAdmin,
    ReadOnlyInline,
    ScopedRelatedFilter,
    ViewOnlyHistoryAdmin,
)
from owners.admin import PersonalExcelExportMixin

from .models import DepartmentHours, ServiceItem, ServiceRequest, ServiceStep


@admin.register(ServiceItem)
class ServiceItemAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """The estate's published catalogue: what the desk offers, by whom, at what price."""

    list_display = (
        "name",
        "estate",
        "kind",
        "department",
        "charge_unit",
        "price_low",
        "price_high",
        "quote_on_site",
        "position",
        "active",
    )
    list_filter = ("kind", "active", "quote_on_site", ("estate", ScopedRelatedFilter))
    list_editable = ("position", "active")
    list_select_related = ("estate", "department")
    search_fields = ("name",)


@admin.register(DepartmentHours)
class DepartmentHoursAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """When a department goes to homes (a department without a row: 08:00–18:00 daily)."""

    list_display = ("department", "opens", "closes", "weekends")
    list_select_related = ("department__estate",)


class StepInline(ReadOnlyInline):
    model = ServiceStep
    fields = ("at", "step", "by", "note")


@admin.register(ServiceRequest)
class ServiceRequestAdmin(PersonalExcelExportMixin, ViewOnlyHistoryAdmin):
    """Requests are written on the desk's pages; here they are read with their history."""

    list_display = (
        "number",
        "estate",
        "unit",
        "item",
        "slot_start",
        "assignee",
        "status",
        "final_amount",
    )
    list_filter = ("status", "agreement", ("estate", ScopedRelatedFilter))
    list_select_related = ("estate", "unit", "item", "assignee")
    search_fields = ("number", "requester_name", "unit__code")
    inlines = [StepInline]
    exclude = ("form_key",)
