"""Supervisor admin for the phone log and the visitor log, scoped to the user's estates.

Calls and visits are looked at here, with their history; they change through the reception
services (which validate, notify and keep who/when), never through an admin form — so no
visitor is logged here on a name alone: the service asks for an ID number or an explicit
"identity checked". A visitor's ID number appears masked only: the full number is not a
field of these pages.
"""

from django.contrib import admin

from frontdesk.admin import (
    ReadOnlyInline,
    ScopedRelatedFilter,
    ViewOnlyHistoryAdmin,
)
from owners.admin import PersonalExcelExportMixin

from .models import CallLink, PhoneCall, Visit


class CallLinkInline(ReadOnlyInline):
    model = CallLink
    fields = ["action", "label", "created_by", "created_at"]


@admin.register(PhoneCall)
class PhoneCallAdmin(PersonalExcelExportMixin, ViewOnlyHistoryAdmin):
    list_display = [
        "id",
        "received_at",
        "caller_name",
        "caller_kind",
        "unit",
        "topic",
        "status",
        "department",
        "reply_due",
        "recorded_by",
    ]
    excel_fields = [*list_display[:3], "caller_phone", *list_display[3:]]
    list_filter = [
        "status",
        "topic",
        "caller_kind",
        "received_at",
        ("estate", ScopedRelatedFilter),
    ]
    list_select_related = ["unit", "department", "recorded_by"]
    search_fields = ["=id", "caller_name", "=caller_phone", "=contact_phone", "=unit__code"]
    date_hierarchy = "received_at"
    inlines = [CallLinkInline]
    fields = [
        "estate",
        "received_at",
        "caller_kind",
        "caller_name",
        "caller_phone",
        "identity_confirmed",
        "unit",
        "topic",
        "content",
        "answer",
        "status",
        "contact_phone",
        "reply_method",
        "reply_due",
        "department",
        "routed_at",
        "recorded_by",
        "reply",
        "replied_at",
        "replied_by",
    ]


@admin.register(Visit)
class VisitAdmin(PersonalExcelExportMixin, ViewOnlyHistoryAdmin):
    list_display = [
        "number",
        "arrived_at",
        "departed_at",
        "name",
        "id_masked",
        "identity_checked",
        "purpose",
        "unit",
        "department",
        "host",
        "recorded_by",
    ]
    excel_fields = [*list_display[:5], "phone", *list_display[5:]]
    list_filter = [
        "purpose",
        "identity_checked",
        ("departed_at", admin.EmptyFieldListFilter),
        "arrived_at",
        ("estate", ScopedRelatedFilter),
    ]
    list_select_related = ["unit", "department", "host", "recorded_by"]
    search_fields = ["=number", "name", "=phone", "=vehicle_plate", "=unit__code"]
    date_hierarchy = "arrived_at"
    # No id_number: the admin shows the masked copy only.
    fields = [
        "estate",
        "number",
        "arrived_at",
        "departed_at",
        "name",
        "phone",
        "id_type",
        "id_masked",
        "identity_checked",
        "party_size",
        "purpose",
        "purpose_detail",
        "unit",
        "department",
        "host",
        "host_name",
        "vehicle_plate",
        "recorded_by",
        "departure_recorded_by",
        "notes",
    ]
