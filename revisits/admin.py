"""Supervisors' admin: the revisit rules (days per category, counted from what, which
categories are safety facilities) and the revisits themselves, read-only, with history.
Visits are recorded on the desk pages, never here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from frontdesk.admin import EstateScopedAdmin, ReadOnlyInline
from owners.admin import PersonalExcelExportMixin

from .models import AnalysisReport, Attempt, Revisit, RevisitRule, RevisitSettings, VisitPlan


class AttemptInline(ReadOnlyInline):
    model = Attempt
    fields = ["at", "channel", "result", "next_try_at", "note", "by"]
    verbose_name_plural = _("attempts")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


@admin.register(RevisitRule)
class RevisitRuleAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ["category", "days", "counted_from", "safety_facility", "estate"]
    list_filter = ["category", "safety_facility", ("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["estate"]


@admin.register(Revisit)
class RevisitAdmin(PersonalExcelExportMixin, EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ["id", "source_kind", "source", "unit", "status", "due_at", "estate"]
    list_filter = ["status", "source_kind", "result", ("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["work_order", "complaint", "plan", "unit", "estate"]
    search_fields = ["work_order__number", "complaint__number", "unit__code"]
    date_hierarchy = "due_at"
    show_full_result_count = False
    inlines = [AttemptInline]

    @admin.display(description=_("source"))
    def source(self, obj: Revisit) -> str:
        return obj.source_label

    def has_add_permission(self, request):
        return False  # revisits come from their sources and the sweep

    def has_change_permission(self, request, obj=None):
        return False  # visits, sign-offs and exemptions go through the desk's services

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VisitPlan)
class VisitPlanAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "starts_on", "ends_on", "channel", "assignee", "estate"]
    list_filter = ["channel", ("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["estate", "assignee"]
    search_fields = ["title"]

    def has_add_permission(self, request):
        return False  # planned on the desk, where each unit becomes a revisit

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RevisitSettings)
class RevisitSettingsAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ["estate", "include_coordination", "problem_threshold"]
    list_select_related = ["estate"]


@admin.register(AnalysisReport)
class AnalysisReportAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ["estate", "month", "status", "reviewed_by", "submitted_at"]
    list_filter = ["status", ("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["estate", "reviewed_by"]

    def has_add_permission(self, request):
        return False  # drafted by the monthly run; edited on the desk

    def has_change_permission(self, request, obj=None):
        return False
