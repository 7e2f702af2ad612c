"""The move-in case's forms; the services judge the rules, the forms carry the input."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm, DeskModelForm
from frontdesk.widgets import DateInput, LocalDateTimeInput
from owners.models import Authorization, Document, Owner, Resident, Unit, Vehicle
from workorders.choices import Category

from .. import requirements
from ..models import MoveInCase, RoomKind
from ..services.acceptance import Checked
from ..services.movein import COMPLETION_STATUSES, Handed
from .meters import ReadingsMixin


def _bare_helper(*rows) -> FormHelper:
    """Fields only: the template writes the <form> and its button."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if rows:
        helper.layout = Layout(*rows)
    return helper


class OpenForm(DeskForm):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Owner.objects.none())
    handler = forms.ChoiceField(
        label=_("Handled by"), choices=MoveInCase.Handler.choices, widget=forms.RadioSelect
    )
    handler_name = forms.CharField(
        label=_("Company's handling person"),
        required=False,
        max_length=100,
        help_text=_("For a company purchase; an agent is registered with the power of attorney."),
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.initial.setdefault("handler", MoveInCase.Handler.OWNER)
        if not self.is_bound:
            first_two = list(owners[:2])
            if len(first_two) == 1:
                self.initial["owner"] = first_two[0].pk
        self.helper = _bare_helper()


class DocumentForm(DeskForm):
    kind = forms.ChoiceField(label=_("Document"))
    scan = forms.FileField(label=_("Scan"), required=False)
    original_sighted = forms.BooleanField(
        label=_("Original sighted (no scan)"),
        required=False,
        help_text=_("The desk saw the original; who and when are recorded."),
    )
    notes = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, case: MoveInCase, archive: bool = False, **kwargs):
        """``archive``: the signed registration form and agreements of step ⑦ only."""
        if archive:
            kwargs.setdefault("auto_id", "archive_%s")
        super().__init__(*args, **kwargs)
        kinds = (
            requirements.ARCHIVE_DOCUMENTS
            if archive
            else (*requirements.required_documents(case.handler), *requirements.ARCHIVE_DOCUMENTS)
        )
        self.fields["kind"].choices = [
            (kind, requirements.document_label(case.handler, kind))
            for kind in kinds
            if kind != Document.Kind.POWER_OF_ATTORNEY
        ]
        self.helper = _bare_helper(
            Row(Column("kind", css_class="col-md-5"), Column("scan", css_class="col-md-7")),
            Row(Column("original_sighted", css_class="col-md-5"), Column("notes")),
        )


class AgentForm(DeskModelForm):
    scan = forms.FileField(label=_("Power of attorney (scan)"), required=False)
    original_sighted = forms.BooleanField(label=_("Original sighted (no scan)"), required=False)

    class Meta:
        model = Authorization
        fields = ["name", "id_type", "id_number", "phone", "valid_until"]
        labels = {"name": _("Agent's name")}
        widgets = {"valid_until": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _bare_helper(
            Row(Column("name"), Column("phone")),
            Row(Column("id_type"), Column("id_number")),
            Row(Column("scan"), Column("original_sighted"), Column("valid_until")),
        )


class WaiverForm(DeskForm):
    kind = forms.ChoiceField(label=_("Document"))
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, case: MoveInCase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind, requirements.document_label(case.handler, kind))
            for kind in requirements.required_documents(case.handler)
        ]
        self.helper = _bare_helper(Row(Column("kind"), Column("reason", css_class="col-md-8")))


class OwnerContactForm(DeskModelForm):
    class Meta:
        model = Owner
        fields = ["phone", "phone2", "email", "address", "emergency_contact", "emergency_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _bare_helper(
            Row(Column("phone"), Column("phone2"), Column("email")),
            "address",
            Row(Column("emergency_contact"), Column("emergency_phone")),
        )


class ResidentRowForm(DeskModelForm):
    """A resident on the registration form. A stored ID number never reaches the page: the
    field starts empty (the masked number shown beside it) and an empty answer keeps it."""

    class Meta:
        model = Resident
        fields = ["name", "kind", "relation", "id_type", "id_number", "phone", "moved_in_on"]
        widgets = {"moved_in_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.id_number:
            self.initial["id_number"] = ""
            self.fields["id_number"].help_text = _(
                "Leave empty to keep the current number (masked: %(masked)s)."
            ) % {"masked": self.instance.id_masked}

    def clean_id_number(self):
        return self.cleaned_data["id_number"] or self.instance.id_number


ResidentFormSet = forms.inlineformset_factory(
    Unit, Resident, form=ResidentRowForm, extra=2, can_delete=False
)
VehicleFormSet = forms.inlineformset_factory(
    Unit,
    Vehicle,
    form=DeskModelForm,
    fields=["plate", "description", "parking_space"],
    extra=1,
    can_delete=False,
)


class AgreementsForm(DeskForm):
    agreements = forms.ModelMultipleChoiceField(
        label=_("Signed by the owner"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())

    def __init__(self, *args, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreements"].queryset = agreements
        self.initial.setdefault("signed_on", timezone.localdate())
        self.helper = _bare_helper()


class HandoverForm(DeskForm):
    """One quantity and note per item: the keys first (how many, which in the note)."""

    def __init__(self, *args, items: list[tuple[str, str, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for index, (_kind, name, quantity) in enumerate(items):
            self.fields[f"quantity_{index}"] = forms.IntegerField(
                label=name, min_value=0, max_value=99, initial=quantity
            )
            self.fields[f"note_{index}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=200,
                help_text=_("Which keys: entrance ×2, mailbox ×1…") if index == 0 else "",
            )
        self.helper = _bare_helper(
            *(
                Row(
                    Column(f"quantity_{index}", css_class="col-4 col-md-3"),
                    Column(f"note_{index}", css_class="col-8 col-md-9"),
                )
                for index in range(len(items))
            )
        )

    def lines(self) -> list[Handed]:
        return [
            Handed(
                name=name,
                quantity=self.cleaned_data[f"quantity_{index}"],
                note=self.cleaned_data[f"note_{index}"],
                kind=kind,
            )
            for index, (kind, name, _quantity) in enumerate(self.items)
        ]


DEFECT_CATEGORIES = [
    (c.value, c.label)
    for c in Category
    if c
    in (
        Category.CIVIL,
        Category.PLUMBING,
        Category.ELECTRICAL,
        Category.HOUSE_LEAKAGE,
        Category.SAFETY_FACILITY,
        Category.OTHER,
    )
]


ALL_RIGHT, DEFECT = "ok", "defect"


class AcceptanceForm(ReadingsMixin):
    """The checklist (rooms × items, each marked all right or a defect, nothing marked for
    the inspector; a defect with note, photo and trade), who inspected and who was present,
    and the meters' base readings."""

    inspector = forms.CharField(label=_("Inspected by (maintenance)"), max_length=100)
    present = forms.CharField(label=_("Owner or resident present"), max_length=100)

    def __init__(self, *args, checklist: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gas"].required = True
        self.checklist = checklist
        self.rows = []
        for index, (room, item) in enumerate(checklist):
            self.fields[f"defect_{index}"] = forms.ChoiceField(
                label=_("Result"),
                choices=[(ALL_RIGHT, _("All right")), (DEFECT, _("Defect"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Mark it all right or a defect.")},
            )
            self.fields[f"note_{index}"] = forms.CharField(
                label=_("What is wrong"), required=False, max_length=300
            )
            self.fields[f"photo_{index}"] = forms.ImageField(label=_("Photo"), required=False)
            self.fields[f"category_{index}"] = forms.ChoiceField(
                label=_("Trade"), choices=DEFECT_CATEGORIES, initial=Category.CIVIL
            )
            self.rows.append((room, item, index))

    def bound_rows(self):
        """(room, item, defect, note, photo, category) bound fields, for the template."""
        return [
            (
                room,
                item,
                *(self[f"{name}_{index}"] for name in ("defect", "note", "photo", "category")),
            )
            for room, item, index in self.rows
        ]

    def checked(self) -> list[Checked]:
        data = self.cleaned_data
        return [
            Checked(
                room=room,
                item=item,
                defect=data[f"defect_{index}"] == DEFECT,
                note=data[f"note_{index}"],
                photo=data[f"photo_{index}"] or None,
                category=data[f"category_{index}"],
            )
            for room, item, index in self.rows
        ]


class LayoutForm(DeskForm):
    """The unit's layout (户型), whose rooms make the acceptance checklist."""

    layout = forms.CharField(
        label=_("Layout"),
        max_length=20,
        help_text=_("As the sales contract says, e.g. 3室2厅2卫"),
    )


class AddRoomForm(DeskForm):
    """A room the layout does not show, checked for the items of the kind it is like."""

    name = forms.CharField(label=_("Room"), max_length=50)
    kind = forms.ChoiceField(label=_("Checked like"), choices=RoomKind.choices)


class ReinspectionBookForm(DeskForm):
    at = forms.DateTimeField(label=_("Re-inspection at"), widget=LocalDateTimeInput())
    accompanied_by = forms.CharField(label=_("Accompanied by (maintenance)"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tomorrow = timezone.localtime() + datetime.timedelta(days=1)
        self.initial.setdefault("at", tomorrow.replace(hour=10, minute=0, second=0, microsecond=0))
        self.helper = _bare_helper(Row(Column("at"), Column("accompanied_by")))


PASSED, FAILED = "passed", "failed"


class ReinspectionResultForm(DeskForm):
    """Each repaired order, one by one: passed (the owner signs it off) or failed (with the
    reason). Nothing is chosen beforehand and the signer is typed as signed."""

    signed_by = forms.CharField(label=_("Signed by (owner)"), max_length=100, required=False)

    def __init__(self, *args, orders, **kwargs):
        super().__init__(*args, **kwargs)
        self.orders = list(orders)
        for order in self.orders:
            self.fields[f"failed_{order.pk}"] = forms.ChoiceField(
                label=_("Result"),
                choices=[(PASSED, _("Passed, signed off")), (FAILED, _("Failed"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Passed or failed?")},
            )
            self.fields[f"reason_{order.pk}"] = forms.CharField(
                label=_("Why it failed"), required=False, max_length=200
            )

    def bound_orders(self):
        return [(o, self[f"failed_{o.pk}"], self[f"reason_{o.pk}"]) for o in self.orders]

    def clean(self):
        data = super().clean()
        for order in self.orders:
            if data.get(f"failed_{order.pk}") == FAILED and not data.get(f"reason_{order.pk}"):
                self.add_error(f"reason_{order.pk}", _("Say why it failed."))
        return data

    def passed(self) -> list[int]:
        data = self.cleaned_data
        return [o.pk for o in self.orders if data[f"failed_{o.pk}"] == PASSED]

    def failed(self) -> dict[int, str]:
        data = self.cleaned_data
        return {
            o.pk: data[f"reason_{o.pk}"] for o in self.orders if data[f"failed_{o.pk}"] == FAILED
        }


class CompleteForm(DeskForm):
    move_in_date = forms.DateField(label=_("Move-in date"), widget=DateInput())
    unit_status = forms.ChoiceField(
        label=_("The unit is now"),
        choices=[(s.value, s.label) for s in Unit.Status if s in COMPLETION_STATUSES],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("move_in_date", timezone.localdate())
        self.initial.setdefault("unit_status", Unit.Status.OCCUPIED)
        self.helper = _bare_helper(Row(Column("move_in_date"), Column("unit_status")))


class CancelForm(DeskForm):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200)
