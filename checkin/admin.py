"""Move-in and custody in the admin: per-estate settings, agreements, handover items and
acceptance checklists (editable); cases, custody and inspections to look at with history."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from frontdesk.admin import (
    EstateScopedAdmin,
    ReadOnlyAdmin,
    ScopedRelatedFilter,
    ViewOnlyHistoryAdmin,
)
from owners.admin import PersonalExcelExportMixin

from .models import (
    AcceptanceItem,
    Agreement,
    AgreementSigning,
    ChecklistItem,
    ChecklistTemplate,
    Custody,
    CustodySettings,
    DocumentWaiver,
    HandoverItem,
    HandoverLine,
    Inspection,
    InspectionPhoto,
    KeyLog,
    MeterReading,
    MoveInCase,
    RainWarning,
    Reinspection,
)


@admin.register(CustodySettings)
class CustodySettingsAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ["estate", "move_in_fee_months", "water_max", "electricity_max"]
    list_select_related = ["estate"]


class ConfiguredPerEstateAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_filter = ["active", ("estate", ScopedRelatedFilter)]
    list_select_related = ["estate"]
    list_editable = ["order", "active"]


@admin.register(Agreement)
class AgreementAdmin(ConfiguredPerEstateAdmin):
    list_display = ["title", "estate", "order", "active"]
    search_fields = ["title"]


@admin.register(HandoverItem)
class HandoverItemAdmin(ConfiguredPerEstateAdmin):
    list_display = ["name", "estate", "quantity", "order", "active"]
    search_fields = ["name"]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    fields = ["room", "item", "order"]
    extra = 3


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "estate", "active"]
    list_filter = ["active", ("estate", ScopedRelatedFilter)]
    list_select_related = ["estate"]
    search_fields = ["name"]
    inlines = [ChecklistItemInline]


@admin.register(Custody)
class CustodyAdmin(PersonalExcelExportMixin, ViewOnlyHistoryAdmin):
    list_display = ["unit", "owner", "start_date", "end_date", "water_max", "electricity_max"]
    list_filter = [("end_date", admin.EmptyFieldListFilter), ("estate", ScopedRelatedFilter)]
    list_select_related = ["unit", "owner"]
    search_fields = ["=unit__code", "owner__name"]
    date_hierarchy = "start_date"


class InspectionPhotoInline(admin.TabularInline):
    """Photos live in private storage: the link goes to the desk's checked view, never to a
    storage URL (which would bypass the roles when the store is S3)."""

    model = InspectionPhoto
    fields = ["photo", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("photo"))
    def photo(self, photo):
        url = reverse("checkin:inspection-photo", args=[photo.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("open photo"))

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


class CaseInline(admin.TabularInline):
    """A step's rows on the case's page: written by the desk, looked at here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class WaiverInline(CaseInline):
    model = DocumentWaiver
    fields = ["kind", "reason", "waived_by", "waived_at"]


class SigningInline(CaseInline):
    model = AgreementSigning
    fields = ["agreement", "signed_on", "recorded_by"]


class HandoverLineInline(CaseInline):
    model = HandoverLine
    fields = ["name", "quantity", "note"]


class AcceptanceItemInline(CaseInline):
    model = AcceptanceItem
    fields = ["room", "item", "defect", "note", "work_order_id"]


class ReinspectionInline(CaseInline):
    model = Reinspection
    fields = ["scheduled_at", "accompanied_by", "done_at", "passed", "failed", "signed_by"]


@admin.register(MoveInCase)
class MoveInCaseAdmin(PersonalExcelExportMixin, ViewOnlyHistoryAdmin):
    list_display = ["unit", "owner", "handler", "status", "opened_at", "move_in_date"]
    list_filter = ["status", "handler", ("estate", ScopedRelatedFilter)]
    list_select_related = ["unit", "owner"]
    search_fields = ["=unit__code", "owner__name", "handler_name"]
    date_hierarchy = "opened_at"
    inlines = [
        WaiverInline,
        SigningInline,
        HandoverLineInline,
        AcceptanceItemInline,
        ReinspectionInline,
    ]


@admin.register(RainWarning)
class RainWarningAdmin(EstateScopedAdmin, ReadOnlyAdmin):
    list_display = ["estate", "issued_at", "issued_by", "note"]
    list_select_related = ["estate", "issued_by"]
