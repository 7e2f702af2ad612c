from django.contrib import admin

from frontdesk.admin import ScopedRelatedFilter, ViewOnlyHistoryAdmin
from owners.admin import PersonalExcelExportMixin

from .models import ReleaseItem, ReleaseSlip


class ItemInline(admin.TabularInline):
    model = ReleaseItem
    extra = 0
    fields = ("description", "quantity", "outcome", "gate_note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReleaseSlip)
class ReleaseSlipAdmin(PersonalExcelExportMixin, ViewOnlyHistoryAdmin):
    """Read-only and scoped to the user's estates, history pages too: slips change through
    the desk's and the gate's pages (services)."""

    list_display = ("number", "estate", "unit", "requester_name", "relation", "status", "valid_on")
    list_filter = ("status", "relation", "reason", ("estate", ScopedRelatedFilter))
    search_fields = ("number", "unit__code", "requester_name", "plate")
    list_select_related = ("estate", "unit")
    inlines = [ItemInline]
    exclude = ("form_key",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "form_key"]
