"""Admin building blocks every app uses (estate scoping, import/export) and the kernel's tables.

Supervisors use the admin, so it follows the same rule as the desk: a non-superuser sees,
chooses and saves only rows of their own estates. Another estate's object is "not found".
"""

import datetime
import decimal

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import label_for_field, lookup_field, unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from .forms import DeskModelForm
from .http import XLSX as XLSX_TYPE
from .http import file_response
from .models import Department, DocumentSequence, Notification, StaffProfile
from .scoping import estate_ids_for, scope
from .sheets import EXPORT_CAP, Sheet, capped

User = get_user_model()


def scoped_choices(model, queryset, user):
    """The rows of ``model`` a user may pick in a form, or None when any row will do."""
    if hasattr(model, "estate_lookup"):
        return scope(queryset, user)
    if model is User:
        return colleagues(queryset, user)
    return None


def colleagues(queryset, user):
    """Users who work in at least one of ``user``'s estates."""
    ids = estate_ids_for(user)
    if ids is None:
        return queryset
    return queryset.filter(staff_profile__estates__in=ids).distinct()


class EstateChoicesMixin:
    """Foreign-key and many-to-many choices limited to the user's estates.

    A choice outside them fails form validation, which is how saving a row for another
    estate is refused.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _scope_choices(self, db_field, request, kwargs):
        model = db_field.related_model
        queryset = kwargs.get("queryset")
        if queryset is None:
            queryset = self.get_field_queryset(kwargs.get("using"), db_field, request)
        if queryset is None:
            queryset = model._default_manager.all()
        scoped = scoped_choices(model, queryset, request.user)
        if scoped is not None:
            kwargs["queryset"] = scoped


class EstateScopedAdmin(EstateChoicesMixin):
    """ModelAdmin mixin: non-superusers see, pick and save only rows of their estates.

    Lists, change pages and autocomplete results all start from ``get_queryset``, so they
    are scoped with it; the history pages of django-simple-history do not, hence the checks.
    Change forms follow the desk's text policy (``DeskModelForm``).
    """

    form = DeskModelForm

    def scope_queryset(self, queryset, user):
        return scope(queryset, user)

    def get_queryset(self, request):
        return self.scope_queryset(super().get_queryset(request), request.user)

    def history_view(self, request, object_id, extra_context=None):
        self._get_object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self._get_object_or_404(request, object_id)
        # simple-history's "revert" page saves a POST having checked only view permission.
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _get_object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj


class ImportExportAdmin(ImportExportMixin):
    """django-import-export for the desk: CSV and Excel, with a dry-run preview.

    Resources get the requesting user, so they can keep rows within the user's estates.
    Importing needs add and change permission on the model; exporting needs view permission.
    """

    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**kwargs, "user": request.user}

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The data changed between the preview and the confirmation; the resource rolled
            # the whole file back, so say so instead of "Import finished".
            messages.error(
                request,
                _("Nothing was imported: some rows are no longer valid. Upload the file again."),
            )
            info = self.get_model_info()
            return redirect(f"{self.admin_site.name}:{info[0]}_{info[1]}_import")
        return super().process_result(result, request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def export_action(self, request):
        # The export page reads the list's filters from the query string; an unknown one
        # ("?format=csv") would be a server error in django-import-export.
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            messages.error(request, _("The export's filters are not valid; choose them again."))
            return redirect(request.path)

    def process_import(self, request, **kwargs):
        # The confirmation posts the format back as an index into the formats.
        fmt = request.POST.get("format", "")
        if not (fmt.isdigit() and int(fmt) < len(self.get_import_formats())):
            return HttpResponseBadRequest(_("Unknown file format."))
        return super().process_import(request, **kwargs)


def is_personal_number(name: str) -> bool:
    """A column holding an ID or phone number (``id_number``, ``caller_phone``…); the masked
    copies (``id_masked``, ``masked_phone``) are not."""
    return "masked" not in name and ("id_number" in name or "phone" in name)


class ExcelExportMixin:
    """ModelAdmin mixin: the action "Export to Excel" on the changelist, for anyone who may
    view the rows. It writes the rows ticked, or every row of the list's filters and search
    ("select all"), within the user's estates as the list is; the list's columns
    (``excel_fields`` if set, else ``list_display``) with their names as headers, in the
    admin's language (Chinese headers and choices when the admin is in Chinese).

    Personal numbers (ID and phone numbers, ``is_personal_number``) go out masked, unless
    ``reveals_personal_numbers`` says the user may let them out whole (the owners app's
    ``PersonalExcelExportMixin`` decides it by permission and logs it); without that the
    masked copy of a column is exported (``masked_phone`` for ``phone``…).
    """

    excel_fields: list[str] | None = None

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_view_permission(request):
            actions["export_excel"] = self.get_action("export_excel")
        return actions

    @admin.action(description=_("Export to Excel"))
    def export_excel(self, request, queryset):
        return self.excel_response(request, queryset)

    def excel_columns(self, request) -> list[str]:
        names = self.excel_fields or self.get_list_display(request)
        return [name for name in names if name != "action_checkbox"]

    def reveals_personal_numbers(self, request, queryset) -> bool:
        return False

    def mask_personal_number(self, name: str, value: str) -> str:
        """A personal number as lists show it: the owners app gives the desk's masks."""
        return value[:3] + "*" * max(len(value) - 7, 4) + value[-4:] if len(value) > 7 else "****"

    def excel_response(self, request, queryset):
        reveal = self.reveals_personal_numbers(request, queryset)
        columns = self.excel_columns(request)
        if reveal:  # the whole number where the list shows the masked copy
            columns = [_unmasked_name(self.model, name) for name in columns]
        title = capfirst(self.model._meta.verbose_name_plural)
        sheet = Sheet(title)
        sheet.append([capfirst(str(label_for_field(name, self.model, self))) for name in columns])
        for row in capped(sheet, queryset[: EXPORT_CAP + 1].iterator(chunk_size=2000)):
            sheet.append([self.excel_value(row, name, reveal) for name in columns])
        filename = f"{self.model._meta.model_name}-{timezone.localdate():%Y%m%d}.xlsx"
        return file_response(sheet.to_bytes(), XLSX_TYPE, filename)

    def excel_value(self, obj, name: str, reveal: bool):
        try:
            field, _attr, value = lookup_field(name, obj, self)
        except (AttributeError, models.ObjectDoesNotExist):
            return ""
        if field is not None and getattr(field, "flatchoices", None):
            value = dict(field.flatchoices).get(value, value)
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        if isinstance(value, SafeString):
            return strip_tags(value)
        if isinstance(value, int | float | decimal.Decimal | datetime.date):
            return value
        text = str(value)
        if is_personal_number(name) and text and not reveal:
            return self.mask_personal_number(name, text)
        return text


def _unmasked_name(model, name: str) -> str:
    """``masked_phone`` → ``phone``, ``id_masked`` → ``id_number``, where the model has it."""
    whole = {"id_masked": "id_number"}.get(name) or name.removeprefix("masked_")
    try:
        model._meta.get_field(whole)
    except FieldDoesNotExist:
        return name
    return whole


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the application; the admin may look, never touch."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """A record's rows written by the application (its steps, lines, attempts), listed on its
    admin page: every field shown, none editable, none added or deleted."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields or ()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """Choices from the related table, limited to the user's estates: no other estate's names,
    and no scan of the listed table (as ``RelatedOnlyFieldListFilter`` would do)."""

    def field_choices(self, field, request, model_admin):
        ids = estate_ids_for(request.user)
        related = field.related_model
        limit = {} if ids is None else {f"{related.estate_lookup}__in": ids}
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, limit_choices_to=limit, ordering=ordering)


class ViewOnlyHistoryAdmin(EstateScopedAdmin, ReadOnlyAdmin, SimpleHistoryAdmin):
    """Look at the rows and their history; nothing can be added, changed, deleted or reverted
    (EstateScopedAdmin refuses the revert POST without change permission)."""


@admin.register(Department)
class DepartmentAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "estate", "head", "phone", "email"]
    list_filter = ["kind", ("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["estate", "head"]
    search_fields = ["name", "phone", "email"]


@admin.register(StaffProfile)
class StaffProfileAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "user", "department", "estate_names", "phone"]
    list_filter = [("estates", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "department"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "phone"]
    filter_horizontal = ["estates"]
    raw_id_fields = ["user"]

    def scope_queryset(self, queryset, user):
        ids = estate_ids_for(user)
        if ids is None:
            return queryset
        return queryset.filter(estates__in=ids).distinct()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("estates")

    @admin.display(description=_("estates"))
    def estate_names(self, profile):
        return ", ".join(estate.name for estate in profile.estates.all())


@admin.register(DocumentSequence)
class DocumentSequenceAdmin(EstateScopedAdmin, ReadOnlyAdmin):
    list_display = ["estate", "kind", "year", "last_number"]
    list_filter = ["kind", "year", ("estate", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["estate"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "user", "created_at", "read_at", "emailed_at"]
    list_filter = [("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["title", "user__username"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        # Notifications are personal: only a superuser reads other people's.
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user=request.user)


class StaffProfileInline(EstateChoicesMixin, admin.StackedInline):
    model = StaffProfile
    can_delete = False
    filter_horizontal = ["estates"]
    verbose_name_plural = _("staff profile")


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]

    def get_queryset(self, request):
        return colleagues(super().get_queryset(request), request.user)
