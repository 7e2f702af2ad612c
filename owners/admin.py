"""Supervisor admin for owners data: scoped to the user's estates, with history and import/export.

ID numbers are shown masked; the full number (and changing it) is for users with the
``owners.view_full_id_number`` permission only. History tables keep only the masked copy.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelDelta

from frontdesk.admin import EstateScopedAdmin, ImportExportAdmin, ReadOnlyAdmin
from frontdesk.forms import DeskModelForm

from .errors import OwnersError
from .models import (
    Authorization,
    Building,
    Document,
    Estate,
    IdReveal,
    Owner,
    Ownership,
    Resident,
    Unit,
    Vehicle,
)
from .permissions import sees_full_id_numbers
from .resources import (
    BuildingResource,
    EstateResource,
    OwnerResource,
    OwnershipResource,
    ResidentResource,
    UnitResource,
)
from .services import check_share_fits

PERSON_SEARCH_FIELDS = ["name", "name_pinyin", "name_initials", "phone", "id_masked"]


class OwnersAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """Scoped to the user's estates, with simple-history's history pages."""


class OwnersImportExportAdmin(EstateScopedAdmin, ImportExportAdmin, SimpleHistoryAdmin):
    """Scoped, with history, and with CSV/Excel import (dry-run preview first) and export."""

    # Files that find people by ID number answer "is this number on file?" in their preview,
    # so importing them is for users who may see full ID numbers anyway.
    import_needs_full_id_numbers = False

    def has_import_permission(self, request):
        if self.import_needs_full_id_numbers and not sees_full_id_numbers(request.user):
            return False
        return super().has_import_permission(request)


class IdNumberAdminMixin:
    """The full ID number only for users allowed to see it; others get the masked copy."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if sees_full_id_numbers(request.user):
            return fieldsets
        return [
            (name, {**options, "fields": [_masked(field) for field in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not sees_full_id_numbers(request.user):
            readonly.append("id_masked")
        return readonly

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not sees_full_id_numbers(request.user):
            exclude.append("id_number")
        return exclude

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        # simple-history diffs editable fields only; the masked copy is how the history page
        # shows that an ID number changed (the full number is not in the history tables).
        previous = None
        for current in historical_records:
            if previous is not None and previous.id_masked != current.id_masked:
                change = ModelChange("id_masked", current.id_masked, previous.id_masked)
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = [
                    *getattr(previous, "history_delta_changes", []),
                    *helper.context_for_delta_changes(ModelDelta([change], [], current, previous)),
                ]
            previous = current

    def get_search_fields(self, request):
        search_fields = list(super().get_search_fields(request))
        if sees_full_id_numbers(request.user):
            search_fields.append("=id_number")
        return search_fields


def _masked(field):
    if isinstance(field, tuple | list):
        return tuple(_masked(f) for f in field)
    return "id_masked" if field == "id_number" else field


@admin.register(Estate)
class EstateAdmin(OwnersImportExportAdmin):
    resource_classes = [EstateResource]
    list_display = ["code", "name", "address", "phone"]
    search_fields = ["code", "name"]


@admin.register(Building)
class BuildingAdmin(OwnersImportExportAdmin):
    resource_classes = [BuildingResource]
    list_display = ["__str__", "number", "estate", "floors"]
    list_filter = [("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["estate"]
    search_fields = ["number", "name"]


@admin.register(Unit)
class UnitAdmin(OwnersImportExportAdmin):
    resource_classes = [UnitResource]
    list_display = ["code", "estate", "building", "area", "use", "status", "moved_in_on"]
    list_filter = ["use", "status", ("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["estate", "building"]
    search_fields = ["code", "room", "building__name", "owners__name", "owners__name_initials"]


@admin.register(Owner)
class OwnerAdmin(IdNumberAdminMixin, OwnersImportExportAdmin):
    resource_classes = [OwnerResource]
    import_needs_full_id_numbers = True
    list_display = ["name", "estate", "kind", "id_masked", "phone", "unit_codes"]
    list_filter = ["kind", "id_type", ("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["estate"]
    search_fields = [*PERSON_SEARCH_FIELDS, "phone2", "ownerships__unit__code"]
    fieldsets = [
        (None, {"fields": ["estate", "kind", "name", ("id_type", "id_number")]}),
        (
            _("Contact"),
            {
                "fields": [
                    "phone",
                    "phone2",
                    "email",
                    "address",
                    "contact_person",
                    ("emergency_contact", "emergency_phone"),
                ]
            },
        ),
        (None, {"fields": ["notes"]}),
    ]

    def get_queryset(self, request):
        current = Ownership.objects.current().select_related("unit")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("ownerships", current, to_attr="current_ownerships"))
        )

    @admin.display(description=_("units"))
    def unit_codes(self, owner):
        return ", ".join(ownership.unit.code for ownership in owner.current_ownerships)


class OwnershipForm(DeskModelForm):
    def clean(self):
        cleaned_data = super().clean()
        unit, share, since = (cleaned_data.get(f) for f in ("unit", "share", "since"))
        if unit and share and since:
            try:
                check_share_fits(unit=unit, share=share, since=since, exclude_pk=self.instance.pk)
            except OwnersError as error:
                self.add_error("share", error.message)
        return cleaned_data


@admin.register(Ownership)
class OwnershipAdmin(OwnersImportExportAdmin):
    resource_classes = [OwnershipResource]
    import_needs_full_id_numbers = True
    form = OwnershipForm
    list_display = ["unit", "owner", "unit__estate", "share", "since", "until", "is_current"]
    list_filter = [("unit__estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["unit__estate", "owner"]
    search_fields = [
        "unit__code",
        "owner__name",
        "owner__name_pinyin",
        "owner__name_initials",
        "owner__phone",
    ]
    autocomplete_fields = ["unit", "owner"]
    date_hierarchy = "since"

    @admin.display(description=_("current"), boolean=True)
    def is_current(self, ownership):
        return ownership.is_current


@admin.register(Resident)
class ResidentAdmin(IdNumberAdminMixin, OwnersImportExportAdmin):
    resource_classes = [ResidentResource]
    import_needs_full_id_numbers = True
    list_display = [
        "name",
        "unit",
        "unit__estate",
        "kind",
        "relation",
        "id_masked",
        "phone",
        "moved_in_on",
        "moved_out_on",
    ]
    list_filter = ["kind", ("unit__estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["unit__estate"]
    search_fields = [*PERSON_SEARCH_FIELDS, "unit__code"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        (None, {"fields": ["unit", "kind", "relation", "name", ("id_type", "id_number")]}),
        (None, {"fields": ["phone", ("moved_in_on", "moved_out_on"), "notes"]}),
    ]


@admin.register(Vehicle)
class VehicleAdmin(OwnersAdmin):
    list_display = ["plate", "description", "unit", "unit__estate", "parking_space", "active"]
    list_filter = ["active", ("unit__estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["unit__estate"]
    search_fields = ["plate", "unit__code", "parking_space"]
    autocomplete_fields = ["unit"]


@admin.register(Document)
class DocumentAdmin(OwnersAdmin):
    list_display = [
        "__str__",
        "kind",
        "estate",
        "unit",
        "owner",
        "original_sighted",
        "has_scan",
        "received_at",
        "received_by",
    ]
    list_filter = ["kind", "original_sighted", ("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["estate", "unit", "owner", "received_by"]
    search_fields = ["title", "unit__code", "owner__name", "owner__name_initials"]
    autocomplete_fields = ["unit", "owner"]
    date_hierarchy = "received_at"
    readonly_fields = ["scan_link", "received_by", "source_type", "source_id"]
    fields = [
        "estate",
        "kind",
        "title",
        "unit",
        "owner",
        "file",
        "scan_link",
        "original_sighted",
        "received_at",
        "received_by",
        ("source_type", "source_id"),
        "notes",
    ]
    # Scans live in private storage: no link to a storage URL, only to the checked view.
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}

    @admin.display(description=_("scan"), boolean=True)
    def has_scan(self, document):
        return bool(document.file)

    @admin.display(description=_("open scan"))
    def scan_link(self, document):
        if not document.pk or not document.file:
            return "-"
        url = reverse("owners:document-file", args=[document.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("open scan"))

    def save_model(self, request, obj, form, change):
        if not change and obj.received_by_id is None:
            obj.received_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Authorization)
class AuthorizationAdmin(IdNumberAdminMixin, OwnersAdmin):
    list_display = [
        "name",
        "id_masked",
        "owner",
        "unit",
        "scope",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["scope", ("owner__estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["owner", "unit"]
    search_fields = [*PERSON_SEARCH_FIELDS, "owner__name", "owner__name_initials", "unit__code"]
    autocomplete_fields = ["owner", "unit", "power_of_attorney"]
    date_hierarchy = "valid_from"
    fieldsets = [
        (None, {"fields": ["owner", "unit", "scope", ("valid_from", "valid_until")]}),
        (_("Agent"), {"fields": ["name", ("id_type", "id_number"), "phone"]}),
        (None, {"fields": ["power_of_attorney"]}),
    ]


@admin.register(IdReveal)
class IdRevealAdmin(EstateScopedAdmin, ReadOnlyAdmin):
    list_display = ["revealed_at", "user", "owner", "estate"]
    list_filter = ["estate", "revealed_at"]
    list_select_related = ["user", "owner", "estate"]
    search_fields = ["owner__name", "user__username"]
    date_hierarchy = "revealed_at"
