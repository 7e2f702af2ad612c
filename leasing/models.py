"""Leasing (租赁): advertising spaces, warehouses and sites let to outside lessees, from the
negotiation to the contract, its rent and its supervision, with the owners' income ledger.

A space is a common part of the owners or the company's own. Income from common parts belongs
to the owners after reasonable costs (Civil Code Art. 282) and is used mainly for the
maintenance fund or as the owners' assembly decides (Property Management Regulations Art. 54):
the ledger keeps that income by month, the costs set against it and the allocation decided.

Money is never kept here: rent, the site management fee, a settlement and the deposit are
charges of ``fees`` named to the lessee (an outside payer); ``LeaseCharge`` links each to its
contract and period, one row per contract and period, so the rent cycle runs once.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from owners.models import select_private_storage

ZERO = Decimal("0.00")


def money(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class Space(models.Model):
    """An advertising space, a warehouse or storage room, or a site (a square, a lawn, a
    parking area for events or stalls)."""

    estate_lookup = "estate"

    class Kind(models.TextChoices):
        ADVERTISING = "advertising", _("Advertising space")
        WAREHOUSE = "warehouse", _("Warehouse or storage room")
        SITE = "site", _("Site")

    class Ownership(models.TextChoices):
        COMMON = "common", _("Common part of the owners")
        COMPANY = "company", _("The company's own")

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    location = models.CharField(_("location"), max_length=200)
    area = models.DecimalField(
        _("area (m²)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    size = models.CharField(_("size"), max_length=60, blank=True, help_text=_("e.g. 3 m × 2 m"))
    lit = models.BooleanField(_("lit"), default=False)
    ownership = models.CharField(_("ownership"), max_length=10, choices=Ownership.choices)
    photo = models.ImageField(
        _("photo"), upload_to="leasing/spaces/%Y/%m/", storage=select_private_storage, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key"])

    class Meta:
        verbose_name = _("leasing space")
        verbose_name_plural = _("leasing spaces")
        ordering = ["estate", "code"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "code"], name="leasing_space_code")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("leasing:space", args=[self.pk])


class Lessee(models.Model):
    """A company (unified social credit code, checked) or a person (ID number checked and
    kept masked) who leases a space: in ``fees`` the payer named on its charges."""

    estate_lookup = "estate"

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        PERSON = "person", _("Person")

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    id_type = models.CharField(_("ID type"), max_length=16, blank=True)
    id_number_masked = models.CharField(_("ID number"), max_length=32, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20)
    address = models.CharField(_("address"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key"])

    class Meta:
        verbose_name = _("lessee")
        verbose_name_plural = _("lessees")
        ordering = ["estate", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "credit_code"],
                condition=~Q(credit_code=""),
                name="leasing_lessee_code",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("leasing:lessee", args=[self.pk])


class Negotiation(models.Model):
    """Talks with a prospective lessee about a space: contacts logged; ends in a contract or
    is dropped with a reason."""

    estate_lookup = "estate"

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("negotiation status", "Open")
        CONTRACTED = "contracted", _("Contracted")
        DROPPED = "dropped", _("Dropped")

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, models.PROTECT, related_name="negotiations")
    lessee = models.ForeignKey(Lessee, models.PROTECT, related_name="negotiations")
    purpose = models.CharField(_("intended use"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    drop_reason = models.CharField(_("reason dropped"), max_length=200, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key"])

    class Meta:
        verbose_name = _("negotiation")
        verbose_name_plural = _("negotiations")
        ordering = ["-opened_at", "-id"]

    def __str__(self):
        return f"{self.space.code} · {self.lessee}"

    def get_absolute_url(self) -> str:
        return reverse("leasing:negotiation", args=[self.pk])


class Contact(models.Model):
    """One contact of a negotiation: when, who, what was asked and offered, the next step."""

    estate_lookup = "negotiation__estate"

    negotiation = models.ForeignKey(Negotiation, models.PROTECT, related_name="contacts")
    on = models.DateField(_("date"))
    counterpart = models.CharField(_("spoke with"), max_length=50)
    asked = models.TextField(_("asked"), max_length=1000)
    offered = models.TextField(_("offered"), max_length=1000, blank=True)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_on = models.DateField(_("next step on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("handled by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key"])

    class Meta:
        verbose_name = _("negotiation contact")
        verbose_name_plural = _("negotiation contacts")
        ordering = ["on", "id"]

    def __str__(self):
        return f"{self.negotiation} {self.on:%Y-%m-%d}"

    @property
    def estate_id(self) -> int:  # for frontdesk.once
        return self.negotiation.estate_id


class Contract(models.Model):
    """A lease of one space to one lessee for a term, with its rent, cycle, rent-free months,
    yearly escalation, deposit and (for a site) the site management fee charged at signing."""

    estate_lookup = "estate"

    class Status(models.TextChoices):
        ACTIVE = "active", _("In force")
        ENDED = "ended", _("Ended")
        TERMINATED = "terminated", _("Terminated early")

    class Cycle(models.IntegerChoices):
        MONTHLY = 1, _("Monthly")
        QUARTERLY = 3, _("Quarterly")
        YEARLY = 12, _("Yearly")

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    number = models.CharField(_("contract number"), max_length=20)
    space = models.ForeignKey(Space, models.PROTECT, related_name="contracts")
    lessee = models.ForeignKey(Lessee, models.PROTECT, related_name="contracts")
    negotiation = models.OneToOneField(
        Negotiation, models.PROTECT, null=True, blank=True, related_name="contract"
    )
    renews = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("renews"),
    )
    purpose = models.CharField(_("use"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    rent = money(verbose_name=_("rent per cycle"), validators=[MinValueValidator(ZERO)])
    cycle = models.PositiveSmallIntegerField(
        _("rent cycle"), choices=Cycle.choices, default=Cycle.MONTHLY
    )
    rent_free_months = models.PositiveSmallIntegerField(
        _("rent-free months"), default=0, validators=[MaxValueValidator(24)]
    )
    escalation = models.DecimalField(
        _("yearly escalation (%)"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("30"))],
    )
    due_days = models.PositiveSmallIntegerField(
        _("days to pay"), default=10, help_text=_("Rent falls due this many days into its cycle")
    )
    site_fee = money(verbose_name=_("site management fee"), default=ZERO)
    deposit = models.OneToOneField(
        "fees.Deposit", models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    signed_on = models.DateField(_("signed on"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("signed by")
    )
    # Early termination and its settlement.
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.CharField(_("reason for termination"), max_length=200, blank=True)
    settlement = models.TextField(_("settlement"), max_length=1000, blank=True)
    settlement_amount = money(verbose_name=_("settlement owed by the lessee"), default=ZERO)
    # The first rent cycle not charged yet (the rent cycle's cursor); empty once all are.
    next_rent_on = models.DateField(null=True, blank=True, editable=False)
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key", "next_rent_on"])

    class Meta:
        verbose_name = _("lease contract")
        verbose_name_plural = _("lease contracts")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "number"], name="leasing_contract_number"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="leasing_term_order"),
            models.CheckConstraint(condition=Q(rent__gte=0), name="leasing_rent_positive"),
        ]
        indexes = [
            models.Index(fields=["estate", "status", "end"], name="leasing_contract_end"),
            models.Index(fields=["space", "start", "end"], name="leasing_contract_space"),
            models.Index(fields=["next_rent_on"], name="leasing_contract_rent_due"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("leasing:contract", args=[self.pk])

    @property
    def last_day(self) -> datetime.date:
        """The day the lease really ends: the term's end, or the early termination."""
        return self.terminated_on or self.end


class ContractScan(models.Model):
    """A scan of the signed contract (private: served through a checked view)."""

    estate_lookup = "contract__estate"

    contract = models.ForeignKey(Contract, models.PROTECT, related_name="scans")
    file = models.FileField(
        _("file"), upload_to="leasing/contracts/%Y/%m/", storage=select_private_storage
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract scan")
        verbose_name_plural = _("contract scans")
        ordering = ["id"]

    def __str__(self):
        return f"{self.contract} #{self.pk}"


class LeaseCharge(models.Model):
    """A charge of ``fees`` made for a contract: one rent cycle (one row per contract and
    period: the rent cycle's idempotency), the site management fee, or the settlement."""

    estate_lookup = "contract__estate"

    class Kind(models.TextChoices):
        RENT = "rent", _("Rent")
        SITE_FEE = "site_fee", _("Site management fee")
        SETTLEMENT = "settlement", _("Termination settlement")

    contract = models.ForeignKey(Contract, models.PROTECT, related_name="charges")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    amount = money(verbose_name=_("amount"))
    charge = models.OneToOneField("fees.Charge", models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("lease charge")
        verbose_name_plural = _("lease charges")
        ordering = ["period_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind", "period_start"], name="leasing_charge_once"
            )
        ]

    def __str__(self):
        return f"{self.contract} {self.get_kind_display()} {self.period_start:%Y-%m-%d}"


class ExpiryReminder(models.Model):
    """A reminder that a contract ends in 90 or 30 days: sent once."""

    estate_lookup = "contract__estate"

    contract = models.ForeignKey(Contract, models.CASCADE, related_name="reminders")
    days = models.PositiveSmallIntegerField(_("days ahead"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(fields=["contract", "days"], name="leasing_reminder_once")
        ]

    def __str__(self):
        return f"{self.contract} {self.days}"


class Supervision(models.Model):
    """An inspection of a leased space: what was found (the advertisement's content, safety,
    cleanliness, use beyond the contract), the rectification demanded and when it was done."""

    estate_lookup = "contract__estate"

    class Finding(models.TextChoices):
        NONE = "none", _("Nothing wrong")
        CONTENT = "content", _("Content of the advertisement")
        SAFETY = "safety", _("Safety")
        CLEANLINESS = "cleanliness", _("Cleanliness")
        BEYOND = "beyond", _("Use beyond the contract")

    contract = models.ForeignKey(Contract, models.PROTECT, related_name="supervisions")
    on = models.DateField(_("date"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    finding = models.CharField(_("finding"), max_length=12, choices=Finding.choices)
    findings = models.TextField(_("what was found"), max_length=1000, blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to="leasing/supervision/%Y/%m/",
        storage=select_private_storage,
        blank=True,
    )
    rectification = models.CharField(_("rectification demanded"), max_length=200, blank=True)
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectified_note = models.CharField(_("how it was rectified"), max_length=200, blank=True)
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key"])

    class Meta:
        verbose_name = _("supervision record")
        verbose_name_plural = _("supervision records")
        ordering = ["-on", "-id"]

    def __str__(self):
        return f"{self.contract} {self.on:%Y-%m-%d}"

    @property
    def estate_id(self) -> int:  # for frontdesk.once
        return self.contract.estate_id

    @property
    def open(self) -> bool:
        return bool(self.rectification) and self.rectified_on is None


class CostCategory(models.Model):
    """A kind of cost set against the owners' leasing income (set up in the admin)."""

    estate_lookup = "estate"

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ledger cost category")
        verbose_name_plural = _("ledger cost categories")
        ordering = ["estate", "name"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "name"], name="leasing_category_name")
        ]

    def __str__(self):
        return self.name


class LedgerCost(models.Model):
    """A reasonable cost set against the owners' leasing income in a month, with its receipt."""

    estate_lookup = "estate"

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    month = models.DateField(_("month"), help_text=_("First day of the month"))
    category = models.ForeignKey(CostCategory, models.PROTECT, related_name="costs")
    amount = money(verbose_name=_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    description = models.CharField(_("description"), max_length=200)
    receipt = models.FileField(
        _("receipt"), upload_to="leasing/costs/%Y/", storage=select_private_storage, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ledger cost")
        verbose_name_plural = _("ledger costs")
        ordering = ["month", "id"]
        indexes = [models.Index(fields=["estate", "month"], name="leasing_cost_month")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.category} ¥{self.amount}"


class LedgerAllocation(models.Model):
    """How a year's owners' share of leasing income is used, as the owners decided."""

    estate_lookup = "estate"

    class Use(models.TextChoices):
        MAINTENANCE_FUND = "fund", _("Added to the maintenance fund")
        OTHER = "other", _("Other use decided by the owners")

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    use = models.CharField(_("use"), max_length=8, choices=Use.choices)
    amount = money(verbose_name=_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    decision = models.CharField(
        _("decided by"), max_length=200, help_text=_("The owners' assembly or committee resolution")
    )
    decided_on = models.DateField(_("decided on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ledger allocation")
        verbose_name_plural = _("ledger allocations")
        ordering = ["year", "id"]

    def __str__(self):
        return f"{self.year} {self.get_use_display()} ¥{self.amount}"
