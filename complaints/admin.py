"""Supervisors' admin: complaints (read the procedure, correct the facts), and the estate's
settings: the department each cause goes to and the clock of each severity. Steps are taken
on the desk pages, never here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from frontdesk.admin import EstateScopedAdmin, ReadOnlyInline
from owners.admin import PersonalExcelExportMixin

from .models import CauseDepartment, Complaint, ComplaintStep, SeverityClock, VerdictChange


class StepInline(ReadOnlyInline):
    model = ComplaintStep
    fields = ["at", "step", "round", "actor", "notes", "data"]
    verbose_name_plural = _("steps")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class VerdictChangeInline(StepInline):
    model = VerdictChange
    fields = ["at", "from_verdict", "from_cause", "to_verdict", "to_cause", "reason", "actor"]
    readonly_fields = fields
    verbose_name_plural = _("verdict changes")


@admin.register(Complaint)
class ComplaintAdmin(PersonalExcelExportMixin, EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = [
        "number",
        "status",
        "verdict",
        "cause",
        "severity",
        "unit",
        "department",
        "resolve_due",
        "escalation",
        "reopen_count",
        "estate",
    ]
    list_filter = [
        "status",
        "verdict",
        "cause",
        "severity",
        "channel",
        "escalation",
        ("estate", admin.RelatedOnlyFieldListFilter),
        ("department", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["unit", "department", "estate"]
    search_fields = ["number", "unit__code", "complainant_name", "contact_phone", "place"]
    date_hierarchy = "received_at"
    show_full_result_count = False
    inlines = [StepInline, VerdictChangeInline]
    raw_id_fields = ["unit", "owner"]
    # The procedure's fields move only through the services (steps, notifications, the log).
    readonly_fields = [
        "estate",
        "number",
        "status",
        "verdict",
        "cause",
        "invalid_reason",
        "judged_by",
        "judged_at",
        "department",
        "handler",
        "received_by",
        "received_at",
        "respond_due",
        "resolve_due",
        "responded_at",
        "handled_at",
        "closed_at",
        "reopen_count",
        "escalation",
        "escalated_at",
        "work_order",
        "phone_call",
        "arrears_snapshot",
        "visit_result",
        "visit_at",
    ]

    def has_add_permission(self, request):
        return False  # complaints are recorded on the desk, where they are numbered


@admin.register(CauseDepartment)
class CauseDepartmentAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ["cause", "department", "estate"]
    list_filter = ["cause", ("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["estate", "department"]


@admin.register(SeverityClock)
class SeverityClockAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ["severity", "respond_hours", "resolve_hours", "resolve_working_days", "estate"]
    list_filter = ["severity", ("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["estate"]
