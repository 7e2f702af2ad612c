"""Supervisors' admin: work orders (read the flow, correct the facts) and the time allowed
per category. Steps of the flow are taken on the desk pages, never here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from frontdesk.admin import EstateScopedAdmin, ReadOnlyInline
from owners.admin import PersonalExcelExportMixin

from .models import CategorySLA, WorkOrder, WorkOrderEvent


class EventInline(ReadOnlyInline):
    model = WorkOrderEvent
    fields = ["at", "action", "from_status", "to_status", "actor", "note"]
    verbose_name_plural = _("steps")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(WorkOrder)
class WorkOrderAdmin(PersonalExcelExportMixin, EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = [
        "number",
        "kind",
        "category",
        "status",
        "unit",
        "location",
        "department",
        "assignee",
        "due_at",
        "estate",
    ]
    excel_fields = [*list_display[:6], "reporter_name", "reporter_phone", *list_display[6:]]
    list_filter = [
        "status",
        "kind",
        "category",
        "priority",
        "source",
        ("estate", admin.RelatedOnlyFieldListFilter),
        ("department", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["unit", "department", "assignee", "estate"]
    search_fields = ["number", "unit__code", "location", "reporter_name", "reporter_phone"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    inlines = [EventInline]
    raw_id_fields = ["unit"]
    # The flow's fields (status, dispatch, times) move only through the services, which
    # notify and write the event rows; the admin corrects what was reported.
    readonly_fields = [
        "estate",
        "number",
        "kind",
        "status",
        "department",
        "assignee",
        "parent",
        "source_type",
        "source_id",
        "created_by",
        "created_at",
        "dispatched_at",
        "signed_at",
        "started_at",
        "completed_at",
        "verified_at",
        "reinspection_at",
        "owner_confirmed_at",
        "owner_signed_name",
        "closed_at",
        "paid",
        "amount",
        "charge_id",
    ]

    def has_add_permission(self, request):
        return False  # orders are opened on the desk, where they are numbered and dispatched


@admin.register(CategorySLA)
class CategorySLAAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ["category", "hours", "estate"]
    list_filter = ["category", ("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["estate"]
