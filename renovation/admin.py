from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from frontdesk.admin import (
    EstateScopedAdmin,
    ReadOnlyInline,
    ScopedRelatedFilter,
    ViewOnlyHistoryAdmin,
)
from owners.admin import PersonalExcelExportMixin

from .models import (
    DEFAULT_PROHIBITED,
    Acceptance,
    Patrol,
    PeriodChange,
    ProhibitedItem,
    Rectification,
    Renovation,
    RenovationFile,
    Settings,
    WorkerPass,
)


@admin.register(Settings)
class SettingsAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """The estate's working hours and patrol frequency (one row per estate)."""

    list_display = (
        "estate",
        "weekday_from",
        "weekday_until",
        "weekend_from",
        "weekend_until",
        "patrol_every_days",
        "deposit_amount",
        "pass_fee",
    )
    list_select_related = ("estate",)


@admin.register(ProhibitedItem)
class ProhibitedItemAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """The estate's prohibited works; an estate with none uses the Measures' defaults, which
    the action copies in to be edited."""

    list_display = ("text", "estate", "position", "active")
    list_filter = ("active", ("estate", ScopedRelatedFilter))
    list_editable = ("position", "active")
    list_select_related = ("estate",)
    actions = ["load_defaults"]

    @admin.action(description=_("Load the default prohibited works into the chosen rows' estates"))
    def load_defaults(self, request, queryset):
        added = 0
        for estate_id in set(queryset.values_list("estate_id", flat=True)):
            have = set(
                ProhibitedItem.objects.filter(estate_id=estate_id).values_list("text", flat=True)
            )
            for position, text in enumerate(DEFAULT_PROHIBITED, start=1):
                if str(text) not in have:
                    item = ProhibitedItem(estate_id=estate_id, text=str(text), position=position)
                    item._history_user = request.user
                    item.save()
                    added += 1
        messages.success(request, _("%(n)s default items added.") % {"n": added})


class FileInline(ReadOnlyInline):
    model = RenovationFile
    fields = ("kind", "note", "uploaded_by", "uploaded_at")


class PassInline(ReadOnlyInline):
    model = WorkerPass
    fields = ("number", "name", "id_masked", "trade", "valid_from", "valid_until", "status")


class PeriodChangeInline(ReadOnlyInline):
    model = PeriodChange
    fields = ("kind", "reason", "started_on", "ended_on", "end_before", "end_after", "recorded_by")


@admin.register(Renovation)
class RenovationAdmin(PersonalExcelExportMixin, ViewOnlyHistoryAdmin):
    """Read-only and scoped to the user's estates, history pages too: renovations change
    through the desk's pages (services)."""

    list_display = (
        "number",
        "estate",
        "unit",
        "applicant_name",
        "contractor",
        "status",
        "planned_start",
        "planned_end",
    )
    list_filter = ("status", "applicant", "scope", ("estate", ScopedRelatedFilter))
    search_fields = ("number", "permit_number", "unit__code", "applicant_name", "contractor")
    list_select_related = ("estate", "unit")
    inlines = [FileInline, PassInline, PeriodChangeInline]
    exclude = ("form_key",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "form_key"]


@admin.register(WorkerPass)
class WorkerPassAdmin(ViewOnlyHistoryAdmin):
    list_display = ("number", "name", "trade", "renovation", "valid_from", "valid_until", "status")
    list_filter = ("status", ("estate", ScopedRelatedFilter))
    search_fields = ("number", "name", "renovation__number")
    list_select_related = ("renovation",)
    exclude = ("form_key", "code")


@admin.register(Patrol)
class PatrolAdmin(ViewOnlyHistoryAdmin):
    list_display = ("renovation", "at", "inspector", "outcome")
    list_filter = ("outcome",)
    list_select_related = ("renovation", "inspector")
    exclude = ("form_key",)


@admin.register(Rectification)
class RectificationAdmin(ViewOnlyHistoryAdmin):
    list_display = ("number", "renovation", "due_on", "status")
    list_filter = ("status",)
    list_select_related = ("renovation",)


@admin.register(Acceptance)
class AcceptanceAdmin(ViewOnlyHistoryAdmin):
    list_display = ("renovation", "attempt", "grade", "at", "inspector")
    list_filter = ("grade",)
    list_select_related = ("renovation", "inspector")
