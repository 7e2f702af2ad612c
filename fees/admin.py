"""Supervisor admin for fees, scoped to the user's estates.

Fee types and their dated rates are kept here. Money rows (charges, payments, allocations,
reversal requests, collection attempts) are only looked at: they change through the fees
services, which lock, validate and keep history, never through an admin form.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from frontdesk.admin import (
    EstateScopedAdmin,
    ReadOnlyAdmin,
    ReadOnlyInline,
    ScopedRelatedFilter,
    ViewOnlyHistoryAdmin,
)
from frontdesk.errors import DeskError
from frontdesk.forms import DeskForm, DeskModelForm, form_error
from frontdesk.months import month_start
from frontdesk.scoping import has_role, scope
from owners.admin import PersonalExcelExportMixin
from owners.models import Estate

from .models import (
    Allocation,
    Charge,
    CollectionAttempt,
    Deposit,
    DepositDeduction,
    FeeRate,
    FeeSettings,
    FeeType,
    Payment,
    ReversalRequest,
)
from .permissions import BILLING_ROLES
from .services import billing_job_start


class PeriodFilter(admin.SimpleListFilter):
    """The billed month, among the last twelve and the next one (no query to list them)."""

    title = _("period")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        month = month_start(timezone.localdate())
        month = (month + datetime.timedelta(days=32)).replace(day=1)
        months = []
        for _i in range(13):
            months.append((month.isoformat(), month.strftime("%Y-%m")))
            month = (month - datetime.timedelta(days=1)).replace(day=1)
        return months

    def queryset(self, request, queryset):
        if self.value():
            try:
                return queryset.filter(period=datetime.date.fromisoformat(self.value()))
            except ValueError:
                return queryset.none()
        return queryset


# Fee types and rates


class FeeRateForm(DeskModelForm):
    class Meta:
        model = FeeRate
        fields = ["fee_type", "unit_use", "rate", "effective_from"]
        error_messages = {
            "effective_from": {
                "required": _(
                    "Give the date this rate applies from: a rate without an effective date "
                    "is not saved."
                )
            }
        }


class FeeRateInline(admin.TabularInline):
    """New rates are added from a date on; a saved rate stays as it was (history of prices)."""

    model = FeeRate
    form = FeeRateForm
    fields = ["unit_use", "rate", "effective_from"]
    extra = 1
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


class BillMonthForm(DeskForm):
    estate = forms.ModelChoiceField(label=_("Estate"), queryset=Estate.objects.none())
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("Units already billed for this month are skipped."),
    )

    def __init__(self, *args, estates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].queryset = estates
        if not self.is_bound and "estate" not in self.initial:
            choices = list(estates[:2])
            if len(choices) == 1:  # the usual case: a supervisor of one estate
                self.initial["estate"] = choices[0].pk


@admin.register(FeeType)
class FeeTypeAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "basis", "estate", "due_days", "active"]
    list_filter = ["kind", "active", ("estate", ScopedRelatedFilter)]
    list_select_related = ["estate"]
    search_fields = ["name"]
    inlines = [FeeRateInline]
    actions = ["bill_month"]
    change_list_template = "admin/fees/feetype/change_list.html"

    def get_urls(self):
        bill = path(
            "bill-month/",
            self.admin_site.admin_view(self.bill_month_view),
            name="fees_feetype_bill_month",
        )
        return [bill, *super().get_urls()]

    def has_bill_permission(self, request) -> bool:
        return has_role(request.user, *BILLING_ROLES)

    def changelist_view(self, request, extra_context=None):
        can_bill = has_role(request.user, *BILLING_ROLES)
        extra_context = {**(extra_context or {}), "can_bill": can_bill}
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Bill month…"), permissions=["bill"])
    def bill_month(self, request, queryset):
        estate_ids = set(
            queryset.filter(kind=FeeType.Kind.PROPERTY, active=True).values_list(
                "estate_id", flat=True
            )
        )
        if len(estate_ids) != 1:
            self.message_user(
                request,
                _("Choose the active property management fee type of one estate."),
                messages.ERROR,
            )
            return None
        url = reverse("admin:fees_feetype_bill_month")
        return redirect(f"{url}?estate={estate_ids.pop()}")

    def bill_month_view(self, request):
        """Choose an estate and a month, then watch the billing job's progress bar."""
        if not has_role(request.user, *BILLING_ROLES):
            raise PermissionDenied
        estates = scope(
            Estate.objects.filter(
                fee_types__kind=FeeType.Kind.PROPERTY, fee_types__active=True
            ).distinct(),
            request.user,
        )
        status = 200
        if request.method == "POST":
            form = BillMonthForm(request.POST, estates=estates)
            if form.is_valid():
                try:
                    job = billing_job_start(
                        actor=request.user,
                        estate=form.cleaned_data["estate"],
                        period=form.cleaned_data["month"],
                    )
                except DeskError as error:
                    form_error(form, error)
                else:
                    return redirect("job-detail", pk=job.pk)
            status = 400
        else:
            initial = {"month": month_start(timezone.localdate())}
            if request.GET.get("estate", "").isdigit():
                initial["estate"] = int(request.GET["estate"])
            form = BillMonthForm(estates=estates, initial=initial)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Bill a month of property fees"),
            "form": form,
        }
        return TemplateResponse(
            request, "admin/fees/feetype/bill_month.html", context, status=status
        )


@admin.register(FeeRate)
class FeeRateAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """A rate in force is history: it can be looked at; a rate from a later date corrected."""

    form = FeeRateForm
    list_display = ["fee_type", "unit_use", "rate", "effective_from"]
    list_filter = ["unit_use", ("fee_type__estate", ScopedRelatedFilter)]
    list_select_related = ["fee_type"]
    search_fields = ["fee_type__name"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.effective_from <= timezone.localdate():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.effective_from <= timezone.localdate():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(FeeSettings)
class FeeSettingsAdmin(EstateScopedAdmin, SimpleHistoryAdmin):
    """Each estate's money settings, e.g. the payment that needs a second look."""

    list_display = ["estate", "payment_ceiling"]
    list_select_related = ["estate"]


# Money rows: look only


@admin.register(Charge)
class ChargeAdmin(PersonalExcelExportMixin, ViewOnlyHistoryAdmin):
    list_display = [
        "unit",
        "payer_name",
        "fee_type",
        "period",
        "amount",
        "paid_amount",
        "waived_amount",
        "status",
        "due_date",
    ]
    list_filter = [
        "status",
        ("fee_type", ScopedRelatedFilter),
        PeriodFilter,
        ("estate", ScopedRelatedFilter),
    ]
    list_select_related = ["unit", "fee_type"]
    search_fields = ["=unit__code", "payer_name"]
    show_full_result_count = False  # a second COUNT(*) over every charge of the estates


class DeductionInline(ReadOnlyInline):
    model = DepositDeduction
    fields = ["kind", "amount", "reason"]


@admin.register(Deposit)
class DepositAdmin(PersonalExcelExportMixin, ViewOnlyHistoryAdmin):
    """Deposits are demanded and settled at the desk (``fees.services.deposits``): here they
    are read, with their deductions and history."""

    list_display = ["purpose", "unit", "payer_name", "amount", "status", "refund_number"]
    list_filter = ["status", ("estate", ScopedRelatedFilter)]
    list_select_related = ["unit"]
    search_fields = ["=unit__code", "payer_name", "=refund_number"]
    inlines = [DeductionInline]


class AllocationInline(ReadOnlyInline):
    model = Allocation
    fields = ["charge", "amount", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("charge__fee_type")


@admin.register(Payment)
class PaymentAdmin(PersonalExcelExportMixin, EstateScopedAdmin, ReadOnlyAdmin):
    """Payments are never edited or deleted: a mistake is reversed by a new negative payment."""

    list_display = [
        "receipt_number",
        "received_at",
        "unit",
        "payer_name",
        "amount",
        "method",
        "reference",
        "received_by",
        "reverses",
    ]
    list_filter = ["method", "received_at", ("estate", ScopedRelatedFilter)]
    list_select_related = ["unit", "received_by", "reverses"]
    search_fields = ["=receipt_number", "=unit__code", "=reference", "payer_name"]
    inlines = [AllocationInline]
    show_full_result_count = False


@admin.register(Allocation)
class AllocationAdmin(EstateScopedAdmin, ReadOnlyAdmin):
    list_display = ["payment", "charge", "amount", "created_at"]
    list_filter = [("payment__estate", ScopedRelatedFilter)]
    list_select_related = ["payment", "charge__fee_type"]
    search_fields = ["=payment__receipt_number", "=charge__unit__code"]
    show_full_result_count = False


@admin.register(ReversalRequest)
class ReversalRequestAdmin(ViewOnlyHistoryAdmin):
    list_display = [
        "payment",
        "reason",
        "requested_by",
        "requested_at",
        "status",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", ("payment__estate", ScopedRelatedFilter)]
    list_select_related = ["payment", "requested_by", "decided_by"]
    search_fields = ["=payment__receipt_number"]


@admin.register(CollectionAttempt)
class CollectionAttemptAdmin(PersonalExcelExportMixin, ViewOnlyHistoryAdmin):
    list_display = [
        "unit",
        "contacted_at",
        "channel",
        "contact_name",
        "outcome",
        "promised_on",
        "next_follow_up",
        "arrears_amount",
        "recorded_by",
    ]
    list_filter = [
        "channel",
        "outcome",
        "next_follow_up",
        ("unit__estate", ScopedRelatedFilter),
    ]
    list_select_related = ["unit", "recorded_by"]
    search_fields = ["=unit__code", "contact_name"]
    date_hierarchy = "contacted_at"
