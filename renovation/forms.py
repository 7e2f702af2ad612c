"""The renovation forms: the application (posted once), the review, the agreement, passes,
patrols (posted once), the acceptance and the closed-water test, the guard's check."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm
from frontdesk.once import OnceForm
from owners.validators import IdType

from .models import Acceptance, Patrol, Renovation, RenovationFile

DATE = {"type": "date"}
ID_TYPES = [(value, label) for value, label in IdType.choices if value != IdType.CREDIT_CODE]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"), **kwargs
    )


class ApplicationForm(OnceForm):
    estate = forms.TypedChoiceField(label=_("Estate"), coerce=int)
    unit_code = forms.CharField(label=_("Unit"), max_length=32, help_text=_("e.g. 3-2-1201"))
    applicant = forms.ChoiceField(label=_("Applicant is"), choices=Renovation.Applicant.choices)
    applicant_name = forms.CharField(label=_("Applicant"), max_length=100)
    id_type = forms.ChoiceField(label=_("ID type"), choices=ID_TYPES, initial=IdType.RESIDENT_ID)
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    applicant_phone = forms.CharField(label=_("Applicant's phone"), max_length=30)
    attorney_scan = forms.FileField(label=_("Power of attorney (agent)"), required=False)
    agent_id_scan = forms.FileField(label=_("Agent's ID card copy (agent)"), required=False)
    consent = forms.ChoiceField(
        label=_("Owner's consent (tenant)"),
        choices=[("", "—"), *Renovation.Consent.choices],
        required=False,
    )
    consent_owner_name = forms.CharField(
        label=_("Consenting owner"), max_length=100, required=False
    )
    consent_phone = forms.CharField(label=_("Number called"), max_length=30, required=False)
    consent_at = forms.DateTimeField(
        label=_("Consent given at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    contractor = forms.CharField(label=_("Contractor"), max_length=100)
    contractor_code = forms.CharField(label=_("Unified social credit code"), max_length=30)
    contractor_licence = forms.FileField(label=_("Business licence"), required=False)
    site_manager = forms.CharField(label=_("Site manager"), max_length=50)
    site_manager_phone = forms.CharField(label=_("Site manager's phone"), max_length=30)
    scope = forms.ChoiceField(label=_("Scope"), choices=Renovation.Scope.choices)
    description = forms.CharField(
        label=_("Description of the works"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    planned_start = _date_field(_("Planned start"))
    planned_end = _date_field(_("Planned end"))
    workers = forms.IntegerField(label=_("Number of workers"), min_value=1, max_value=99)
    plans = MultipleFileField(label=_("Plans and drawings"), required=False)
    structural = forms.BooleanField(
        label=_("Changes the main or load-bearing structure"), required=False
    )
    load_increase = forms.BooleanField(label=_("Clearly increases the floor load"), required=False)
    waterproofing = forms.BooleanField(
        label=_("Changes kitchen or bathroom waterproofing"), required=False
    )
    facade = forms.BooleanField(
        label=_("Changes the façade or opens an external wall"), required=False
    )
    pipes = forms.BooleanField(label=_("Changes heating or gas pipes"), required=False)
    prohibited = forms.MultipleChoiceField(
        label=_("The plan includes prohibited works"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, estates, prohibited, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].choices = [(e.pk, e.name) for e in estates]
        if len(estates) == 1:
            self.initial.setdefault("estate", estates[0].pk)
        self.fields["prohibited"].choices = [(text, text) for text in prohibited]
        today = timezone.localdate()
        self.initial.setdefault("planned_start", today)


class ReviewForm(DeskForm):
    findings = forms.CharField(
        label=_("Findings"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label=_("Reasons (send back, reject)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ResubmitForm(DeskForm):
    structural = forms.BooleanField(
        label=_("Changes the main or load-bearing structure"), required=False
    )
    load_increase = forms.BooleanField(label=_("Clearly increases the floor load"), required=False)
    waterproofing = forms.BooleanField(
        label=_("Changes kitchen or bathroom waterproofing"), required=False
    )
    facade = forms.BooleanField(
        label=_("Changes the façade or opens an external wall"), required=False
    )
    pipes = forms.BooleanField(label=_("Changes heating or gas pipes"), required=False)


class ReasonForm(DeskForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ExtendForm(DeskForm):
    new_end = _date_field(_("New planned end"))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea({"rows": 2}))


class WorkersForm(DeskForm):
    workers = forms.IntegerField(label=_("Number of workers"), min_value=1, max_value=99)
    reason = forms.CharField(label=_("Reason"), max_length=100)


class ResumeForm(DeskForm):
    note = forms.CharField(
        label=_("What was corrected"), max_length=2000, widget=forms.Textarea({"rows": 2})
    )


class FileForm(DeskForm):
    kind = forms.ChoiceField(label=_("Document"), choices=RenovationFile.Kind.choices)
    upload = forms.FileField(label=_("File"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class AgreementForm(DeskForm):
    signed_on = _date_field(_("Signed on"))
    signed_by = forms.CharField(label=_("Signed for the owner by"), max_length=100)
    contractor_signed_by = forms.CharField(label=_("Signed for the contractor by"), max_length=100)


class PassForm(OnceForm):
    name = forms.CharField(label=_("Worker's name"), max_length=50)
    id_type = forms.ChoiceField(label=_("ID type"), choices=ID_TYPES, initial=IdType.RESIDENT_ID)
    id_number = forms.CharField(label=_("ID number"), max_length=40)
    trade = forms.CharField(label=_("Trade"), max_length=50)
    photo = forms.ImageField(label=_("Photo (optional)"), required=False)
    valid_from = _date_field(_("Valid from"), required=False)
    valid_until = _date_field(_("Valid until"), required=False)


class PatrolForm(OnceForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Patrol.Outcome.choices, widget=forms.RadioSelect
    )
    problems = forms.MultipleChoiceField(
        label=_("Risks found"),
        choices=Patrol.RISKS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    violation = forms.CharField(
        label=_("Violation"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    requirement = forms.CharField(
        label=_("To be corrected"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    correct_by = _date_field(_("Correct by"), required=False)
    notes = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = MultipleFileField(
        label=_("Photos"), required=False, widget=MultipleFileInput(attrs={"accept": "image/*"})
    )


class RecheckForm(DeskForm):
    corrected = forms.TypedChoiceField(
        label=_("Re-check"),
        choices=[("yes", _("Corrected")), ("no", _("Not corrected"))],
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class AcceptanceForm(DeskForm):
    grade = forms.ChoiceField(label=_("Grade"), choices=Acceptance.Grade.choices)
    findings = forms.CharField(
        label=_("Findings"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    garbage_cleared = forms.BooleanField(label=_("Decoration garbage cleared"), required=False)


class WaterTestForm(DeskForm):
    on = _date_field(_("Test date"))
    hours = forms.IntegerField(label=_("Hours held"), min_value=1, max_value=168)
    passed = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("yes", _("No leak")), ("no", _("Leak found"))],
        coerce=lambda value: value == "yes",
    )


class GateForm(DeskForm):
    q = forms.CharField(label=_("Pass number or code"), max_length=40)
