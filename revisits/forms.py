"""Input of the return-visit pages. The services judge what is allowed; the forms only parse."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm
from frontdesk.text import staff_name
from frontdesk.widgets import LocalDateTimeInput

from .choices import FAILED_RESULTS, AttemptResult, Channel, Result

# No score preselected: a visit saved without asking the owner would read as five ones.
SCORES = [("", "—"), *((n, str(n)) for n in range(1, 6))]
MANNER = [
    ("warm", _("Warm and gentle, the talk kept to the work")),
    ("explained", _("Explained patiently, with the reasons and basis")),
    ("thanked", _("Thanked the owner, and closed the door on leaving")),
]


class AttemptForm(DeskForm):
    form_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    result = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(c.value, c.label) for c in AttemptResult if c in FAILED_RESULTS],
    )
    next_try_at = forms.DateTimeField(
        label=_("Next try"),
        required=False,
        widget=LocalDateTimeInput(),
        help_text=_("Empty: in four hours."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_key", uuid.uuid4())


class RecordForm(DeskForm):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    result = forms.ChoiceField(
        label=_("The owner's verdict"),
        choices=[("", "—"), *((c.value, c.label) for c in Result if c != Result.NOT_REACHED)],
    )
    score_timeliness = forms.TypedChoiceField(label=_("Timeliness"), choices=SCORES, coerce=int)
    score_attitude = forms.TypedChoiceField(label=_("Attitude"), choices=SCORES, coerce=int)
    score_quality = forms.TypedChoiceField(label=_("Quality"), choices=SCORES, coerce=int)
    score_overall = forms.TypedChoiceField(label=_("Overall"), choices=SCORES, coerce=int)
    owner_words = forms.CharField(
        label=_("The owner's words"), required=False, max_length=2000, widget=forms.Textarea
    )
    manner = forms.MultipleChoiceField(
        label=_("Manner checklist"),
        choices=MANNER,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    problem_found = forms.CharField(
        label=_("Problem found"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("A problem, or a dissatisfied owner, goes back to maintenance."),
    )
    no_rectification_reason = forms.CharField(
        label=_("Close without a rectification order, because"),
        required=False,
        max_length=500,
        help_text=_("Customer-service supervisors only."),
    )

    def __init__(self, *args, supervisor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not supervisor:  # only a supervisor may close without a rectification order
            del self.fields["no_rectification_reason"]


class ReasonForm(DeskForm):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea)


class PlanForm(DeskForm):
    estate = forms.TypedChoiceField(label=_("Estate"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=100)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    units = forms.CharField(
        label=_("Units"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Unit codes, e.g. 3-2-1201, separated by spaces, commas or new lines."),
    )
    assignee = forms.TypedChoiceField(
        label=_("Visited by"), coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, estates=(), staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].choices = [(e.pk, e.name) for e in estates]
        self.fields["assignee"].choices = [("", _("Anyone at the desk"))] + [
            (u.pk, staff_name(u)) for u in staff
        ]


class ReportForm(DeskForm):
    body = forms.CharField(
        label=_("Analysis"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 16})
    )
