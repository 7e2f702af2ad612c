"""The forms of convenience services: parsing only, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm
from frontdesk.once import OnceForm
from frontdesk.text import staff_name
from frontdesk.widgets import LocalDateTimeInput

from .models import ServiceRequest


def _slot(label):
    return forms.DateTimeField(label=label, required=False, widget=LocalDateTimeInput())


class TermsMixin(forms.Form):
    """The five terms: item, area, time, cost, effect."""

    item = forms.TypedChoiceField(label=_("Service"), coerce=int)
    item_detail = forms.CharField(label=_("What exactly"), max_length=200, required=False)
    area = forms.CharField(
        label=_("Area"),
        max_length=100,
        required=False,
        help_text=_("Where in the house or estate, e.g. kitchen sink"),
    )
    slot_start = _slot(_("Agreed time from"))
    slot_end = _slot(_("Agreed time until"))
    cost_kind = forms.ChoiceField(
        label=_("Cost"),
        choices=[("", "—"), *ServiceRequest.CostKind.choices],
        required=False,
    )
    price_low = forms.CharField(label=_("Price from (CNY)"), max_length=20, required=False)
    price_high = forms.CharField(label=_("Price up to (CNY)"), max_length=20, required=False)
    effect = forms.CharField(
        label=_("Effect (what done means)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def set_items(self, items) -> None:
        self.fields["item"].choices = [  # type: ignore[attr-defined]
            (i.pk, f"{i.name} · {i.get_charge_unit_display()}") for i in items
        ]


class RequestForm(TermsMixin, OnceForm):
    estate = forms.TypedChoiceField(label=_("Estate"), coerce=int)
    unit_code = forms.CharField(label=_("Unit"), max_length=32, help_text=_("e.g. 3-2-1201"))
    requester_name = forms.CharField(label=_("Requested by"), max_length=50)
    requester_phone = forms.CharField(label=_("Phone"), max_length=30)
    source = forms.ChoiceField(
        label=_("Source"), choices=ServiceRequest.Source.choices, initial="desk"
    )


class AgreementForm(TermsMixin, DeskForm):
    agreement = forms.ChoiceField(
        label=_("Agreed"), choices=ServiceRequest.Agreement.choices, widget=forms.RadioSelect
    )
    agreed_by = forms.CharField(label=_("Agreed by (owner's side)"), max_length=50, required=False)
    agreed_at = forms.DateTimeField(
        label=_("Agreed at"), required=False, widget=LocalDateTimeInput()
    )
    agreed_via = forms.ChoiceField(
        label=_("How (oral)"), choices=[("", "—"), *ServiceRequest.Via.choices], required=False
    )
    scan = forms.FileField(label=_("Signed agreement (scan, written)"), required=False)


class DispatchForm(DeskForm):
    assignee = forms.TypedChoiceField(label=_("Send"), coerce=int)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(u.pk, staff_name(u)) for u in people]
        self.fields["assignee"].choices = choices  # type: ignore[attr-defined]


class DoneForm(DeskForm):
    work_done = forms.CharField(
        label=_("Work done"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptForm(DeskForm):
    how = forms.ChoiceField(
        label=_("The owner accepted"),
        choices=ServiceRequest.Acceptance.choices,
        widget=forms.RadioSelect,
    )
    accepted_by = forms.CharField(label=_("Accepted by"), max_length=50)


class ReasonForm(DeskForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ChargeForm(DeskForm):
    amount = forms.CharField(label=_("Amount (CNY)"), max_length=20, required=False)
    owner_agreed = forms.BooleanField(label=_("The owner agreed to this amount"), required=False)
