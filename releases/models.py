"""Release slips (放行条): goods leave the estate only with the owner's knowledge, once, on
the slip's day. A slip is asked for at the desk, waits for the owner's phone confirmation
when the requester is not an owner, is issued with a number and a one-time code, and is used
once at the gate, where the guard marks each item released or held back."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from owners.models import select_private_storage
from owners.validators import IdType


class ReleaseSlip(models.Model):
    estate_lookup = "estate"

    class Relation(models.TextChoices):
        OWNER = "owner", _("Owner")
        FAMILY = "family", _("Family member")
        TENANT = "tenant", _("Tenant")
        MOVER = "mover", _("Mover")
        OTHER = "other", _("Other")

    class Reason(models.TextChoices):
        MOVING_OUT = "moving_out", _("Moving out")
        RENOVATION = "renovation", _("Renovation")
        CLEARING = "clearing", _("Clearing")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the owner")
        ISSUED = "issued", _("Issued")
        USED = "used", _("Used")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    class Answer(models.TextChoices):
        AGREED = "agreed", _("Agreed")
        REFUSED = "refused", _("Refused")

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    unit = models.ForeignKey(
        "owners.Unit", models.PROTECT, related_name="release_slips", verbose_name=_("unit")
    )
    # Taken when the slip is issued (a slip cancelled while waiting takes none): gapless.
    number = models.CharField(_("number"), max_length=20, blank=True, default="")
    # One-time verification code on the slip and in its QR code: random, not sequential.
    code = models.CharField(_("verification code"), max_length=12, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    requester_name = models.CharField(_("requester"), max_length=100)
    relation = models.CharField(_("relation to the unit"), max_length=10, choices=Relation.choices)
    id_type = models.CharField(
        _("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_masked = models.CharField(_("ID number (masked)"), max_length=40)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    reason_note = models.CharField(_("reason details"), max_length=200, blank=True)
    plate = models.CharField(_("vehicle plate"), max_length=12, blank=True)
    valid_on = models.DateField(_("valid on"))
    arrears_amount = models.DecimalField(
        _("arrears when issued"), max_digits=12, decimal_places=2, default=0
    )
    arrears_checked_at = models.DateTimeField(_("arrears checked at"), null=True, blank=True)
    override_reason = models.CharField(_("override reason"), max_length=300, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("override by"),
    )
    # The owner's phone confirmation (a requester who is not an owner).
    confirmed_by_name = models.CharField(_("confirmed by"), max_length=100, blank=True)
    confirm_phone = models.CharField(_("number called"), max_length=20, blank=True)
    confirm_answer = models.CharField(
        _("owner's answer"), max_length=10, choices=Answer.choices, blank=True
    )
    confirmed_at = models.DateTimeField(_("called at"), null=True, blank=True)
    confirm_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("call recorded by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    created_at = models.DateTimeField(_("opened at"))
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    gate = models.CharField(_("gate"), max_length=50, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancel_reason = models.CharField(_("cancellation reason"), max_length=300, blank=True)
    # The guard's paper part, handed back to customer service after use (reconciliation).
    paper_returned_at = models.DateTimeField(_("paper returned at"), null=True, blank=True)
    paper_returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paper received by"),
    )
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("release slip")
        verbose_name_plural = _("release slips")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "number"],
                condition=~Q(number=""),
                name="release_number_per_estate",
            ),
            models.UniqueConstraint(
                fields=["estate", "code"],
                condition=~Q(code=""),
                name="release_code_per_estate",
            ),
        ]
        indexes = [
            models.Index(fields=["estate", "status", "id"], name="release_list_idx"),
            models.Index(fields=["estate", "valid_on"], name="release_day_idx"),
            models.Index(fields=["estate", "issued_at"], name="release_issued_idx"),
        ]

    def __str__(self) -> str:
        return self.number or str(_("Slip waiting for the owner"))

    def get_absolute_url(self) -> str:
        return reverse("releases:slip-detail", args=[self.pk])

    @property
    def needs_owner(self) -> bool:
        return self.relation != self.Relation.OWNER


class ReleaseItem(models.Model):
    estate_lookup = "slip__estate"

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not checked")
        RELEASED = "released", _("Released")
        HELD = "held", _("Held back")

    slip = models.ForeignKey(
        ReleaseSlip, models.CASCADE, related_name="items", verbose_name=_("slip")
    )
    description = models.CharField(_("item"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    photo = models.ImageField(
        _("photo"),
        storage=select_private_storage,
        upload_to="releases/%Y/%m/",
        blank=True,
    )
    outcome = models.CharField(
        _("at the gate"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    gate_note = models.CharField(_("gate note"), max_length=300, blank=True)
    gate_photo = models.ImageField(
        _("gate photo"),
        storage=select_private_storage,
        upload_to="releases/gate/%Y/%m/",
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("released item")
        verbose_name_plural = _("released items")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="release_item_quantity_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.description} × {self.quantity}"


class ReconciliationFlag(models.Model):
    """Yesterday's differences, flagged once per estate and day by the morning task."""

    estate_lookup = "estate"

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    day = models.DateField(_("day"))
    unaccounted = models.PositiveIntegerField(_("slips with differences"))
    flagged_at = models.DateTimeField(_("flagged at"))

    class Meta:
        verbose_name = _("reconciliation flag")
        verbose_name_plural = _("reconciliation flags")
        constraints = [
            models.UniqueConstraint(fields=["estate", "day"], name="release_flag_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.unaccounted}"
