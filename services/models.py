"""Convenience and entrusted services (便民服务 / 委托服务): the announced catalogue, the
request with the agreement's five terms, the dispatch, the owner's acceptance and the bill.

A request is a table of its own, not a work order of a "paid service" kind: a service carries
what a repair does not — the agreement's five terms (item, area, time slot, cost, effect),
oral or written with its signed scan, a price range or an on-site quote that the owner must
agree to, the owner's acceptance before any fee, and the bill — and its slot is booked in
advance with the owner rather than queued by urgency. The technician's phone page lists their
services of the day beside their work orders (read through ``workorders.selectors``).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from owners.models import select_private_storage


def _money(label, **extra) -> models.DecimalField:
    return models.DecimalField(label, max_digits=10, decimal_places=2, **extra)


class ServiceItem(models.Model):
    """A service of the estate's published catalogue."""

    estate_lookup = "estate"

    class Kind(models.TextChoices):
        CONVENIENCE = "convenience", _("Convenience service")
        ENTRUSTED = "entrusted", _("Entrusted service")

    class ChargeUnit(models.TextChoices):
        JOB = "job", _("per job")
        HOUR = "hour", _("per hour")
        SQUARE_METRE = "m2", _("per m²")
        ITEM = "item", _("per item")

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    name = models.CharField(_("service"), max_length=60)
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.CONVENIENCE
    )
    department = models.ForeignKey(
        "frontdesk.Department", models.PROTECT, related_name="+", verbose_name=_("department")
    )
    charge_unit = models.CharField(
        _("unit of charge"), max_length=6, choices=ChargeUnit.choices, default=ChargeUnit.JOB
    )
    price_low = _money(_("price from"), default=Decimal(0))
    price_high = _money(
        _("price up to"),
        default=Decimal(0),
        help_text=_("Equal to the first: a fixed price."),
    )
    quote_on_site = models.BooleanField(_("quoted on site"), default=False)
    description = models.CharField(_("what it includes"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("catalogue service")
        verbose_name_plural = _("service catalogue")
        ordering = ["estate", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "name"], name="service_item_name_per_estate"),
            models.CheckConstraint(
                condition=Q(price_low__gte=0) & Q(price_high__gte=models.F("price_low")),
                name="service_item_price_range",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_free(self) -> bool:
        return self.price_high == 0 and not self.quote_on_site

    @property
    def fixed(self) -> bool:
        return self.price_low == self.price_high and not self.quote_on_site


class DepartmentHours(models.Model):
    """When a department goes to owners' homes; a department without a row: 08:00–18:00,
    every day (``hours_of``)."""

    estate_lookup = "department__estate"

    department = models.OneToOneField(
        "frontdesk.Department", models.CASCADE, related_name="+", verbose_name=_("department")
    )
    opens = models.TimeField(_("from"), default=datetime.time(8, 0))
    closes = models.TimeField(_("until"), default=datetime.time(18, 0))
    weekends = models.BooleanField(_("also at weekends"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department service hours")
        verbose_name_plural = _("department service hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")), name="service_hours_ordered"
            )
        ]

    def __str__(self):
        return f"{self.department} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ServiceRequest(models.Model):
    estate_lookup = "estate"

    class Source(models.TextChoices):
        DESK = "desk", _("At the desk")
        PHONE = "phone", _("Phone call")
        DOSSIER = "dossier", _("Unit dossier")

    class CostKind(models.TextChoices):
        FIXED = "fixed", _("Fixed price")
        RANGE = "range", _("Estimated range")
        QUOTE = "quote", _("Quote on site")

    class Agreement(models.TextChoices):
        ORAL = "oral", _("Oral")
        WRITTEN = "written", _("Written")

    class Via(models.TextChoices):
        PHONE = "phone", _("By phone")
        IN_PERSON = "in_person", _("In person")

    class Acceptance(models.TextChoices):
        SIGNED = "signed", _("Signed on the service sheet")
        PHONE = "phone", _("Confirmed by phone")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting agreement")
        AGREED = "agreed", _("Agreed")
        DISPATCHED = "dispatched", _("Dispatched")
        DONE = "done", _("Awaiting acceptance")
        ACCEPTED = "accepted", _("Accepted, not charged")
        CHARGED = "charged", _("Charged")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    number = models.CharField(_("number"), max_length=20)
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    unit = models.ForeignKey(
        "owners.Unit", models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    requester_name = models.CharField(_("requested by"), max_length=50)
    requester_phone = models.CharField(_("phone"), max_length=30)
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.DESK
    )
    # The five terms of the agreement (the seed: project, area, time, cost, effect).
    item = models.ForeignKey(ServiceItem, models.PROTECT, related_name="+", verbose_name=_("item"))
    item_detail = models.CharField(_("what exactly"), max_length=200, blank=True)
    area = models.CharField(
        _("area"), max_length=100, blank=True, help_text=_("Where in the house or estate.")
    )
    slot_start = models.DateTimeField(_("agreed time from"), null=True, blank=True)
    slot_end = models.DateTimeField(_("agreed time until"), null=True, blank=True)
    cost_kind = models.CharField(_("cost"), max_length=6, choices=CostKind.choices, blank=True)
    price_low = _money(_("price from"), null=True, blank=True)
    price_high = _money(_("price up to"), null=True, blank=True)
    effect = models.TextField(_("effect (what done means)"), blank=True)
    # How it was agreed.
    agreement = models.CharField(
        _("agreement"), max_length=8, choices=Agreement.choices, blank=True
    )
    agreed_by = models.CharField(_("agreed by (owner's side)"), max_length=50, blank=True)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    agreed_via = models.CharField(_("agreed"), max_length=10, choices=Via.choices, blank=True)
    agreement_scan = models.FileField(
        _("signed agreement (scan)"),
        storage=select_private_storage,
        upload_to="services/agreements/%Y/%m/",
        blank=True,
    )
    agreement_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Dispatch.
    department = models.ForeignKey(
        "frontdesk.Department", models.PROTECT, related_name="+", verbose_name=_("department")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    work_done = models.TextField(_("work done"), blank=True)
    # Acceptance and the bill.
    rejections = models.PositiveSmallIntegerField(_("times not accepted"), default=0)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_how = models.CharField(
        _("accepted"), max_length=6, choices=Acceptance.choices, blank=True
    )
    accepted_by_name = models.CharField(_("accepted by"), max_length=50, blank=True)
    final_amount = _money(_("amount charged"), null=True, blank=True)
    owner_agreed_amount = models.BooleanField(_("owner agreed to the amount"), default=False)
    charge = models.ForeignKey(
        "fees.Charge",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("charge"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "number"], name="service_number_per_estate"),
            models.CheckConstraint(
                condition=Q(slot_start__isnull=True)
                | Q(slot_end__isnull=True)
                | Q(slot_start__lt=models.F("slot_end")),
                name="service_slot_ordered",
            ),
            models.CheckConstraint(
                condition=Q(charge__isnull=True) | Q(accepted_at__isnull=False),
                name="service_charged_after_acceptance",
            ),
        ]
        indexes = [
            models.Index(
                fields=["estate", "status", "slot_start"], name="service_estate_status_slot"
            ),
            models.Index(fields=["assignee", "slot_start"], name="service_assignee_slot"),
            models.Index(fields=["unit", "created_at"], name="service_unit_created"),
            models.Index(fields=["estate", "created_at"], name="service_estate_created"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("services:detail", args=[self.pk])

    def missing_terms(self) -> list[str]:
        """The five terms not yet agreed, by name (empty: all five are there)."""
        missing = []
        if not self.item_id:
            missing.append(str(_("item")))
        if not self.area.strip():
            missing.append(str(_("area")))
        if not (self.slot_start and self.slot_end):
            missing.append(str(_("time")))
        if not self.cost_kind or (
            self.cost_kind != self.CostKind.QUOTE and self.price_high is None
        ):
            missing.append(str(_("cost")))
        if not self.effect.strip():
            missing.append(str(_("effect")))
        return missing

    @property
    def agreement_recorded(self) -> bool:
        if self.agreement == self.Agreement.ORAL:
            return bool(self.agreed_by and self.agreed_at and self.agreed_via)
        if self.agreement == self.Agreement.WRITTEN:
            return bool(self.agreement_scan)
        return False

    @property
    def cost_text(self) -> str:
        if self.cost_kind == self.CostKind.QUOTE:
            return str(_("Quote on site"))
        if self.price_high is None:
            return ""
        if self.cost_kind == self.CostKind.FIXED or self.price_low == self.price_high:
            return f"¥{self.price_high}"
        return f"¥{self.price_low}–{self.price_high}"

    @property
    def paid(self) -> bool:
        return self.charge_id is not None and self.charge.outstanding <= 0  # type: ignore[union-attr]


class ServiceStep(models.Model):
    """The request's timeline: each step with who, when and why (a refusal's reason)."""

    estate_lookup = "service__estate"

    class Step(models.TextChoices):
        REQUESTED = "requested", _("Request taken")
        AGREED = "agreed", _("Agreement recorded")
        DISPATCHED = "dispatched", _("Dispatched")
        DONE = "done", _("Work done")
        REJECTED = "rejected", _("Not accepted")
        ACCEPTED = "accepted", _("Accepted")
        CHARGED = "charged", _("Fee charged")
        CANCELLED = "cancelled", _("Cancelled")

    service = models.ForeignKey(ServiceRequest, models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("service step")
        verbose_name_plural = _("service steps")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.service_id} {self.step}"
