"""The cashier's forms. Amounts arrive as text: ``services.parse_amount`` is the one judge of
what a valid amount is, so the forms only carry the input there and back."""

import uuid
from collections.abc import Collection
from decimal import Decimal, InvalidOperation

from crispy_forms.bootstrap import FormActions, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Field, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from frontdesk.forms import DeskForm, DeskModelForm
from frontdesk.once import OnceForm
from frontdesk.widgets import DateInput

from .models import ZERO, Charge, CollectionAttempt, DepositDeduction, Payment
from .services import ATTEMPT_FIELDS

# Prepaid balance is not money handed over at the desk: it is used by "apply balance".
DESK_METHODS = [
    (value, label) for value, label in Payment.Method.choices if value != Payment.Method.PREPAID
]
ALLOCATION_PREFIX = "alloc-"
PROPOSED_PREFIX = "initial-alloc-"


class AllocationRow:
    """One open charge on the pay page with the amount proposed and entered for it."""

    def __init__(self, charge: Charge, value: str, proposed: str, today, chosen=False) -> None:
        self.charge = charge
        self.chosen = chosen  # named by the page that sent the cashier here (the move-in)
        self.value = value
        self.proposed = proposed
        self.overdue = charge.due_date < today
        self.name = f"{ALLOCATION_PREFIX}{charge.pk}"
        self.proposed_name = f"{PROPOSED_PREFIX}{charge.pk}"


class PaymentForm(DeskForm):
    """Amount, method and reference of a payment, and how it is split over the open charges.

    Each charge has an input ``alloc-<id>`` and a hidden ``initial-alloc-<id>`` with the split
    the page proposed (oldest first; the page's script keeps it in step with the amount).
    If the cashier left every input as proposed, ``allocations()`` is None and the service
    splits oldest first under its lock; otherwise the cashier's split goes to the service.

    ``chosen``: the ids of the charges the page that sent the cashier here is about (the
    move-in's fee): the form then proposes to pay exactly those, as the cashier's own split,
    which the service checks (only this unit's open charges). The amount may exceed them: the
    rest stays as the unit's prepaid balance, as the confirmation says; it may not fall short
    of what is allocated.
    """

    amount = forms.CharField(
        label=_("Amount received (CNY)"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "autofocus": True}
        ),
    )
    method = forms.ChoiceField(
        label=_("Paid by"),
        choices=DESK_METHODS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how it is paid: cash, WeChat, Alipay, card or transfer.")
        },
    )
    reference = forms.CharField(
        label=_("Reference number"),
        required=False,
        max_length=64,
        help_text=_(
            "Required for WeChat Pay, Alipay, bank card and bank transfer: the transaction "
            "number shown on the payer's phone or the card slip. Not needed for cash."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)
    prepayment = forms.BooleanField(
        label=_("Prepayment"),
        required=False,
        help_text=_(
            "Keep the money as the unit's prepaid balance even if the charges above were "
            "paid at another desk meanwhile."
        ),
    )
    # One key per rendered form: the service takes a key once (double click, Enter, resend).
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # Asked on the confirmation page, for an amount above the estate's ceiling.
    above_ceiling_confirmed = forms.BooleanField(required=False)

    def __init__(self, *args, charges: list[Charge], chosen: Collection[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.charges = charges
        self.chosen = {charge.pk for charge in charges if charge.pk in chosen}
        if not self.is_bound:
            to_pay = [c for c in charges if c.pk in self.chosen] if self.chosen else charges
            total = sum((charge.outstanding for charge in to_pay), ZERO)
            self.initial.setdefault("amount", total if total else "")
        self.key_given = self.is_bound and _is_uuid(self.data.get("key", ""))
        if not self.key_given:
            # A fresh form, or one whose key was lost: the next submit gets a new key.
            self.initial["key"] = uuid.uuid4()
            if self.is_bound:
                self.data = self.data.copy()
                self.data["key"] = str(self.initial["key"])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column(Field("amount", css_class="form-control-lg text-end"), css_class="col-md-4"),
                Column(InlineRadios("method"), css_class="col-md-8"),
            ),
            Row(Column("reference", css_class="col-md-6"), Column("note", css_class="col-md-6")),
            "key",
            HTML('{% include "fees/_allocations.html" %}'),
            "prepayment",
            FormActions(Submit("take", _("Take payment"), css_class="btn-lg")),
        )

    @property
    def allocation_rows(self) -> list[AllocationRow]:
        today = timezone.localdate()
        rows = []
        for charge in self.charges:
            row = AllocationRow(charge, "", "", today, chosen=charge.pk in self.chosen)
            if self.is_bound:
                row.value = self.data.get(row.name, "")
                row.proposed = self.data.get(row.proposed_name, "")
            elif self.chosen:
                # Exactly the chosen charges, as a split of the cashier's own (nothing proposed).
                row.value = str(charge.outstanding if row.chosen else ZERO)
            else:
                # Proposed split of the prefilled amount (every open charge in full).
                row.value = row.proposed = str(charge.outstanding)
            rows.append(row)
        return rows

    def allocations(self) -> dict[int, str] | None:
        """The cashier's split by charge id, or None when they kept the proposed one."""
        given, changed = {}, False
        for key, value in self.data.items():
            if not key.startswith(ALLOCATION_PREFIX):
                continue
            charge_id = key.removeprefix(ALLOCATION_PREFIX)
            if not charge_id.isdigit():
                continue
            value = value.strip()
            proposed = self.data.get(f"{PROPOSED_PREFIX}{charge_id}", "").strip()
            changed = changed or not _same_amount(value, proposed)
            if value:
                given[int(charge_id)] = value
        return given if changed else None

    def charge_ids(self) -> list[int]:
        """The charges the cashier saw and meant to pay: those with a part above zero."""
        ids = []
        for key, value in self.data.items():
            charge_id = key.removeprefix(ALLOCATION_PREFIX)
            paid = not _same_amount(value.strip(), "0")
            if key.startswith(ALLOCATION_PREFIX) and charge_id.isdigit() and paid:
                ids.append(int(charge_id))
        return ids

    def carried(self) -> list[tuple[str, str]]:
        """What the confirmation page posts back: every input of the pay page."""
        skip = {"csrfmiddlewaretoken", "confirm", "edit", "take", "above_ceiling_confirmed"}
        return [
            (name, value)
            for name, values in self.data.lists()
            if name not in skip
            for value in values
        ]


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _same_amount(a: str, b: str) -> bool:
    try:
        return Decimal(a or "0") == Decimal(b or "0")
    except InvalidOperation:
        return a == b


class ReasonForm(DeskForm):
    """The reason for a reversal (or a waiver); the service refuses an empty one."""

    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "reason", FormActions(Submit("request", _("Request reversal"), css_class="btn-warning"))
        )


class CollectionAttemptForm(DeskModelForm):
    class Meta:
        model = CollectionAttempt
        fields = list(ATTEMPT_FIELDS)
        widgets = {
            "channel": forms.RadioSelect,
            "owner_questions": forms.Textarea(attrs={"rows": 3}),
            "promised_on": DateInput(),
            "next_follow_up": DateInput(),
        }
        help_texts = {
            "identity_shown": _(
                "At the door: show your staff card and say why you came. On the phone: say "
                "who you are, confirm who you are speaking with, say why you call."
            ),
            "contact_name": _("Required for a phone call that reached someone."),
            "contact_left": _("When a question could not be answered on the spot."),
            "promised_on": _("Required when the outcome is a promise to pay."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = CollectionAttempt.Channel.choices  # no empty choice
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            # back to the follow-up list after saving, when the page was opened from it
            HTML('{% if next %}<input type="hidden" name="next" value="{{ next }}">{% endif %}'),
            Row(Column("channel"), Column("contact_name")),
            "identity_shown",
            "owner_questions",
            Row(Column("answered_on_spot"), Column("contact_left")),
            Row(Column("outcome"), Column("promised_on"), Column("next_follow_up")),
            FormActions(
                Submit("save", _("Record attempt")),
                HTML(
                    format_html(
                        '<a class="btn btn-link" href="{{{{ cancel_url }}}}">{}</a>', _("Cancel")
                    )
                ),
            ),
        )


DEDUCTION_ROWS = 5
DEDUCTION_PARTS = ("kind", "amount", "reason")


class DepositForm(OnceForm):
    """A deposit demanded at the desk for a unit (by its code), paid by its owner or a payer
    named."""

    fee_type = forms.TypedChoiceField(label=_("Deposit"), coerce=int)
    unit_code = forms.CharField(label=_("Unit"), max_length=32)
    payer_name = forms.CharField(
        label=_("Payer"),
        max_length=100,
        required=False,
        help_text=_("When not the unit's owner (a contractor, a lessee)"),
    )
    amount = forms.CharField(label=_("Amount (¥)"), max_length=20)
    purpose = forms.CharField(label=_("What it is for"), max_length=200)

    def __init__(self, *args, fee_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fee_types = {fee_type.pk: fee_type for fee_type in fee_types}
        several = len({fee_type.estate_id for fee_type in fee_types}) > 1
        self.fields["fee_type"].choices = [
            (fee_type.pk, f"{fee_type.estate.name} · {fee_type}" if several else str(fee_type))
            for fee_type in fee_types
        ]


class SettleForm(DeskForm):
    """A deposit's settlement: up to five deductions, each with its reason; the refund."""

    refund_to = forms.CharField(label=_("Refund to"), max_length=100)
    refund_method = forms.ChoiceField(
        label=_("Refund method"),
        choices=[(v, label) for v, label in Payment.Method.choices if v != Payment.Method.PREPAID],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, DEDUCTION_ROWS + 1):
            self.fields[f"deduction_{n}_kind"] = forms.ChoiceField(
                label=_("Deduction %(n)s") % {"n": n},
                choices=[("", "—"), *DepositDeduction.Kind.choices],
                required=False,
            )
            self.fields[f"deduction_{n}_amount"] = forms.CharField(
                label=_("Amount of deduction %(n)s") % {"n": n}, max_length=20, required=False
            )
            self.fields[f"deduction_{n}_reason"] = forms.CharField(
                label=_("Reason for deduction %(n)s") % {"n": n}, max_length=200, required=False
            )

    def deduction_rows(self):
        return [
            (
                self[f"deduction_{n}_kind"],
                self[f"deduction_{n}_amount"],
                self[f"deduction_{n}_reason"],
            )
            for n in range(1, DEDUCTION_ROWS + 1)
        ]

    def deductions(self) -> list[tuple[str, str, str]]:
        """The rows filled in (any of kind, amount or reason): the service judges each."""
        data = self.cleaned_data
        rows = []
        for n in range(1, DEDUCTION_ROWS + 1):
            row = tuple(
                data.get(f"deduction_{n}_{part}") or "" for part in ("kind", "amount", "reason")
            )
            if any(value.strip() for value in row):
                rows.append(row)
        return rows
