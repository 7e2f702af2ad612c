from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from frontdesk.admin import (
    EstateScopedAdmin,
    ReadOnlyInline,
    ScopedRelatedFilter,
    ViewOnlyHistoryAdmin,
)
from frontdesk.forms import DeskModelForm

from .models import (
    ArchiveFile,
    Blackout,
    Booking,
    BudgetLine,
    Duty,
    Facility,
    LayoutTask,
    Plan,
    Post,
    ReplacementReminder,
    SignUp,
)


class FacilityForm(DeskModelForm):
    class Meta:
        model = Facility
        fields = [
            "estate",
            "name",
            "kind",
            "location",
            "size",
            "opens_at",
            "closes_at",
            "active",
            "bookable",
            "capacity",
            "min_minutes",
            "max_minutes",
            "buffer_minutes",
            "max_days_ahead",
            "min_notice_hours",
            "weekly_limit",
            "approval_required",
            "fee_type",
            "fee_amount",
            "deposit_fee_type",
            "deposit_amount",
        ]

    def clean(self):
        data = super().clean()
        estate = data.get("estate")
        for name in ("fee_type", "deposit_fee_type"):
            fee_type = data.get(name)
            if fee_type is not None and estate is not None and fee_type.estate_id != estate.pk:
                self.add_error(name, _("Choose a fee type of this estate."))
        deposit = data.get("deposit_fee_type")
        if deposit is not None and deposit.kind != "deposit":
            self.add_error("deposit_fee_type", _("Choose a deposit fee type."))
        if data.get("bookable") and data.get("kind") in Facility.BOARD_KINDS:
            raise ValidationError(_("A bulletin board or publicity column is not booked."))
        return data


class BlackoutInline(admin.TabularInline):
    model = Blackout
    fields = ("estate", "date_from", "date_until", "reason")
    extra = 0


@admin.register(Facility)
class FacilityAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """The estate's facilities, their opening hours and booking rules."""

    form = FacilityForm
    list_display = ("name", "kind", "estate", "location", "hours", "bookable", "active")
    list_filter = ("kind", "bookable", "active", ("estate", ScopedRelatedFilter))
    search_fields = ("name", "location")
    list_select_related = ("estate",)
    inlines = [BlackoutInline]


@admin.register(Blackout)
class BlackoutAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ("facility", "date_from", "date_until", "reason")
    list_filter = (("estate", ScopedRelatedFilter),)
    list_select_related = ("facility",)


@admin.register(Booking)
class BookingAdmin(ViewOnlyHistoryAdmin):
    """Read-only and scoped: bookings change through the desk's pages (the rules)."""

    list_display = ("number", "facility", "unit", "booked_for", "start", "end", "state")
    list_filter = ("state", ("estate", ScopedRelatedFilter))
    search_fields = ("number", "booked_for", "unit__code")
    list_select_related = ("facility", "unit")


@admin.register(Post)
class PostAdmin(ViewOnlyHistoryAdmin):
    list_display = ("title", "board", "kind", "put_up_on", "taken_down_on")
    list_filter = ("kind", ("estate", ScopedRelatedFilter))
    search_fields = ("title",)
    list_select_related = ("board",)


@admin.register(ReplacementReminder)
class ReplacementReminderAdmin(ViewOnlyHistoryAdmin):
    list_display = ("board", "raised_on", "content_since", "resolved_on")
    list_select_related = ("board",)


class BudgetInline(ReadOnlyInline):
    model = BudgetLine
    fields = ("item", "amount")


class LayoutInline(ReadOnlyInline):
    model = LayoutTask
    fields = ("department", "task", "acknowledged_by", "acknowledged_at")


class DutyInline(ReadOnlyInline):
    model = Duty
    fields = ("person", "duty")


class SignUpInline(ReadOnlyInline):
    model = SignUp
    fields = ("unit", "name", "people", "waiting", "cancelled", "attended")


class ArchiveInline(ReadOnlyInline):
    model = ArchiveFile
    fields = ("kind", "caption", "uploaded_by", "uploaded_at")


@admin.register(Plan)
class PlanAdmin(ViewOnlyHistoryAdmin):
    """Read-only and scoped: plans change through the services (approval, sign-up, summary)."""

    list_display = ("theme", "estate", "starts_at", "location", "state")
    list_filter = ("state", ("estate", ScopedRelatedFilter))
    search_fields = ("theme",)
    list_select_related = ("estate",)
    inlines = [BudgetInline, LayoutInline, DutyInline, SignUpInline, ArchiveInline]
