from crispy_forms.bootstrap import FormActions
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Field, Fieldset, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm, DeskModelForm
from frontdesk.text import check_date
from frontdesk.widgets import DateInput

from .models import Authorization, Document, Owner, Ownership, Resident, Unit
from .uploads import validate_scan
from .validators import IdType, validate_id_number, validate_phone


class DocumentForm(DeskModelForm):
    file = forms.FileField(label=_("Scan"), required=False, validators=[validate_scan])

    class Meta:
        model = Document
        fields = ["kind", "title", "file", "original_sighted", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("archive", _("Archive document")))

    def _post_clean(self):
        # The document's own rule (a scan or the original sighted) speaks only when the file
        # itself was accepted: a file that is not a scan says so, and once.
        if "file" not in self.errors:
            super()._post_clean()


def _helper(submit_label, *layout) -> FormHelper:
    """Fields, then the submit button and a "Cancel" link to the page's ``cancel_url``."""
    helper = FormHelper()
    helper.form_method = "post"
    cancel = format_html('<a class="btn btn-link" href="{{{{ cancel_url }}}}">{}</a>', _("Cancel"))
    helper.layout = Layout(*layout, FormActions(Submit("save", submit_label), HTML(cancel)))
    return helper


def _legend(text) -> str:
    return format_html('<span class="fs-6 fw-semibold">{}</span>', text)


def _owner_field(name: str, **kwargs) -> forms.Field:
    """A form field like the owner model's, for forms that are not an owner's ModelForm."""
    return Owner._meta.get_field(name).formfield(**kwargs)


class OwnerForm(DeskModelForm):
    """An owner's record. Without ``reveal_id_number`` the ID number field starts empty and
    an empty answer keeps the stored number, so the full number never reaches the page."""

    class Meta:
        model = Owner
        fields = [
            "kind",
            "name",
            "id_type",
            "id_number",
            "phone",
            "phone2",
            "email",
            "address",
            "contact_person",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, reveal_id_number: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.reveal_id_number = reveal_id_number
        if not reveal_id_number and self.instance.id_number:
            self.initial["id_number"] = ""
            self.fields["id_number"].help_text = _(
                "Leave empty to keep the current number (masked: %(masked)s)."
            ) % {"masked": self.instance.id_masked}
        self.helper = _helper(
            _("Save"),
            Row(Column("kind", css_class="col-md-4"), Column("name", css_class="col-md-8")),
            Row(Column("id_type", css_class="col-md-4"), Column("id_number", css_class="col-md-8")),
            Row(Column("phone"), Column("phone2"), Column("email")),
            Row(Column("address", css_class="col-md-8"), Column("contact_person")),
            "notes",
        )

    def clean_id_number(self):
        number = self.cleaned_data["id_number"]
        if not number and not self.reveal_id_number:
            return self.instance.id_number
        return number


class OwnershipForm(DeskForm):
    """A share of a unit for an existing owner of the estate, or for a new owner typed here.

    The existing owner arrives as ``owner`` (a radio from the search results under ``q``).
    """

    owner = forms.ModelChoiceField(queryset=Owner.objects.none(), required=False)
    q = forms.CharField(
        label=_("Find an existing owner"),
        required=False,
        help_text=_("Name, pinyin, initials, phone or ID number"),
    )
    new_name = _owner_field("name", required=False)
    new_id_type = _owner_field("id_type", required=False)
    new_id_number = _owner_field("id_number", required=False)
    new_phone = _owner_field("phone", required=False, validators=[validate_phone])
    share = Ownership._meta.get_field("share").formfield()
    since = Ownership._meta.get_field("since").formfield(widget=DateInput())

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        # Validation fetches the one chosen owner; the page never lists the whole estate.
        self.fields["owner"].queryset = Owner.objects.filter(estate=unit.estate_id)
        self.helper = _helper(
            _("Add owner"),
            Fieldset(
                _legend(_("Existing owner")),
                Field(
                    "q",
                    autocomplete="off",
                    hx_get=reverse("owners:ownership-add", args=[unit.pk]),
                    hx_trigger="input changed delay:300ms, search",
                    hx_target="#owner-results",
                    hx_swap="outerHTML",
                    # Enter searches instead of submitting the whole form.
                    data_enter_stays="true",
                ),
                HTML('{% include "owners/owner_search_results.html" %}'),
            ),
            Fieldset(
                _legend(_("Or a new owner")),
                Row(Column("new_name"), Column("new_phone")),
                Row(Column("new_id_type"), Column("new_id_number")),
            ),
            Fieldset(
                _legend(_("Share")),
                Row(Column("share"), Column("since")),
            ),
        )

    def clean_since(self):
        check_date(self.cleaned_data["since"])
        return self.cleaned_data["since"]

    def clean_new_id_type(self):
        return self.cleaned_data["new_id_type"] or IdType.RESIDENT_ID

    def clean(self):
        cleaned = super().clean()
        owner, name = cleaned.get("owner"), cleaned.get("new_name")
        if "owner" in self.errors:
            return cleaned
        if owner and name:
            raise forms.ValidationError(_("Pick an existing owner or enter a new one, not both."))
        if not owner and not name:
            raise forms.ValidationError(
                _("Pick an existing owner from the search, or enter a new owner's name.")
            )
        # A new owner's number is checked against its type only when both fields passed
        # their own validation (a 10,000-character number or an unknown type has its message).
        if name and not {"new_id_type", "new_id_number"} & set(self.errors):
            try:
                validate_id_number(cleaned["new_id_type"], cleaned["new_id_number"])
            except forms.ValidationError as error:
                self.add_error("new_id_number", error.message_dict["id_number"])
        return cleaned

    def new_owner(self) -> Owner | None:
        """The unsaved new owner typed into the form, if any."""
        data = self.cleaned_data
        if not data.get("new_name"):
            return None
        id_type = data["new_id_type"]
        return Owner(
            estate=self.unit.estate,
            kind=Owner.Kind.COMPANY if id_type == IdType.CREDIT_CODE else Owner.Kind.PERSON,
            name=data["new_name"],
            id_type=id_type,
            id_number=data["new_id_number"],
            phone=data["new_phone"],
        )


class EndDateForm(DeskForm):
    """The day an ownership ends or a resident moves out; today unless given."""

    on = forms.DateField(label=_("Date"), required=False, widget=DateInput())

    def clean_on(self):
        on = self.cleaned_data["on"] or timezone.localdate()
        check_date(on)
        return on


class ResidentForm(DeskModelForm):
    class Meta:
        model = Resident
        fields = [
            "kind",
            "name",
            "relation",
            "phone",
            "id_type",
            "id_number",
            "moved_in_on",
            "notes",
        ]
        widgets = {"moved_in_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].help_text = _("Optional")
        self.helper = _helper(
            _("Add resident"),
            Row(Column("kind"), Column("name"), Column("relation")),
            Row(Column("phone"), Column("moved_in_on")),
            Row(Column("id_type"), Column("id_number")),
            "notes",
        )


class AuthorizationForm(DeskModelForm):
    """An agent of one of the unit's current owners, with the power of attorney received."""

    scan = forms.FileField(
        label=_("Scan of the power of attorney"),
        required=False,
        validators=[validate_scan],
    )
    original_sighted = forms.BooleanField(label=_("Original sighted (no scan)"), required=False)

    class Meta:
        model = Authorization
        fields = [
            "owner",
            "name",
            "id_type",
            "id_number",
            "phone",
            "scope",
            "valid_from",
            "valid_until",
        ]
        labels = {
            "name": _("Agent's name"),
            "id_type": _("Agent's ID type"),
            "id_number": _("Agent's ID number"),
            "phone": _("Agent's phone"),
        }
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].empty_label = None
        self.fields["scan"].help_text = _("An image (JPEG, PNG) or a PDF, at most %(mb)s MB.") % {
            "mb": settings.UPLOAD_MAX_BYTES // 2**20
        }
        self.fields["id_number"].required = True  # the desk checks the agent's ID card
        self.helper = _helper(
            _("Register agent"),
            Row(Column("owner"), Column("scope")),
            Row(Column("name"), Column("phone")),
            Row(Column("id_type"), Column("id_number")),
            Row(Column("valid_from"), Column("valid_until")),
            Fieldset(_legend(_("Power of attorney")), "scan", "original_sighted"),
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("scan") and not cleaned.get("original_sighted"):
            self.add_error("scan", _("Upload a scan or tick 'original sighted'."))
        return cleaned
