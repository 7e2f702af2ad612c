"""The imports in the admin: read only (the wizard in the desk makes them), with history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from frontdesk.admin import EstateScopedAdmin, ReadOnlyAdmin, ReadOnlyInline, ViewOnlyHistoryAdmin

from .models import ImportBatch, ImportProblem, PastPayment, SourceMapping


class ProblemInline(ReadOnlyInline):
    model = ImportProblem
    fields = ("row", "column", "value", "message", "is_error")
    max_num = 0


@admin.register(ImportBatch)
class ImportBatchAdmin(ViewOnlyHistoryAdmin):
    list_display = (
        "file_name",
        "kind",
        "estate",
        "status",
        "rows_total",
        "rows_rejected",
        "created_at",
    )
    list_filter = ("kind", "status")
    list_select_related = ("estate",)
    search_fields = ("file_name", "source")
    exclude = ("file", "headers", "summary")
    inlines = [ProblemInline]


@admin.register(SourceMapping)
class SourceMappingAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """The remembered column mappings; a supervisor may correct or delete one."""

    list_display = ("source", "kind", "estate")
    list_filter = ("kind",)


@admin.register(PastPayment)
class PastPaymentAdmin(EstateScopedAdmin, ReadOnlyAdmin):
    """Payments before Front Desk, as imported: history to read, never money to change."""

    list_display = ("unit", "paid_on", "fee", "amount", "receipt_number", "method", "estate")
    list_filter = ("paid_on",)
    list_select_related = ("unit", "estate")
    search_fields = ("unit__code", "receipt_number", "payer")
    date_hierarchy = "paid_on"
    exclude = ("key",)
