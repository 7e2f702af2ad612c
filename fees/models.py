"""Money owed and paid: fee types and their rates, charges, payments, allocations.

Amounts are Decimal with two places (CNY). A payment is never edited or deleted; a mistake is
reversed by a negative payment linked to it. A unit's prepaid balance is what its payments
hold beyond their allocations, so it needs no column of its own.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from frontdesk.money import CENT as CENT  # noqa: F401 - fees code imports them from here
from frontdesk.money import ZERO
from frontdesk.months import month_start, next_month
from frontdesk.text import local_name
from owners.models import Unit


def money(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=12, decimal_places=2, **kwargs)


# Above this a payment needs the cashier's explicit confirmation, unless the estate sets its own.
DEFAULT_PAYMENT_CEILING = Decimal("50000.00")


class FeeSettings(models.Model):
    """An estate's money settings; an estate without a row has the defaults."""

    estate_lookup = "estate"

    estate = models.OneToOneField(
        "owners.Estate", models.CASCADE, related_name="fee_settings", verbose_name=_("estate")
    )
    payment_ceiling = money(
        verbose_name=_("payment ceiling (CNY)"),
        default=DEFAULT_PAYMENT_CEILING,
        validators=[MinValueValidator(CENT)],
        help_text=_(
            "A payment above this amount is taken only after the cashier confirms it "
            "explicitly (a typing slip of a few zeros is caught here)."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee settings")
        verbose_name_plural = _("fee settings")

    def __str__(self):
        return str(self.estate)


class FeeType(models.Model):
    estate_lookup = "estate"

    class Kind(models.TextChoices):
        PROPERTY = "property", _("Property management fee")
        DECORATION_GARBAGE = "decoration_garbage", _("Decoration-garbage transport fee")
        ADVERTISING_RENT = "advertising_rent", _("Advertising rent")
        WAREHOUSE_RENT = "warehouse_rent", _("Warehouse rent")
        SITE_MANAGEMENT = "site_management", _("Site management fee")
        SITE_RENT = "site_rent", _("Site rent")
        SERVICE = "service", _("Service fee")
        DEPOSIT = "deposit", _("Refundable deposit")
        OTHER = "other", _("Other fee")

    class Basis(models.TextChoices):
        PER_SQUARE_METRE_MONTH = "area_month", _("Per m² per month")
        FIXED = "fixed", _("Fixed amount")

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="fee_types")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(
        _("English name"),
        max_length=60,
        blank=True,
        help_text=_("Shown when the desk is in English; printed documents use the name."),
    )
    basis = models.CharField(_("basis"), max_length=12, choices=Basis.choices, default=Basis.FIXED)
    due_days = models.PositiveSmallIntegerField(
        _("days to pay"),
        default=30,
        help_text=_(
            "One-off charges fall due this many days after they are made; "
            "monthly fees at the end of their month."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee type")
        verbose_name_plural = _("fee types")
        ordering = ["estate", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "name"], name="fee_type_name_per_estate")
        ]

    def __str__(self):
        return local_name(self.name, self.name_en)


class FeeRate(models.Model):
    """A fee standard from a date on; a new rate is a new row, so old charges keep theirs."""

    estate_lookup = "fee_type__estate"

    fee_type = models.ForeignKey(FeeType, models.PROTECT, related_name="rates")
    unit_use = models.CharField(
        _("unit use"),
        max_length=16,
        blank=True,
        choices=Unit.Use.choices,
        help_text=_("Empty: every use"),
    )
    rate = models.DecimalField(
        _("rate (CNY)"), max_digits=10, decimal_places=4, validators=[MinValueValidator(ZERO)]
    )
    effective_from = models.DateField(_("effective from"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee rate")
        verbose_name_plural = _("fee rates")
        ordering = ["fee_type", "unit_use", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["fee_type", "unit_use", "effective_from"], name="one_rate_per_day"
            )
        ]

    def __str__(self):
        return f"{self.fee_type} {self.rate} ({self.effective_from:%Y-%m-%d})"


class Charge(models.Model):
    """What a unit (or an outside payer, e.g. a lessee) owes for one fee and period."""

    estate_lookup = "estate"

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("charge status", "Open")
        PART_PAID = "part_paid", _("Part paid")
        PAID = "paid", _("Paid")
        WAIVED = "waived", _("Waived")

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="charges")
    unit = models.ForeignKey(
        "owners.Unit", models.PROTECT, null=True, blank=True, related_name="charges"
    )
    payer_name = models.CharField(
        _("payer"), max_length=100, blank=True, help_text=_("When the payer is not a unit")
    )
    fee_type = models.ForeignKey(FeeType, models.PROTECT, related_name="charges")
    period = models.DateField(
        _("period"), null=True, blank=True, help_text=_("First day of the billed month")
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    base_amount = money(verbose_name=_("full amount"), validators=[MinValueValidator(ZERO)])
    ratio = models.DecimalField(_("ratio"), max_digits=5, decimal_places=4, default=Decimal(1))
    ratio_reason = models.CharField(_("reason for the ratio"), max_length=100, blank=True)
    amount = money(verbose_name=_("amount"), validators=[MinValueValidator(ZERO)])
    paid_amount = money(verbose_name=_("paid"), default=ZERO)
    waived_amount = money(verbose_name=_("waived"), default=ZERO)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    waived_reason = models.CharField(_("reason for the waiver"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["due_date", "period", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "fee_type", "period"],
                condition=Q(period__isnull=False, unit__isnull=False),
                name="one_charge_per_unit_fee_period",
            ),
            # Rounded to the fen: SQLite computes in floating point, where 0.30 - 0.20 is
            # less than 0.10 and the rest of a part-paid charge could not be waived.
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0)
                & Q(waived_amount__gte=0)
                & Q(paid_amount__lte=Round(F("amount") - F("waived_amount"), 2)),
                name="charge_never_overpaid",
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | ~Q(payer_name=""), name="charge_has_payer"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "due_date"], name="charge_unit_open_idx"),
            models.Index(fields=["estate", "status", "due_date"], name="charge_estate_open_idx"),
        ]

    def __str__(self):
        period = f" {self.period:%Y-%m}" if self.period else ""
        return f"{self.fee_type}{period}"

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid_amount - self.waived_amount

    def settle_status(self) -> None:
        if self.waived_amount and self.outstanding == ZERO:
            self.status = self.Status.WAIVED
        elif self.outstanding == ZERO:
            self.status = self.Status.PAID
        elif self.paid_amount > ZERO:
            self.status = self.Status.PART_PAID
        else:
            self.status = self.Status.OPEN


class Payment(models.Model):
    """Money received at the desk, with its receipt; a reversal is a negative payment."""

    estate_lookup = "estate"

    class Method(models.TextChoices):
        CASH = "cash", _("Cash")
        WECHAT = "wechat", _("WeChat Pay")
        ALIPAY = "alipay", _("Alipay")
        BANK_CARD = "bank_card", _("Bank card")
        TRANSFER = "transfer", _("Bank transfer")
        PREPAID = "prepaid", _("Prepaid balance")

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="payments")
    unit = models.ForeignKey(
        "owners.Unit", models.PROTECT, null=True, blank=True, related_name="payments"
    )
    payer_name = models.CharField(_("payer"), max_length=100, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=32)
    amount = money(verbose_name=_("amount"))
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    reference = models.CharField(
        _("reference number"), max_length=64, blank=True, help_text=_("For non-cash payments")
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    reverses = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name=_("reverses"),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    # The idempotency key of the pay form that produced it: a form is used once.
    form_key = models.UUIDField(_("form key"), null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "receipt_number"], name="receipt_number_per_estate"
            ),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, amount__gt=0)
                | Q(reverses__isnull=False, amount__lt=0),
                name="payment_sign_matches_kind",
            ),
        ]
        indexes = [models.Index(fields=["unit", "received_at"], name="payment_unit_idx")]

    def __str__(self):
        return self.receipt_number

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class Allocation(models.Model):
    """The part of a payment that settles a charge (negative in a reversal)."""

    estate_lookup = "payment__estate"

    payment = models.ForeignKey(Payment, models.PROTECT, related_name="allocations")
    charge = models.ForeignKey(Charge, models.PROTECT, related_name="allocations")
    amount = money(verbose_name=_("amount"))
    created_at = models.DateTimeField(default=timezone.now)
    # Made later, from what the payment left as prepaid balance: not on its receipt.
    from_prepaid = models.BooleanField(_("from the prepaid balance"), default=False)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["id"]

    def __str__(self):
        return f"{self.payment} → {self.charge}: {self.amount}"


class ReversalRequest(models.Model):
    """A cashier asks to reverse a payment; a supervisor approves (or refuses) with a reason."""

    estate_lookup = "payment__estate"

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    payment = models.ForeignKey(Payment, models.PROTECT, related_name="reversal_requests")
    reason = models.CharField(_("reason"), max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reversal request")
        verbose_name_plural = _("reversal requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["payment"],
                condition=Q(status="pending"),
                name="one_pending_reversal_per_payment",
            )
        ]

    def __str__(self):
        return f"{self.payment}: {self.get_status_display()}"


class CollectionAttempt(models.Model):
    """One try at collecting arrears, door to door or by phone (催缴), as the seed lists it."""

    estate_lookup = "unit__estate"

    class Channel(models.TextChoices):
        DOOR = "door", _("Door to door")
        PHONE = "phone", _("Phone")

    class Outcome(models.TextChoices):
        PROMISED = "promised", _("Promised to pay")
        REFUSED = "refused", pgettext_lazy("collection outcome", "Refused to pay")
        DISPUTED = "disputed", _("Disputed")
        UNREACHABLE = "unreachable", _("Unreachable")
        PAID = "paid", _("Paid")

    unit = models.ForeignKey("owners.Unit", models.PROTECT, related_name="collection_attempts")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    contacted_at = models.DateTimeField(_("contacted at"), default=timezone.now)
    contact_name = models.CharField(_("spoke with"), max_length=100, blank=True)
    identity_shown = models.BooleanField(_("identity shown and purpose stated"), default=False)
    owner_questions = models.TextField(_("the owner's questions"), blank=True)
    answered_on_spot = models.BooleanField(_("answered on the spot"), default=False)
    contact_left = models.CharField(_("contact left for a reply"), max_length=100, blank=True)
    promised_on = models.DateField(_("promised payment date"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    arrears_amount = money(verbose_name=_("arrears at the time"), default=ZERO)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collection attempt")
        verbose_name_plural = _("collection attempts")
        ordering = ["-contacted_at"]
        indexes = [
            models.Index(fields=["next_follow_up"], name="collection_follow_up_idx"),
            # the latest attempt per unit decides whether a follow-up is still due
            models.Index(fields=["unit", "-contacted_at", "-id"], name="collection_latest_idx"),
        ]

    def __str__(self):
        return f"{self.unit} {self.contacted_at:%Y-%m-%d} {self.get_outcome_display()}"


class Deposit(models.Model):
    """A refundable deposit (a renovation's, a lessee's): demanded as a charge of a deposit fee
    type and collected with its receipt at the desk; held while it is paid; settled once by a
    supervisor — refunded whole or less itemised deductions, under a numbered refund slip.
    Its ledger: the charge's payments in, the deductions kept, the refund out."""

    estate_lookup = "estate"

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("deposit status", "Open")  # awaiting payment, or held
        SETTLED = "settled", _("Settled")
        CANCELLED = "cancelled", _("Cancelled")

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    # Empty for an outside payer's deposit (a lessee's): its charge is then the payer's.
    unit = models.ForeignKey(
        "owners.Unit", models.PROTECT, null=True, blank=True, related_name="deposits"
    )
    payer_name = models.CharField(_("payer"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=200)
    charge = models.OneToOneField(
        Charge, models.PROTECT, related_name="deposit", verbose_name=_("charge")
    )
    amount = money(verbose_name=_("amount"), validators=[MinValueValidator(CENT)])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The settlement.
    refund_number = models.CharField(_("refund slip number"), max_length=20, blank=True)
    refunded = money(verbose_name=_("refunded"), default=ZERO)
    deducted = money(verbose_name=_("deducted"), default=ZERO)
    refund_to = models.CharField(_("refunded to"), max_length=100, blank=True)
    refund_method = models.CharField(
        _("refund method"), max_length=12, choices=Payment.Method.choices, blank=True
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("settled by"),
    )
    # The desk's form key: a double-submitted form demands one deposit.
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key"])

    class Meta:
        verbose_name = _("deposit")
        verbose_name_plural = _("deposits")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "refund_number"],
                condition=~Q(refund_number=""),
                name="one_refund_number_per_estate",
            ),
            models.CheckConstraint(
                condition=Q(refunded__gte=0)
                & Q(deducted__gte=0)
                & Q(refunded__lte=Round(F("amount") - F("deducted"), 2)),
                name="deposit_never_refunds_more_than_held",
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | ~Q(payer_name=""), name="deposit_has_payer"
            ),
        ]
        indexes = [models.Index(fields=["estate", "status", "created_at"], name="deposit_list")]

    def __str__(self):
        return f"{self.purpose} ¥{self.amount}"

    @property
    def is_held(self) -> bool:
        """Open and paid in full (its charge selected with it)."""
        return self.status == self.Status.OPEN and self.charge.status == Charge.Status.PAID

    @property
    def state_label(self) -> str:
        if self.status != self.Status.OPEN:
            return str(self.get_status_display())
        return str(_("Held") if self.is_held else _("Awaiting payment"))

    def get_absolute_url(self) -> str:
        return reverse("fees:deposit-detail", args=[self.pk])


class DepositDeduction(models.Model):
    """What is kept back from a deposit at its settlement, and why."""

    estate_lookup = "deposit__estate"

    class Kind(models.TextChoices):
        VIOLATION = "violation", _("Violation of the rules")
        DAMAGE = "damage", _("Damage to common parts")
        GARBAGE = "garbage", _("Garbage left behind")
        UNPAID_FEES = "unpaid_fees", _("Unpaid fees")
        OTHER = "other", _("Other")

    deposit = models.ForeignKey(Deposit, models.PROTECT, related_name="deductions")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = money(verbose_name=_("amount"), validators=[MinValueValidator(CENT)])
    reason = models.CharField(_("reason"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deposit deduction")
        verbose_name_plural = _("deposit deductions")
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="deduction_positive")]

    def __str__(self):
        return f"{self.get_kind_display()} ¥{self.amount}"


class ArrearsSnapshot(models.Model):
    """The day an estate's arrears summary (``UnitArrears``) is true for.

    The arrears list aggregates every open charge of an estate, which takes most of a second
    at 100,000 units; the summary keeps that aggregate, one row per owing unit. A daily task
    rebuilds it for the new day, and every service that changes a charge rewrites its unit's
    row. The list reads it only while ``as_of`` is today; else it aggregates live."""

    estate = models.OneToOneField(
        "owners.Estate", models.CASCADE, primary_key=True, related_name="+"
    )
    as_of = models.DateField(_("true on"))
    built_at = models.DateTimeField(_("built at"), default=timezone.now)

    class Meta:
        verbose_name = _("arrears snapshot")
        verbose_name_plural = _("arrears snapshots")

    def __str__(self):
        return f"{self.estate_id} {self.as_of:%Y-%m-%d}"


class UnitArrears(models.Model):
    """What one unit owes of charges fallen due by its estate's snapshot day (derived data:
    rebuilt, never edited; no history)."""

    unit = models.OneToOneField("owners.Unit", models.CASCADE, primary_key=True, related_name="+")
    estate = models.ForeignKey("owners.Estate", models.CASCADE, related_name="+")
    building = models.ForeignKey("owners.Building", models.CASCADE, related_name="+")
    total = money(verbose_name=_("amount owed"))
    oldest = models.DateField(_("oldest due date"))

    class Meta:
        verbose_name = _("unit arrears")
        verbose_name_plural = _("unit arrears")
        indexes = [
            # the list's two orders, each a keyset walk inside one estate
            models.Index(fields=["estate", "-total", "unit"], name="arrears_by_amount_idx"),
            models.Index(fields=["estate", "oldest", "unit"], name="arrears_by_age_idx"),
            models.Index(fields=["building", "-total", "unit"], name="arrears_by_building_idx"),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.total}"


def months_from(first: datetime.date, count: int) -> list[datetime.date]:
    """The first days of ``count`` months, from ``first``'s month on."""
    firsts = [month_start(first)]
    while len(firsts) < count:
        firsts.append(next_month(firsts[-1]))
    return firsts[:count]
