"""The questionnaire in the admin: a CS supervisor writes the questions and their choices
while it is a draft; once open they are fixed (answers refer to them). Responses are read
here, entered at the desk."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from frontdesk.admin import EstateScopedAdmin, ScopedRelatedFilter, ViewOnlyHistoryAdmin

from .models import Option, Question, Questionnaire, Response


def _is_draft(obj) -> bool:
    return obj is None or obj.status == Questionnaire.Status.DRAFT


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ("order", "text", "kind", "dimension", "required")
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)


@admin.register(Questionnaire)
class QuestionnaireAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ("year", "estate", "title", "status", "target")
    list_filter = ("status", ("estate", ScopedRelatedFilter))
    fields = ("estate", "year", "title", "target", "status", "opened_at", "closed_at")
    readonly_fields = ("status", "opened_at", "closed_at")
    inlines = [QuestionInline]

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if _is_draft(obj):
            return self.readonly_fields
        return ("estate", "year", "title", "target", *self.readonly_fields)


class OptionInline(admin.TabularInline):
    model = Option
    fields = ("order", "label", "score")
    extra = 0

    def has_add_permission(self, request, obj=None):
        return _is_draft(obj and obj.questionnaire) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj and obj.questionnaire) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj and obj.questionnaire) and super().has_delete_permission(request, obj)


@admin.register(Question)
class QuestionAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ("text", "questionnaire", "order", "kind", "dimension")
    list_filter = ("kind", "dimension", ("questionnaire", ScopedRelatedFilter))
    list_select_related = ("questionnaire__estate",)
    inlines = [OptionInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "questionnaire":  # questions are added to a draft only
            kwargs["queryset"] = Questionnaire.objects.filter(status=Questionnaire.Status.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj and obj.questionnaire) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj and obj.questionnaire) and super().has_delete_permission(request, obj)


@admin.register(Response)
class ResponseAdmin(ViewOnlyHistoryAdmin):
    list_display = ("code", "questionnaire", "unit", "answered_at", "channel", "score")
    list_filter = ("channel", ("questionnaire", ScopedRelatedFilter))
    search_fields = ("=code", "=unit__code")
    list_select_related = ("questionnaire", "unit")
    show_full_result_count = False
