from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from frontdesk.admin import EstateScopedAdmin, ScopedRelatedFilter, ViewOnlyHistoryAdmin
from frontdesk.errors import DeskError
from frontdesk.forms import DeskModelForm

from .models import DepartmentRule, FollowUp, Nonconformity, Place, Round, Template, TemplateItem
from .services.rounds import check_assignable


class TemplateItemInline(admin.TabularInline):
    model = TemplateItem
    extra = 1
    fields = ["position", "text", "department_kind", "active"]


class TemplateAdminForm(DeskModelForm):
    class Meta:
        model = Template
        fields = ["estate", "name", "kind", "frequency", "places", "default_assignee", "active"]

    def clean(self):
        data = super().clean()
        assignee, estate = data.get("default_assignee"), data.get("estate")
        if assignee is not None and estate is not None:
            try:
                check_assignable(assignee, estate.pk)
            except DeskError as error:  # the beat would skip the template every night
                self.add_error("default_assignee", error.message)
        return data


@admin.register(Template)
class TemplateAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """A template's check items and the places it covers; with a person to plan for, the beat
    plans its rounds at its frequency (the supervisor can still reassign them or add rounds
    on the desk)."""

    list_display = ["name", "estate", "kind", "frequency", "default_assignee", "active"]
    list_select_related = ["estate", "default_assignee"]
    form = TemplateAdminForm
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
    """Days until a follow-up check per department; outsourced work (greening, usually) and
    its contractor, emailed each coordination sheet sent to the department."""

    list_display = ["department", "follow_up_days", "outsourced", "contractor", "contractor_email"]


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
