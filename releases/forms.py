"""The desk's slip form (posted once), the owner's confirmation, cancel, and the gate's forms."""

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm
from frontdesk.once import OnceForm
from owners.validators import IdType

from .models import ReleaseSlip

ITEM_ROWS = 6  # shown at first; "another item" adds rows up to MAX_ITEM_ROWS
MAX_ITEM_ROWS = 40


class SlipForm(OnceForm):
    """A slip request at the desk; the unit by its code (“3-2-1201”)."""

    estate = forms.TypedChoiceField(label=_("Estate"), coerce=int)
    unit_code = forms.CharField(
        label=_("Unit"),
        max_length=32,
        help_text=_("The unit's code, e.g. 3-2-1201: its owners and arrears show at once."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "hx-get": reverse_lazy("releases:unit-check"),
                "hx-trigger": "input changed delay:400ms, load, change from:[name=estate]",
                "hx-target": "#unit-check",
                "hx-include": "[name=estate]",
            }
        ),
    )
    requester_name = forms.CharField(label=_("Requester"), max_length=100)
    relation = forms.ChoiceField(
        label=_("Relation to the unit"), choices=ReleaseSlip.Relation.choices
    )
    id_type = forms.ChoiceField(
        label=_("ID type"), choices=IdType.choices, initial=IdType.RESIDENT_ID
    )
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    reason = forms.ChoiceField(label=_("Reason"), choices=ReleaseSlip.Reason.choices)
    reason_note = forms.CharField(label=_("Reason details"), max_length=200, required=False)
    plate = forms.CharField(label=_("Vehicle plate"), max_length=12, required=False)
    valid_on = forms.DateField(
        label=_("Valid on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    override_reason = forms.CharField(
        label=_("Arrears override reason (CS supervisor)"), max_length=300, required=False
    )
    confirmed_by_name = forms.CharField(
        label=_("Owner who answered"), max_length=100, required=False
    )
    confirm_phone = forms.CharField(label=_("Number called"), max_length=30, required=False)
    confirm_answer = forms.ChoiceField(
        label=_("Owner's answer"),
        choices=[("", "—"), *ReleaseSlip.Answer.choices],
        required=False,
    )

    def __init__(self, *args, estates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].choices = [(e.pk, e.name) for e in estates]
        if len(estates) == 1:
            self.initial.setdefault("estate", estates[0].pk)
        self.initial.setdefault("valid_on", timezone.localdate())
        self.max_rows = MAX_ITEM_ROWS
        self.rows = self._rows_posted(self.data)
        for n in range(1, self.rows + 1):
            self.fields[f"item_{n}_description"] = forms.CharField(
                label=_("Item %(n)s") % {"n": n}, max_length=200, required=False
            )
            self.fields[f"item_{n}_quantity"] = forms.IntegerField(
                label=_("Quantity of item %(n)s") % {"n": n}, required=False
            )
            self.fields[f"item_{n}_photo"] = forms.ImageField(
                label=_("Photo of item %(n)s") % {"n": n}, required=False
            )

    @staticmethod
    def _rows_posted(data) -> int:
        """The item rows the form has: six, or as many as were posted (rows added on the
        page), never more than ``MAX_ITEM_ROWS``."""
        posted = [
            int(key.split("_")[1])
            for key in data
            if key.startswith("item_")
            and key.endswith("_description")
            and key.count("_") == 2
            and key.split("_")[1].isdigit()
        ]
        return min(max([ITEM_ROWS, *posted]), MAX_ITEM_ROWS)

    def item_rows(self):
        return [
            (self[f"item_{n}_description"], self[f"item_{n}_quantity"], self[f"item_{n}_photo"])
            for n in range(1, self.rows + 1)
        ]

    def items(self) -> list[tuple[str, int | None, object]]:
        data = self.cleaned_data
        rows = []
        for n in range(1, self.rows + 1):
            description = data.get(f"item_{n}_description") or ""
            quantity = data.get(f"item_{n}_quantity")
            if description.strip() or quantity is not None:
                rows.append((description, quantity, data.get(f"item_{n}_photo")))
        return rows


class ConfirmForm(DeskForm):
    confirmed_by_name = forms.CharField(label=_("Owner who answered"), max_length=100)
    confirm_phone = forms.CharField(label=_("Number called"), max_length=30)
    confirm_answer = forms.ChoiceField(
        label=_("Owner's answer"), choices=ReleaseSlip.Answer.choices
    )
    override_reason = forms.CharField(
        label=_("Arrears override reason (CS supervisor)"), max_length=300, required=False
    )


class CancelForm(DeskForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class GateFindForm(DeskForm):
    q = forms.CharField(label=_("Slip number or code"), max_length=40)


class ReconciliationForm(DeskForm):
    day = forms.DateField(
        label=_("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
