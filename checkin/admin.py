"""Custody in the admin: per-estate settings (editable), the rest to look at with history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from frontdesk.admin import (
    EstateScopedAdmin,
    ReadOnlyAdmin,
    ScopedRelatedFilter,
    ViewOnlyHistoryAdmin,
)

from .models import (
    Custody,
    CustodySettings,
    Inspection,
    InspectionPhoto,
    KeyLog,
    MeterReading,
    MoveInCase,
    RainWarning,
)


@admin.register(CustodySettings)
class CustodySettingsAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ["estate", "water_max", "electricity_max"]
    list_select_related = ["estate"]


@admin.register(Custody)
class CustodyAdmin(ViewOnlyHistoryAdmin):
    list_display = ["unit", "owner", "start_date", "end_date", "water_max", "electricity_max"]
    list_filter = [("end_date", admin.EmptyFieldListFilter), ("estate", ScopedRelatedFilter)]
    list_select_related = ["unit", "owner"]
    search_fields = ["=unit__code", "owner__name"]
    date_hierarchy = "start_date"


class InspectionPhotoInline(admin.TabularInline):
    model = InspectionPhoto
    fields = ["file", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(ViewOnlyHistoryAdmin):
    list_display = [
        "custody",
        "kind",
        "due_date",
        "status",
        "missed",
        "problem",
        "inspector",
        "inspected_at",
    ]
    list_filter = [
        "kind",
        "status",
        "missed",
        "problem",
        ("custody__estate", ScopedRelatedFilter),
    ]
    list_select_related = ["custody__unit", "inspector"]
    search_fields = ["=custody__unit__code"]
    date_hierarchy = "due_date"
    inlines = [InspectionPhotoInline]


@admin.register(MeterReading)
class MeterReadingAdmin(ViewOnlyHistoryAdmin):
    list_display = ["unit", "meter", "value", "read_at", "context", "read_by"]
    list_filter = ["meter", "context", ("unit__estate", ScopedRelatedFilter)]
    list_select_related = ["unit", "read_by"]
    search_fields = ["=unit__code"]
    date_hierarchy = "read_at"


@admin.register(KeyLog)
class KeyLogAdmin(ViewOnlyHistoryAdmin):
    list_display = ["custody", "taken_by", "taken_at", "reason", "returned_at", "handed_out_by"]
    list_filter = [("returned_at", admin.EmptyFieldListFilter)]
    list_select_related = ["custody__unit", "handed_out_by"]
    search_fields = ["=custody__unit__code", "taken_by"]


@admin.register(MoveInCase)
class MoveInCaseAdmin(ViewOnlyHistoryAdmin):
    list_display = ["unit", "owner", "status", "opened_at", "completed_at"]
    list_filter = ["status"]
    list_select_related = ["unit", "owner"]
    search_fields = ["=unit__code", "owner__name"]


@admin.register(RainWarning)
class RainWarningAdmin(EstateScopedAdmin, ReadOnlyAdmin):
    list_display = ["estate", "issued_at", "issued_by", "note"]
    list_select_related = ["estate", "issued_by"]
