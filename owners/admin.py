"""Supervisor admin for owners data: scoped to the user's estates, with history and import/export.

Personal numbers follow the desk's rule, for every user: ID numbers are masked in lists,
search results, change pages and history, and phones in lists, history and view-only pages.
A change page shows the masked ID number read-only beside an empty "replace ID number"
field, so the full number never reaches the page. Letting a full number out is a permission
of its own, each use logged in ``PersonalDataAccess`` (who, when, which record, how many):
``owners.reveal_id_number`` shows one record's number once, ``owners.export_personal_data``
exports files with full ID and phone numbers (without it the file is masked). History
tables keep only the masked copy of an ID number.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch
from django.http import Http404, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelDelta
from simple_history.template_utils import HistoricalRecordContextHelper

from frontdesk.admin import (
    EstateScopedAdmin,
    ExcelExportMixin,
    ImportExportAdmin,
    ReadOnlyAdmin,
    is_personal_number,
)
from frontdesk.forms import DeskModelForm

from . import services
from .errors import OwnersError
from .models import (
    Authorization,
    Building,
    Document,
    Estate,
    Owner,
    Ownership,
    PersonalDataAccess,
    Resident,
    Unit,
    Vehicle,
)
from .permissions import EXPORT_PERMISSION, REVEAL_PERMISSION, sees_full_id_numbers
from .resources import (
    BuildingResource,
    EstateResource,
    OwnerResource,
    OwnershipResource,
    ResidentResource,
    UnitResource,
)
from .services import check_share_fits
from .validators import mask_id_number, mask_phone

PERSON_SEARCH_FIELDS = ["name", "name_pinyin", "name_initials", "phone", "id_masked"]


class PersonalExcelExportMixin(ExcelExportMixin):
    """The admin's "Export to Excel" (``frontdesk.admin.ExcelExportMixin``) under the personal
    data rule: ID and phone numbers masked as the desk masks them, whole only for a user
    holding ``owners.export_personal_data`` (a superuser grants it; a superuser holds it),
    and then the export is logged in ``PersonalDataAccess`` like any file of full numbers.
    Every app's admin of records with people on them exports through this mixin."""

    def reveals_personal_numbers(self, request, queryset) -> bool:
        if not request.user.has_perm(EXPORT_PERMISSION):
            return False
        columns = self.excel_columns(request)
        whole = {"id_masked": "id_number"}
        if not any(is_personal_number(whole.get(n, n.removeprefix("masked_"))) for n in columns):
            return False  # nothing personal in the file: nothing to log
        try:
            services.personal_data_export_log(actor=request.user, queryset=queryset)
        except OwnersError:
            return False
        return True

    def mask_personal_number(self, name: str, value: str) -> str:
        return mask_id_number(value) if "id_number" in name else mask_phone(value)


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


PHONE_FIELDS = ("phone", "phone2", "emergency_phone")


class ReplaceIdNumberForm(DeskModelForm):
    """A person's admin form. The ID number field starts empty, so the full number never
    reaches the page: left empty it keeps the stored number, typed in it replaces it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("id_number")
        if field is not None and self.instance.id_number:
            self.initial["id_number"] = ""
            field.label = _("Replace ID number")
            field.help_text = _("Leave empty to keep the current number.")

    def clean_id_number(self):
        return self.cleaned_data["id_number"] or self.instance.id_number


class MaskedPhonesContextHelper(HistoricalRecordContextHelper):
    """History pages show phone changes masked, as the desk's history does."""

    def prepare_delta_change_value(self, change, value):
        if change.field in PHONE_FIELDS:
            return mask_phone(str(value or ""))
        return super().prepare_delta_change_value(change, value)


class PersonalDataAdminMixin:
    """Masked ID numbers and phones for everyone; a logged reveal for REVEAL_PERMISSION."""

    form = ReplaceIdNumberForm
    change_form_template = "admin/owners/person_change_form.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        editable = obj is None or self.has_change_permission(request, obj)
        return [
            (name, {**options, "fields": _masked_lines(options["fields"], obj, editable)})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("id_masked")
            if not self.has_change_permission(request, obj):
                readonly.extend(f"masked_{name}" for name in PHONE_FIELDS)
        return readonly

    def get_list_display(self, request):
        return [
            f"masked_{name}" if name in PHONE_FIELDS else name
            for name in super().get_list_display(request)
        ]

    @admin.display(description=_("phone"), ordering="phone")
    def masked_phone(self, person):
        return mask_phone(person.phone)

    @admin.display(description=_("second phone"))
    def masked_phone2(self, person):
        return mask_phone(person.phone2)

    @admin.display(description=_("emergency contact's phone"))
    def masked_emergency_phone(self, person):
        return mask_phone(person.emergency_phone)

    def get_historical_record_context_helper(self, request, historical_record):
        return MaskedPhonesContextHelper(self.model, historical_record)

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

    def _url_name(self, page: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{page}"

    def get_urls(self):
        reveal = path(
            "<path:object_id>/reveal-id-number/",
            self.admin_site.admin_view(self.reveal_id_number_view),
            name=self._url_name("reveal_id_number"),
        )
        return [reveal, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if request.user.has_perm(REVEAL_PERMISSION):
            extra_context["reveal_id_number_url"] = reverse(
                f"admin:{self._url_name('reveal_id_number')}", args=[object_id]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def reveal_id_number_view(self, request, object_id):
        """GET asks to confirm; POST shows the full number once and logs the look."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        person = self.get_object(request, unquote(object_id))
        if person is None:
            raise Http404
        if not (
            self.has_view_permission(request, person) and request.user.has_perm(REVEAL_PERMISSION)
        ):
            raise PermissionDenied
        full_id_number = ""
        if request.method == "POST" and person.id_number:
            try:
                full_id_number = services.id_number_reveal(actor=request.user, person=person)
            except OwnersError as error:
                raise PermissionDenied(error.message) from error
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reveal ID number"),
            "subtitle": str(person),
            "opts": self.opts,
            "original": person,
            "full_id_number": full_id_number,
            "change_url": reverse(f"admin:{self._url_name('change')}", args=[person.pk]),
        }
        response = TemplateResponse(request, "admin/owners/reveal_id_number.html", context)
        add_never_cache_headers(response)
        return response


def _masked_lines(lines, obj, editable):
    """A fieldset's lines with the masked ID number (and, view-only, masked phones)."""
    return [
        tuple(_masked_names(line, obj, editable))
        if isinstance(line, tuple | list)
        else _single(_masked_names([line], obj, editable))
        for line in lines
    ]


def _masked_names(names, obj, editable):
    for name in names:
        if name == "id_number" and obj is not None:
            yield "id_masked"
            if editable:
                yield "id_number"
        elif name in PHONE_FIELDS and not editable:
            yield f"masked_{name}"
        else:
            yield name


def _single(names):
    names = tuple(names)
    return names[0] if len(names) == 1 else names


@admin.register(Estate)
class EstateAdmin(OwnersImportExportAdmin):
    resource_classes = [EstateResource]
    list_display = ["code", "name", "company", "address", "phone", "print_language"]
    search_fields = ["code", "name"]


@admin.register(Building)
class BuildingAdmin(OwnersImportExportAdmin):
    resource_classes = [BuildingResource]
    list_display = ["__str__", "number", "estate", "floors"]
    list_filter = [("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["estate"]
    search_fields = ["number", "name"]


@admin.register(Unit)
class UnitAdmin(PersonalExcelExportMixin, OwnersImportExportAdmin):
    resource_classes = [UnitResource]
    list_display = ["code", "estate", "building", "area", "layout", "use", "status", "moved_in_on"]
    list_filter = ["use", "status", ("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["estate", "building"]
    search_fields = ["code", "room", "building__name", "owners__name", "owners__name_initials"]


@admin.register(Owner)
class OwnerAdmin(PersonalExcelExportMixin, PersonalDataAdminMixin, OwnersImportExportAdmin):
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
class OwnershipAdmin(PersonalExcelExportMixin, OwnersImportExportAdmin):
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
class ResidentAdmin(PersonalExcelExportMixin, PersonalDataAdminMixin, OwnersImportExportAdmin):
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
class AuthorizationAdmin(PersonalDataAdminMixin, OwnersAdmin):
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


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(EstateScopedAdmin, ReadOnlyAdmin):
    """The log of full numbers let out, at the desk and in the admin: looked at, never changed."""

    list_display = ["at", "kind", "place", "user", "content_type", "object_repr", "count", "estate"]
    list_filter = ["kind", "place", ("estate", admin.RelatedOnlyFieldListFilter), "at"]
    list_select_related = ["user", "content_type", "estate"]
    search_fields = ["user__username", "object_repr"]
    date_hierarchy = "at"
