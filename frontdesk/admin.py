"""Admin building blocks every app uses (estate scoping, import/export) and the kernel's tables.

Supervisors use the admin, so it follows the same rule as the desk: a non-superuser sees,
chooses and saves only rows of their own estates. Another estate's object is "not found".
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from .forms import DeskModelForm
from .models import Department, DocumentSequence, Notification, StaffProfile
from .scoping import estate_ids_for, scope

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
