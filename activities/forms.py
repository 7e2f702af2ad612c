import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskFormMixin

from .models import Post

DATE = {"type": "date"}
TIME = {"type": "time"}


class BookingForm(DeskFormMixin, forms.Form):
    unit_code = forms.CharField(label=_("Unit"), max_length=32, help_text=_("e.g. 3-2-1201"))
    booked_for = forms.CharField(label=_("Booked for"), max_length=60)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs=TIME, format="%H:%M"))
    end = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs=TIME, format="%H:%M"))
    people = forms.IntegerField(label=_("People"), min_value=1, max_value=999, initial=1)
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
