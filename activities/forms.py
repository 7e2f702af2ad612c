import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from frontdesk.forms import DeskForm, DeskFormMixin
from frontdesk.once import OnceForm

from .models import Post

DATE = {"type": "date"}
TIME = {"type": "time"}
MOMENT = {"type": "datetime-local"}
MOMENT_FORMAT = "%Y-%m-%dT%H:%M"
TEXT_MAX = 1000  # a plan's long texts: a page of the printed plan, not a book


class BookingForm(OnceForm):
    unit_code = forms.CharField(label=_("Unit"), max_length=32, help_text=_("e.g. 3-2-1201"))
    booked_for = forms.CharField(label=_("Booked for"), max_length=60)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs=TIME, format="%H:%M"))
    end = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs=TIME, format="%H:%M"))
    people = forms.IntegerField(
        label=pgettext_lazy("headcount", "People"), min_value=1, max_value=999, initial=1
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=120, required=False)

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        data = self.cleaned_data
        return (
            timezone.make_aware(datetime.datetime.combine(data["day"], data["start"])),
            timezone.make_aware(datetime.datetime.combine(data["day"], data["end"])),
        )


class ReasonForm(DeskFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class PostForm(DeskFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Post.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
    replace = forms.BooleanField(
        label=_("Replace the column's content (take everything else down)"), required=False
    )


class PlanForm(OnceForm):
    """Every field of the seed's activity plan; the budget lines are ``BudgetFormSet``."""

    estate = forms.TypedChoiceField(label=_("Estate"), coerce=int)
    theme = forms.CharField(label=_("Theme"), max_length=120)
    items = forms.CharField(
        label=_("Activity items"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    location = forms.CharField(label=_("Location"), max_length=120)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs=MOMENT, format=MOMENT_FORMAT)
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=forms.DateTimeInput(attrs=MOMENT, format=MOMENT_FORMAT)
    )
    participants = forms.CharField(label=_("Participants"), max_length=200)
    expected_headcount = forms.IntegerField(
        label=_("Expected headcount"), min_value=1, max_value=100_000
    )
    process = forms.CharField(
        label=_("Process"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    cooperating = forms.CharField(label=_("Cooperating departments"), max_length=200)
    prizes = forms.CharField(
        label=_("Prizes"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    layout_engineering = forms.CharField(
        label=_("Venue layout: maintenance"),
        max_length=200,
        required=False,
        help_text=_("e.g. set up the stage and the power supply"),
    )
    layout_security = forms.CharField(
        label=_("Venue layout: security"),
        max_length=200,
        required=False,
        help_text=_("e.g. order on site, the entrances"),
    )
    layout_cleaning = forms.CharField(
        label=_("Venue layout: environment team"),
        max_length=200,
        required=False,
        help_text=_("e.g. cleaning before and after"),
    )
    duties = forms.CharField(
        label=_("Division of labour"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line each: person: duty (e.g. 李娜: host)"),
    )
    signup_capacity = forms.IntegerField(
        label=_("Households that may sign up"),
        min_value=1,
        max_value=100_000,
        required=False,
        help_text=_("Empty: no sign-up."),
    )

    LAYOUT = (
        ("engineering", "layout_engineering"),
        ("security", "layout_security"),
        ("cleaning", "layout_cleaning"),
    )

    def __init__(self, *args, estates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].choices = [(e.pk, e.name) for e in estates]
        if len(estates) == 1:
            self.fields["estate"].initial = estates[0].pk

    def clean_duties(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["duties"].splitlines():
            if not line.strip():
                continue
            person, colon, duty = line.replace("：", ":").partition(":")
            if not colon or not person.strip() or not duty.strip():
                raise forms.ValidationError(
                    _("Write each line as “person: duty”: %(line)s") % {"line": line.strip()}
                )
            if len(person.strip()) > 60 or len(duty.strip()) > 200:
                raise forms.ValidationError(_("A line is too long: %(line)s") % {"line": line})
            rows.append((person.strip(), duty.strip()))
        if not rows:
            raise forms.ValidationError(_("Say who does what."))
        return rows

    def layout(self) -> list[tuple[str, str]]:
        return [
            (kind, self.cleaned_data[name].strip())
            for kind, name in self.LAYOUT
            if self.cleaned_data.get(name, "").strip()
        ]


class BudgetLineForm(DeskForm):
    item = forms.CharField(label=_("Expense"), max_length=120)
    amount = forms.DecimalField(
        label=_("Amount (CNY)"), min_value=0, max_digits=10, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The lines past the first may stay empty: not marked required on the page (a filled
        # one still needs both its item and its amount, ``clean``).
        if self.empty_permitted:
            for field in self.fields.values():
                field.required = False

    def clean(self):
        data = super().clean()
        if self.empty_permitted and (data.get("item") or data.get("amount") is not None):
            for name in ("item", "amount"):
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, forms.Field.default_error_messages["required"])
        return data


BudgetFormSet = forms.formset_factory(
    BudgetLineForm, extra=3, min_num=1, validate_min=True, max_num=30, validate_max=True
)


class SignUpForm(DeskForm):
    unit_code = forms.CharField(label=_("Unit"), max_length=32, help_text=_("e.g. 3-2-1201"))
    name = forms.CharField(label=_("Name"), max_length=60)
    people = forms.IntegerField(
        label=pgettext_lazy("headcount", "People"), min_value=1, max_value=20, initial=1
    )


class SummaryForm(DeskForm):
    headcount = forms.IntegerField(label=_("Actual headcount"), min_value=0, max_value=100_000)
    spending = forms.DecimalField(
        label=_("Actual spending (CNY)"), min_value=0, max_digits=10, decimal_places=2
    )
    response = forms.CharField(
        label=_("Owners' response"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class ArchiveForm(DeskForm):
    file = forms.FileField(
        label=_("Photo, video or recording"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,video/*,audio/*"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=120, required=False)
