"""Input of the inspection pages; the services validate the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm
from frontdesk.once import OnceForm
from frontdesk.text import staff_name

from .models import FollowUp, ItemResult


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"})

    def clean(self, data, initial=None):
        if not data:
            return []
        if not isinstance(data, list | tuple):
            data = [data]
        return [super(PhotosField, self).clean(item, initial) for item in data]


class PlanForm(OnceForm):
    template = forms.TypedChoiceField(label=_("Template"), coerce=int)
    assignee = forms.TypedChoiceField(label=_("Assigned to"), coerce=int)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, templates=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t.pk, f"{t.estate.name} · {t.name}") for t in templates]
        self.fields["assignee"].choices = [(u.pk, staff_name(u)) for u in people]


class ReassignForm(DeskForm):
    assignee = forms.TypedChoiceField(label=_("Assigned to"), coerce=int)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [(u.pk, staff_name(u)) for u in people]


class VisitForm(DeskForm):
    place = forms.IntegerField(widget=forms.HiddenInput)
    token = forms.CharField(label=_("Code under the QR code"), max_length=16)


class ExcuseForm(DeskForm):
    place = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ResultForm(DeskForm):
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    place = forms.IntegerField(widget=forms.HiddenInput)
    item = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Result"), choices=ItemResult.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    photos = PhotosField(label=_("Photos"), required=False)


class HandleForm(OnceForm):
    team_leader = forms.CharField(label=_("Team leader"), max_length=50)
    action = forms.CharField(label=_("What was done"), max_length=300)
    photos = PhotosField(label=_("Photos"), required=False)


class SheetForm(OnceForm):
    note = forms.CharField(label=_("Note for the department"), max_length=200, required=False)


class FollowUpForm(OnceForm):
    result = forms.ChoiceField(
        label=_("Result"), choices=FollowUp.Result.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    photos = PhotosField(label=_("Photos"), required=False)
