"""The desk's forms for calls and visitors: input parsing only, the rules are in services."""

import datetime

from crispy_forms.bootstrap import FormActions, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm
from frontdesk.models import Department
from frontdesk.once import OnceForm
from frontdesk.text import check_date
from frontdesk.widgets import DateInput
from owners.models import Unit
from owners.validators import IdType, validate_phone, validate_plate

from .conversions import work_order_categories
from .models import PhoneCall, Visit

ANSWERED, CONTACT_LEFT = "answered", "contact_left"

# The seed's procedure for answering the phone, shown on the form as the receptionist talks.
CALL_SCRIPT = (
    _("Greet and name the office: “Hello, this is the property management office.”"),
    _("Ask who is calling: owner, resident or someone else, and which unit."),
    _("Listen, and write down what the caller says."),
    _("Answer what you can; otherwise take a number to reply on — make no promises."),
    _("After hanging up, route the matter to the department that will solve it."),
    _("Reply to the caller (a return call or visit) and record it."),
)


def _plausible_reply_due(day: datetime.date | None) -> datetime.date | None:
    """A reply is due from today to a year ahead (not in 9999, not last century); the
    service keeps the same rule."""
    today = timezone.localdate()
    latest = today + datetime.timedelta(days=PhoneCall.REPLY_DUE_MAX_DAYS)
    check_date(day, earliest=today, latest=latest)
    return day


def _legend(text) -> str:
    return format_html('<span class="fs-6 fw-semibold">{}</span>', text)


def _cancel() -> HTML:
    return HTML(
        format_html('<a class="btn btn-link" href="{{{{ cancel_url }}}}">{}</a>', _("Cancel"))
    )


class _EstateForm(OnceForm):
    """A form for one of the user's estates: the estate is asked only when the user works in
    several; units and departments are limited to the user's estates."""

    estate = forms.TypedChoiceField(label=_("Estate"), coerce=int)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, widget=forms.HiddenInput
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args, estates, **kwargs):
        super().__init__(*args, **kwargs)
        self.estates = {e.pk: e for e in estates}
        ids = list(self.estates)
        self.fields["estate"].choices = [(e.pk, e.name) for e in estates]
        if len(estates) == 1:
            self.fields["estate"].initial = estates[0].pk
            self.fields["estate"].widget = forms.HiddenInput()
            self.fields["estate"].required = False
        self.fields["unit"].queryset = Unit.objects.filter(estate_id__in=ids).select_related(
            "building"
        )
        departments = Department.objects.filter(estate_id__in=ids).select_related("estate")
        self.fields["department"].queryset = departments
        if len(estates) > 1:
            self.fields["department"].label_from_instance = lambda d: f"{d.estate.name} · {d}"

    def clean(self):
        cleaned = super().clean()
        estate_id = cleaned.get("estate")
        unit = cleaned.get("unit")
        if unit is not None:
            # The unit decides: it is the estate the caller or visitor belongs to.
            cleaned["estate"] = unit.estate_id
        elif not estate_id and len(self.estates) == 1:
            cleaned["estate"] = next(iter(self.estates))
        return cleaned

    @property
    def chosen_estate(self):
        return self.estates.get(self.cleaned_data.get("estate"))

    @property
    def chosen_unit(self):
        """The unit picked so far (bound or initial), for the picker to show."""
        value = self["unit"].value()
        if not value:
            return None
        try:
            return self.fields["unit"].queryset.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            return None


class CallForm(_EstateForm):
    field_order = [
        "estate",
        "caller_kind",
        "caller_name",
        "caller_phone",
        "identity_confirmed",
        "unit",
        "location",
        "topic",
        "content",
        "resolution",
        "answer",
        "contact_phone",
        "reply_method",
        "reply_due",
        "department",
    ]

    caller_kind = forms.ChoiceField(
        label=_("Caller"),
        choices=PhoneCall.CallerKind.choices,
        initial=PhoneCall.CallerKind.OWNER,
        widget=forms.RadioSelect,
    )
    caller_name = forms.CharField(label=_("Caller's name"), max_length=100)
    caller_phone = forms.CharField(
        label=_("Caller's phone"), max_length=20, required=False, validators=[validate_phone]
    )
    identity_confirmed = forms.BooleanField(
        label=_("Identity confirmed"),
        required=False,
        help_text=_("The caller said who they are and it matches the unit's records."),
    )
    location = forms.CharField(
        label=_("Place"),
        max_length=100,
        required=False,
        help_text=_("For a public area (no unit): where exactly, e.g. Building 3 lobby."),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=PhoneCall.Topic.choices)
    content = forms.CharField(
        label=_("What the caller said"), widget=forms.Textarea(attrs={"rows": 4})
    )
    resolution = forms.ChoiceField(
        label=_("Handled"),
        choices=[
            (ANSWERED, _("Answered on the spot")),
            (CONTACT_LEFT, _("Contact left for a reply")),
        ],
        initial=ANSWERED,
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("What we answered"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contact_phone = forms.CharField(
        label=_("Phone to reply on"),
        max_length=20,
        required=False,
        validators=[validate_phone],
        help_text=_("Required when the caller left a contact for the reply."),
    )
    reply_method = forms.ChoiceField(
        label=_("Reply by"), choices=PhoneCall.ReplyMethod.choices, required=False
    )
    reply_due = forms.DateField(
        label=_("Reply due"),
        required=False,
        widget=DateInput(),
        help_text=_("Tomorrow when left empty."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].label = _("Route to a department after the call")
        self.fields["unit"].label = _("Caller's unit")
        script = format_html(
            '<ol class="small mb-3" data-testid="call-script">{}</ol>',
            format_html_join("", "<li>{}</li>", ((step,) for step in CALL_SCRIPT)),
        )
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_tag = False
        self.helper.layout = Layout(
            HTML(script),
            "estate",
            "key",
            Fieldset(
                _legend(_("Who is calling")),
                InlineRadios("caller_kind"),
                Row(Column("caller_name"), Column("caller_phone")),
                "identity_confirmed",
                HTML('{% include "reception/_unit_picker.html" with unit=form.chosen_unit %}'),
                "location",
            ),
            Fieldset(
                _legend(_("What about")),
                "topic",
                "content",
            ),
            Fieldset(
                _legend(_("Handling")),
                InlineRadios("resolution"),
                "answer",
                Row(Column("contact_phone"), Column("reply_method"), Column("reply_due")),
                "department",
            ),
            FormActions(Submit("save", _("Save call")), _cancel()),
        )

    def clean_reply_due(self):
        return _plausible_reply_due(self.cleaned_data["reply_due"])

    def clean(self):
        cleaned = super().clean()
        cleaned["answered_on_spot"] = cleaned.get("resolution") == ANSWERED
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "estate": self.chosen_estate,
            "form_key": self.form_key,
            "unit": data["unit"],
            "department": data["department"],
            "answered_on_spot": data["answered_on_spot"],
            **{
                name: data[name]
                for name in (
                    "caller_kind",
                    "caller_name",
                    "caller_phone",
                    "identity_confirmed",
                    "location",
                    "topic",
                    "content",
                    "answer",
                    "contact_phone",
                    "reply_method",
                    "reply_due",
                )
            },
        }


class RouteForm(DeskForm):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    reply_due = forms.DateField(label=_("Reply due"), required=False, widget=DateInput())

    def __init__(self, *args, estate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(estate=estate)

    def clean_reply_due(self):
        return _plausible_reply_due(self.cleaned_data["reply_due"])


class ReplyForm(DeskForm):
    reply = forms.CharField(
        label=_("What the caller was told"), widget=forms.Textarea(attrs={"rows": 3})
    )


class WorkOrderFromCallForm(OnceForm):
    """The defaults of the order made from a call, editable before the one click (once per
    rendered form: a double click makes one order)."""

    category = forms.ChoiceField(label=_("Category"))
    department = forms.ModelChoiceField(
        label=_("Dispatch to"), queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args, estate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = work_order_categories()
        self.fields["department"].queryset = Department.objects.filter(estate=estate)

    def options(self) -> dict:
        """The order's options for the conversion (the key goes to the service apart)."""
        return {
            "category": self.cleaned_data["category"],
            "department": self.cleaned_data["department"],
        }


class VisitForm(_EstateForm):
    field_order = [
        "estate",
        "name",
        "phone",
        "id_type",
        "id_number",
        "identity_checked",
        "party_size",
        "purpose",
        "purpose_detail",
        "department",
        "host",
        "unit",
        "host_name",
        "vehicle_plate",
        "notes",
    ]

    name = forms.CharField(label=_("Visitor's name"), max_length=100)
    phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, validators=[validate_phone]
    )
    id_type = forms.ChoiceField(
        label=_("ID type"), choices=IdType.choices, initial=IdType.RESIDENT_ID
    )
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=32,
        required=False,
        help_text=_(
            "Checked against the document type and shown masked afterwards; or leave it "
            "empty and tick “identity checked”."
        ),
    )
    identity_checked = forms.BooleanField(
        label=_("Identity checked"),
        required=False,
        help_text=_("I saw the visitor's identity document of the type above."),
    )
    party_size = forms.IntegerField(label=_("People"), min_value=1, max_value=99, initial=1)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Visit.Purpose.choices)
    purpose_detail = forms.CharField(label=_("Details"), max_length=200, required=False)
    host = forms.ModelChoiceField(
        label=_("Staff member visited"), queryset=get_user_model().objects.none(), required=False
    )
    host_name = forms.CharField(label=_("Person visited"), max_length=100, required=False)
    vehicle_plate = forms.CharField(
        label=_("Vehicle plate"), max_length=12, required=False, validators=[validate_plate]
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ids = list(self.estates)
        self.fields["department"].label = _("Department visited")
        self.fields["unit"].label = _("Unit visited")
        self.fields["host"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, staff_profile__estates__in=ids)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["host"].label_from_instance = lambda u: (
            f"{u.last_name}{u.first_name}".strip() or u.get_username()
        )
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_tag = False
        self.helper.layout = Layout(
            HTML(
                format_html(
                    '<p class="small text-body-secondary" data-testid="visit-script">{}</p>',
                    _(
                        "Ask what brings them here, confirm who they are, notify the "
                        "department, then show them to the reception area and offer tea."
                    ),
                )
            ),
            "estate",
            "key",
            Fieldset(
                _legend(_("Visitor")),
                Row(Column("name"), Column("phone"), Column("party_size", css_class="col-md-2")),
                Row(Column("id_type", css_class="col-md-4"), Column("id_number")),
                "identity_checked",
                Row(Column("vehicle_plate", css_class="col-md-4")),
            ),
            Fieldset(
                _legend(_("Purpose and whom they visit")),
                Row(Column("purpose", css_class="col-md-4"), Column("purpose_detail")),
                Row(Column("department"), Column("host"), Column("host_name")),
                HTML('{% include "reception/_unit_picker.html" with unit=form.chosen_unit %}'),
                "notes",
            ),
            Div(FormActions(Submit("save", _("Log arrival")), _cancel())),
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "estate": self.chosen_estate,
            "form_key": self.form_key,
            **{
                name: data[name]
                for name in (
                    "name",
                    "phone",
                    "id_type",
                    "id_number",
                    "identity_checked",
                    "party_size",
                    "purpose",
                    "purpose_detail",
                    "department",
                    "host",
                    "unit",
                    "host_name",
                    "vehicle_plate",
                    "notes",
                )
            },
        }

    def clean(self):
        cleaned = super().clean()
        # The service refuses it too; said here beside the fields, before anything is posted.
        confirmed = cleaned.get("id_number", "").strip() or cleaned.get("identity_checked")
        if not confirmed and "id_number" not in self.errors:
            self.add_error(
                "id_number",
                _(
                    "Confirm who the visitor is: enter their ID document's number, or "
                    "tick “identity checked” with the document's type. A name alone is "
                    "not enough."
                ),
            )
        return cleaned
