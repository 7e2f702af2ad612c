"""Input of the complaint pages. The services judge what is allowed; the forms only parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm
from frontdesk.once import OnceForm
from frontdesk.text import staff_name
from frontdesk.widgets import LocalDateTimeInput
from owners.validators import validate_phone

from .choices import (
    Cause,
    Channel,
    ComplainantKind,
    Severity,
    Verdict,
    VisitResult,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several photos or files in one input; each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(FilesField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def _select(field):
    field.widget.attrs.setdefault("class", "form-select")
    return field


class ComplaintForm(OnceForm):
    """A new complaint, posted once (``OnceForm``: a double click records one)."""

    # A complaint about an existing work order: its page links here with ?work_order=<id>.
    work_order = forms.IntegerField(widget=forms.HiddenInput, required=False)
    estate = forms.TypedChoiceField(label=_("Estate"), coerce=int)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.DESK)
    complainant_kind = forms.ChoiceField(label=_("Complainant is"), choices=ComplainantKind.choices)
    complainant_name = forms.CharField(label=_("Complainant"), max_length=100)
    contact_phone = forms.CharField(
        label=_("Contact phone"), max_length=30, required=False, validators=[validate_phone]
    )
    unit_code = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=32,
        help_text=_("The unit code, e.g. 3-2-1201, when known."),
    )
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4})
    )
    happened_at = forms.DateTimeField(
        label=_("When it happened"), required=False, widget=LocalDateTimeInput()
    )
    place = forms.CharField(label=_("Where"), max_length=200, required=False)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Severity.choices, initial=Severity.ORDINARY
    )
    files = FilesField(label=_("Photos and files"))

    def __init__(self, *args, estates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].choices = [(e.pk, e.name) for e in estates]
        if len(estates) == 1:
            self.fields["estate"].initial = estates[0].pk
            self.fields["estate"].widget = forms.HiddenInput()
        for name in ("estate", "channel", "complainant_kind", "severity"):
            _select(self.fields[name])
        for name, field in self.fields.items():
            if name not in ("estate", "channel", "complainant_kind", "severity"):
                field.widget.attrs.setdefault("class", "form-control")


class JudgeForm(DeskForm):
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=[c for c in Verdict.choices if c[0] != Verdict.PENDING]
    )
    cause = forms.ChoiceField(label=_("Cause"), choices=[("", "—"), *Cause.choices], required=False)
    department = forms.TypedChoiceField(
        label=_("Responsible department"), coerce=int, required=False, empty_value=None
    )
    invalid_reason = forms.CharField(
        label=_("Why invalid"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    resolve_due = forms.DateTimeField(
        label=_("Resolve by (optional)"), required=False, widget=LocalDateTimeInput()
    )

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [
            ("", _("By the cause")),
            *((d.pk, str(d)) for d in departments),
        ]


class ChangeVerdictForm(DeskForm):
    verdict = forms.ChoiceField(
        label=_("New verdict"), choices=[c for c in Verdict.choices if c[0] != Verdict.PENDING]
    )
    cause = forms.ChoiceField(label=_("Cause"), choices=[("", "—"), *Cause.choices], required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(DeskForm):
    department = forms.TypedChoiceField(label=_("Responsible department"), coerce=int)
    handler = forms.TypedChoiceField(
        label=_("Handler"), coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(label=_("Notes"), required=False, max_length=200)

    def __init__(self, *args, departments=(), handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(d.pk, str(d)) for d in departments]
        self.fields["handler"].choices = [
            ("", "—"),
            *((u.pk, staff_name(u)) for u in handlers),
        ]


class ReasonForm(DeskForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class NotesForm(DeskForm):
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EmptyForm(DeskForm):
    pass


class SiteVisitForm(DeskForm):
    arrived_at = forms.DateTimeField(
        label=_("Arrived on site at"), required=False, widget=LocalDateTimeInput()
    )
    attendees = forms.CharField(label=_("Who went"), max_length=200)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    files = FilesField(label=_("Photos"))


class HandleForm(DeskForm):
    actions = forms.CharField(label=_("Actions taken"), widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}))


class NotifyForm(DeskForm):
    departments = forms.TypedMultipleChoiceField(
        label=_("Notify departments"), coerce=int, required=False
    )
    reply = forms.CharField(
        label=_("Reply given"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].choices = [(d.pk, str(d)) for d in departments]
        self.fields["departments"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["departments"].choices
        )


class VisitForm(DeskForm):
    result = forms.ChoiceField(
        label=_("Visit result"),
        choices=[
            (VisitResult.SATISFIED, VisitResult.SATISFIED.label),
            (VisitResult.DISSATISFIED, VisitResult.DISSATISFIED.label),
        ],
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
