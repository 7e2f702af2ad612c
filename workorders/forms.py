"""Input of the work-order pages. The services judge what is allowed; the forms only parse."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm
from frontdesk.once import OnceForm
from frontdesk.text import staff_name
from frontdesk.widgets import LocalDateTimeInput
from owners.validators import validate_phone

from .models import Category, Kind, Priority, Source
from .permissions import ASSIGNEE_ROLES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(PhotosField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def _helper(*layout, submit: str | None = None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout)
    if submit:
        helper.layout.append(Submit("save", submit, css_class="btn-lg"))
    return helper


class OrderForm(OnceForm):
    """A new order. The unit is asked by its code, as the desk says it ("3-2-1201"). Posted
    once: a double click opens one order (``frontdesk.once``)."""

    estate = forms.TypedChoiceField(label=_("Estate"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.REPAIR)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    unit_code = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=32,
        help_text=_("The unit code, e.g. 3-2-1201; leave empty for a public location."),
    )
    location = forms.CharField(
        label=_("Location"),
        required=False,
        max_length=200,
        help_text=_("Where exactly (for a public area, or a room of the unit)."),
    )
    reporter_name = forms.CharField(label=_("Reported by"), required=False, max_length=100)
    reporter_phone = forms.CharField(
        label=_("Contact phone"), required=False, max_length=30, validators=[validate_phone]
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices, initial=Source.DESK)
    department = forms.TypedChoiceField(
        label=_("Dispatch to"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Choose a department to dispatch at once; leave empty to dispatch later."),
    )
    photos = PhotosField(label=_("Photos"))
    source_type = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)
    source_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, estates, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].choices = [(e.pk, e.name) for e in estates]
        if len(estates) == 1:
            self.fields["estate"].initial = estates[0].pk
            self.fields["estate"].widget = forms.HiddenInput()
        several = len(estates) > 1
        self.fields["department"].choices = [("", _("Not yet"))] + [
            (d.pk, f"{d} · {d.estate.name}" if several else str(d)) for d in departments
        ]
        self.helper = _helper(
            "estate",
            Row(
                Column("kind", css_class="col-md-4"),
                Column("category", css_class="col-md-4"),
                Column("priority", css_class="col-md-4"),
            ),
            Row(
                Column("unit_code", css_class="col-md-4"), Column("location", css_class="col-md-8")
            ),
            Row(
                Column("reporter_name", css_class="col-md-6"),
                Column("reporter_phone", css_class="col-md-6"),
            ),
            "description",
            Row(Column("source", css_class="col-md-4"), Column("department", css_class="col-md-8")),
            "photos",
            "source_type",
            "source_id",
            "parent",
            "key",
            submit=str(_("Create order")),
        )


class DispatchForm(DeskForm):
    department = forms.TypedChoiceField(label=_("Department"), coerce=int)
    assignee = forms.TypedChoiceField(
        label=_("Technician"), coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, departments, technicians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(d.pk, str(d)) for d in departments]
        self.fields["assignee"].choices = [("", _("The whole department"))] + [
            (u.pk, staff_name(u)) for u in technicians
        ]


class CompleteForm(DeskForm):
    work_done = forms.CharField(
        label=_("Work done"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    materials = forms.CharField(
        label=_("Materials used"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    leak_test_at = forms.DateTimeField(
        label=_("Leak test at"), required=False, widget=LocalDateTimeInput()
    )
    paid = forms.BooleanField(label=_("Paid repair (charged to the unit)"), required=False)
    amount = forms.CharField(label=_("Amount (CNY)"), required=False, max_length=20)
    photos = PhotosField(label=_("Photos of the finished work"))


class BookForm(DeskForm):
    at = forms.DateTimeField(label=_("Re-inspection at"), widget=LocalDateTimeInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class ConfirmForm(DeskForm):
    signed_by = forms.CharField(label=_("Signed by (owner)"), required=False, max_length=100)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class NoteForm(DeskForm):
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class ReasonForm(DeskForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)


class EmptyForm(DeskForm):
    pass


class FollowUpForm(DeskForm):
    note = forms.CharField(
        label=_("Follow-up"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was done, what is awaited (parts, the owner), what was promised."),
    )


class ReassignForm(DeskForm):
    assignee = forms.TypedChoiceField(label=_("Hand to"), coerce=int)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, technicians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [(u.pk, staff_name(u)) for u in technicians]


def technicians_of(departments) -> list:
    """Technicians and heads of ``departments``, for the dispatch form."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            staff_profile__department__in=departments,
            groups__name__in=ASSIGNEE_ROLES,
        )
        .distinct()
        .order_by("username")
    )
