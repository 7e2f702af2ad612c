from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from frontdesk.admin import EstateScopedAdmin, ScopedRelatedFilter, ViewOnlyHistoryAdmin

from .models import DepartmentRule, FollowUp, Nonconformity, Place, Round, Template, TemplateItem


class TemplateItemInline(admin.TabularInline):
    model = TemplateItem
    extra = 1
    fields = ["position", "text", "department_kind", "active"]


@admin.register(Template)
class TemplateAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """A template's check items and the places it covers; rounds are planned on the desk."""

    list_display = ["name", "estate", "kind", "frequency", "active"]
    list_filter = ["kind", "frequency", "active", ("estate", ScopedRelatedFilter)]
    filter_horizontal = ["places"]
    inlines = [TemplateItemInline]


@admin.register(Place)
class PlaceAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """Buildings, posts and areas, each with the code of its printed QR code."""

    list_display = ["name", "estate", "kind", "token", "position", "active"]
    list_filter = ["kind", "active", ("estate", ScopedRelatedFilter)]
    search_fields = ["name", "token"]
    readonly_fields = ["token"]


@admin.register(DepartmentRule)
class DepartmentRuleAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """Days until a follow-up check per department; outsourced work and its contractor."""

    list_display = ["department", "follow_up_days", "outsourced", "contractor_email"]


@admin.register(Round)
class RoundAdmin(ViewOnlyHistoryAdmin):
    list_display = ["template", "estate", "assignee", "due_on", "status", "completed_at"]
    list_filter = ["status", ("estate", ScopedRelatedFilter)]
    list_select_related = ["template", "estate", "assignee"]
    date_hierarchy = "due_on"


@admin.register(Nonconformity)
class NonconformityAdmin(ViewOnlyHistoryAdmin):
    list_display = ["place", "item", "department", "status", "step", "found_at", "closed_at"]
    list_filter = ["status", ("estate", ScopedRelatedFilter)]
    list_select_related = ["place", "item", "department"]


@admin.register(FollowUp)
class FollowUpAdmin(ViewOnlyHistoryAdmin):
    list_display = ["nonconformity", "step", "due_on", "result", "checked_at"]
    list_filter = ["result"]
