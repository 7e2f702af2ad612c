"""The leasing forms: input parsing only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm
from frontdesk.once import OnceForm
from owners.validators import IdType

from .models import Contract, Lessee, Space, Supervision

DATE = {"type": "date"}
ID_TYPES = [("", "—")] + [(v, label) for v, label in IdType.choices if v != IdType.CREDIT_CODE]
METHODS = [
    ("cash", _("Cash")),
    ("wechat", _("WeChat Pay")),
    ("alipay", _("Alipay")),
    ("bank_card", _("Bank card")),
    ("transfer", _("Bank transfer")),
]


def _date(label, **kwargs):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"), **kwargs
    )


def _money(label, **kwargs):
    return forms.CharField(label=label, max_length=20, **kwargs)


class EstateForm(OnceForm):
    estate = forms.TypedChoiceField(label=_("Estate"), coerce=int)

    def __init__(self, *args, estates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].choices = [(e.pk, e.name) for e in estates]


class SpaceForm(EstateForm):
    code = forms.CharField(label=_("Code"), max_length=20)
    kind = forms.ChoiceField(label=_("Kind"), choices=Space.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    location = forms.CharField(label=_("Location"), max_length=200)
    ownership = forms.ChoiceField(label=_("Ownership"), choices=Space.Ownership.choices)
    area = forms.DecimalField(label=_("Area (m²)"), max_digits=9, decimal_places=2, required=False)
    size = forms.CharField(label=_("Size"), max_length=60, required=False)
    lit = forms.BooleanField(label=_("Lit"), required=False)
    photo = forms.FileField(label=_("Photo"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class LesseeForm(EstateForm):
    kind = forms.ChoiceField(label=_("Lessee is"), choices=Lessee.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=30, required=False
    )
    id_type = forms.ChoiceField(label=_("ID type"), choices=ID_TYPES, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=30)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)


class SpaceEditForm(DeskForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    location = forms.CharField(label=_("Location"), max_length=200)
    area = forms.DecimalField(label=_("Area (m²)"), max_digits=9, decimal_places=2, required=False)
    size = forms.CharField(label=_("Size"), max_length=60, required=False)
    lit = forms.BooleanField(label=_("Lit"), required=False)
    photo = forms.FileField(label=_("New photo"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    active = forms.BooleanField(label=_("In use (offered for letting)"), required=False)


class LesseeEditForm(DeskForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=30)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)


class NegotiationForm(OnceForm):
    space = forms.TypedChoiceField(label=_("Space"), coerce=int)
    lessee = forms.TypedChoiceField(label=_("Lessee"), coerce=int)
    purpose = forms.CharField(label=_("Intended use"), max_length=200)

    def __init__(self, *args, spaces=(), lessees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [(s.pk, str(s)) for s in spaces]
        self.fields["lessee"].choices = [(lessee.pk, str(lessee)) for lessee in lessees]


class ContactForm(OnceForm):
    on = _date(_("Date"))
    counterpart = forms.CharField(label=_("Spoke with"), max_length=50)
    asked = forms.CharField(label=_("Asked"), widget=forms.Textarea(attrs={"rows": 2}))
    offered = forms.CharField(
        label=_("Offered"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    next_step = forms.CharField(label=_("Next step"), max_length=200, required=False)
    next_on = _date(_("Next step on"), required=False)


class ReasonForm(DeskForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ContractForm(OnceForm):
    start = _date(_("Start"))
    end = _date(_("End"))
    rent = _money(_("Rent per cycle (CNY)"))
    cycle = forms.TypedChoiceField(
        label=_("Rent cycle"), choices=Contract.Cycle.choices, coerce=int
    )
    rent_free_months = forms.IntegerField(
        label=_("Rent-free months"), min_value=0, max_value=24, initial=0
    )
    escalation = _money(_("Yearly escalation (%)"), initial="0")
    due_days = forms.IntegerField(label=_("Days to pay"), min_value=0, max_value=60, initial=10)
    site_fee = _money(_("Site management fee (CNY)"), initial="0")
    deposit = _money(_("Deposit (CNY)"), initial="0")
    purpose = forms.CharField(label=_("Use"), max_length=200)
    signed_on = _date(_("Signed on"))


class PayForm(OnceForm):
    charges = forms.TypedMultipleChoiceField(label=_("Charges"), coerce=int)
    amount = _money(_("Amount (CNY)"))
    method = forms.ChoiceField(label=_("Method"), choices=METHODS)
    reference = forms.CharField(label=_("Reference number"), max_length=64, required=False)

    def __init__(self, *args, charges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["charges"].choices = [
            (row.charge_id, f"{row.charge.description} ¥{row.charge.outstanding}")
            for row in charges
        ]


class TerminateForm(DeskForm):
    on = _date(_("Ends on"))
    reason = forms.CharField(label=_("Reason"), max_length=200)
    settlement = forms.CharField(
        label=_("Settlement"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
    settlement_amount = _money(_("Owed by the lessee (CNY)"), initial="0")


class ScanForm(DeskForm):
    file = forms.FileField(label=_("Scan of the signed contract"))


class SupervisionForm(OnceForm):
    on = _date(_("Date"))
    finding = forms.ChoiceField(label=_("Finding"), choices=Supervision.Finding.choices)
    findings = forms.CharField(
        label=_("What was found"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    photo = forms.FileField(label=_("Photo"), required=False)
    rectification = forms.CharField(
        label=_("Rectification demanded"), max_length=200, required=False
    )
    rectify_by = _date(_("Rectify by"), required=False)


class RectifiedForm(DeskForm):
    on = _date(_("Rectified on"))
    note = forms.CharField(label=_("How it was rectified"), max_length=200)


class YearForm(DeskForm):
    estate = forms.TypedChoiceField(label=_("Estate"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, estates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].choices = [(e.pk, e.name) for e in estates]
