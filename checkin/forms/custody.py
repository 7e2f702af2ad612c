"""The desk's custody forms; the services judge the rules, the forms carry the input."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from frontdesk.forms import DeskForm
from frontdesk.widgets import DateInput
from owners.models import Owner, Unit
from workorders.choices import Category

from ..models import MAX_KEYS, Inspection
from ..services.custody import RETURN_STATUSES, Findings
from .meters import ReadingsMixin


def _helper(*rows, submit) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "post"
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*rows, Submit("save", submit))
    return helper


class CustodyStartForm(ReadingsMixin):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Owner.objects.none())
    agreement_signed_on = forms.DateField(label=_("Agreement signed on"), widget=DateInput())
    start_date = forms.DateField(label=_("Custody starts on"), widget=DateInput())
    keys_deposited = forms.IntegerField(
        label=_("Keys left with the office"),
        min_value=0,
        max_value=MAX_KEYS,
        initial=0,
        required=False,
    )
    supervisor_note = forms.CharField(
        label=_("Supervisor's note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed when a reading is above the estate's limit; only a customer-service "
            "supervisor may write it."
        ),
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        today = timezone.localdate()
        self.initial.setdefault("agreement_signed_on", today)
        self.initial.setdefault("start_date", today)
        if not self.is_bound:
            first_two = list(owners[:2])
            if len(first_two) == 1:  # the usual case: one owner
                self.initial["owner"] = first_two[0].pk
        self.helper = _helper(
            "owner",
            Row(Column("agreement_signed_on"), Column("start_date"), Column("keys_deposited")),
            Row(Column("water"), Column("electricity"), Column("gas")),
            "supervisor_note",
            submit=_("Start custody"),
        )


class CustodyEndForm(ReadingsMixin):
    end_date = forms.DateField(label=_("Owner takes the house back on"), widget=DateInput())
    unit_status = forms.ChoiceField(
        label=_("Unit status afterwards"),
        choices=[(s.value, s.label) for s in Unit.Status if s in RETURN_STATUSES],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("end_date", timezone.localdate())
        self.initial.setdefault("unit_status", Unit.Status.HANDED_OVER)
        self.helper = _helper(
            Row(Column("water"), Column("electricity"), Column("gas")),
            Row(Column("end_date"), Column("unit_status")),
            submit=_("End custody"),
        )


class KeyTakeForm(DeskForm):
    taken_by = forms.CharField(label=_("Taken by"), max_length=100)
    reason = forms.CharField(label=_("Why"), max_length=200)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


def _yes(value: str) -> bool:
    return value == "yes"


def _check(label) -> forms.TypedChoiceField:
    """One check of the inspection, answered yes or no: nothing is answered beforehand."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", pgettext_lazy("answer", "Yes")), ("no", pgettext_lazy("answer", "No"))],
        coerce=_yes,
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer this check.")},
    )


class InspectionForm(DeskForm):
    """Each check answered; the result (all right or a problem) follows from the answers."""

    doors_windows_ok = _check(_("Doors and windows intact"))
    leaks = _check(_("Leaks seen"))
    signs_of_entry = _check(_("Signs of entry"))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ChoiceField(
        label=_("Work order category (if a problem)"),
        choices=Category.choices,
        initial=Category.OTHER,
    )
    owner_notified_channel = forms.ChoiceField(
        label=_("Owner notified by"),
        choices=[("", _("Not notified"))] + list(Inspection.Channel.choices),
        required=False,
        help_text=_("Required when a problem was found."),
    )
    photos = MultipleFileField(label=_("Photos"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "doors_windows_ok",
            "leaks",
            "signs_of_entry",
            "notes",
            "category",
            "owner_notified_channel",
            "photos",
            submit=_("Record inspection"),
        )
        self.helper.form_tag = False

    def findings(self) -> Findings:
        data = self.cleaned_data
        return Findings(
            doors_windows_ok=data["doors_windows_ok"],
            leaks=data["leaks"],
            signs_of_entry=data["signs_of_entry"],
            notes=data["notes"],
            category=data["category"],
            owner_notified_channel=data["owner_notified_channel"],
        )
