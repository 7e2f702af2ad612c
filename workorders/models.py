"""Work orders: owner repair orders, engineering orders and internal coordination sheets,
their photos, the steps of their flow, and the time allowed per category."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from owners.models import select_private_storage

from .choices import (  # noqa: F401  (the models' choices, imported from here too)
    ACTIVE_STATUSES,
    DEFAULT_SLA_HOURS,
    DEPARTMENT_STATUSES,
    FINAL_STATUSES,
    OWNER_STATUSES,
    Category,
    Kind,
    Priority,
    Source,
    Status,
)


class CategorySLA(models.Model):
    """The hours an estate allows for one category of work, from the order's creation."""

    estate_lookup = "estate"

    estate = models.ForeignKey("owners.Estate", models.CASCADE, related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    hours = models.PositiveIntegerField(
        _("hours allowed"), validators=[MinValueValidator(1), MaxValueValidator(24 * 365)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("time allowed per category")
        verbose_name_plural = _("times allowed per category")
        ordering = ["estate", "category"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "category"], name="one_sla_per_category")
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.hours} h"


class WorkOrder(models.Model):
    estate_lookup = "estate"

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=20)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.DESK
    )
    source_type = models.ForeignKey(
        ContentType, models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_object = GenericForeignKey("source_type", "source_id")
    unit = models.ForeignKey(
        "owners.Unit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("unit"),
    )
    location = models.CharField(
        _("location"), max_length=200, blank=True, help_text=_("For public areas: where exactly")
    )
    reporter_name = models.CharField(_("reported by"), max_length=100, blank=True)
    reporter_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    description = models.TextField(_("description"))
    department = models.ForeignKey(
        "frontdesk.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent order"),
    )
    due_at = models.DateTimeField(_("due by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    reinspection_at = models.DateTimeField(_("re-inspection at"), null=True, blank=True)
    owner_confirmed_at = models.DateTimeField(_("confirmed by the owner at"), null=True, blank=True)
    owner_signed_name = models.CharField(_("signed by (owner)"), max_length=100, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    work_done = models.TextField(_("work done"), blank=True)
    materials = models.TextField(_("materials used"), blank=True)
    leak_test_at = models.DateTimeField(_("leak test at"), null=True, blank=True)
    paid = models.BooleanField(_("paid repair"), default=False)
    amount = models.DecimalField(
        _("amount (CNY)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # The fees app's charge, by id: fees is optional, so no foreign key (and no migration
    # dependency) on it.
    charge_id = models.PositiveBigIntegerField(_("charge"), null=True, blank=True)
    # The idempotency key of the desk form the order was opened on (frontdesk.once).
    form_key = models.UUIDField(_("form key"), null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key"])

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "number"], name="workorder_number_per_estate")
        ]
        indexes = [
            models.Index(fields=["estate", "status", "due_at"], name="workorder_estate_status_due"),
            models.Index(
                fields=["department", "status", "due_at"], name="workorder_dept_status_due"
            ),
            models.Index(fields=["unit", "created_at"], name="workorder_unit_created"),
            models.Index(
                fields=["assignee", "status", "due_at"], name="workorder_assignee_status_due"
            ),
            models.Index(fields=["source_type", "source_id"], name="workorder_source"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("workorders:order-detail", args=[self.pk])

    @property
    def where(self) -> str:
        return self.unit.code if self.unit_id and self.unit else self.location

    @property
    def has_owner_steps(self) -> bool:
        """Orders in a unit end with the owner's re-inspection and signature."""
        return self.unit_id is not None

    @property
    def is_overdue(self) -> bool:
        return self.status in ACTIVE_STATUSES and self.due_at < timezone.now()


class WorkOrderEvent(models.Model):
    """One step of an order's flow, for its timeline: who moved it from what to what."""

    estate_lookup = "order__estate"

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        DISPATCHED = "dispatched", _("dispatched")
        SIGNED = "signed", _("signed for")
        STARTED = "started", _("started")
        COMPLETED = "completed", _("completed")
        VERIFIED = "verified", _("verified")
        BOOKED = "booked", _("booked the re-inspection")
        OWNER_CONFIRMED = "owner_confirmed", _("recorded the owner's confirmation")
        CLOSED = "closed", _("closed")
        REOPENED = "reopened", _("reopened")
        CANCELLED = "cancelled", _("cancelled")
        FOLLOWED_UP = "followed_up", _("followed up")
        REASSIGNED = "reassigned", _("handed to another technician")

    order = models.ForeignKey(WorkOrder, models.CASCADE, related_name="events")
    action = models.CharField(_("step"), max_length=16, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("work order step")
        verbose_name_plural = _("work order steps")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.order_id} {self.action}"


class WorkOrderPhoto(models.Model):
    estate_lookup = "order__estate"

    class Stage(models.TextChoices):
        REPORTED = "reported", _("As reported")
        COMPLETED = "completed", _("After the work")

    order = models.ForeignKey(WorkOrder, models.CASCADE, related_name="photos")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    file = models.ImageField(
        _("photo"), storage=select_private_storage, upload_to="workorders/%Y/%m/"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("work order photo")
        verbose_name_plural = _("work order photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.file.name.rsplit("/")[-1]
