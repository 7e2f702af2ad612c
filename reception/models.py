"""The front desk's phone log and visitor log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from owners.validators import IdType, mask_phone, validate_phone


class PhoneCall(models.Model):
    """One call taken at the desk, as the seed's procedure runs: who called, what was said,
    answered on the spot or a contact left for a reply, routed to a department, replied."""

    estate_lookup = "estate"

    class CallerKind(models.TextChoices):
        OWNER = "owner", _("Owner")
        RESIDENT = "resident", _("Resident or tenant")
        OTHER = "other", _("Other")

    class Topic(models.TextChoices):
        INQUIRY = "inquiry", _("Inquiry")
        REPAIR = "repair", _("Repair")
        COMPLAINT = "complaint", _("Complaint")
        FEE = "fee", _("Fees")
        SUGGESTION = "suggestion", _("Suggestion")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ANSWERED = "answered", _("Answered on the spot")
        PENDING = "pending", _("Reply pending")
        TRANSFERRED = "transferred", _("Transferred, reply pending")
        REPLIED = "replied", _("Replied")

    class ReplyMethod(models.TextChoices):
        CALL = "call", _("Call back")
        VISIT = "visit", _("Visit")

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    caller_kind = models.CharField(
        _("caller"), max_length=10, choices=CallerKind.choices, default=CallerKind.OWNER
    )
    caller_name = models.CharField(_("caller's name"), max_length=100)
    caller_phone = models.CharField(
        _("caller's phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    identity_confirmed = models.BooleanField(_("identity confirmed"), default=False)
    unit = models.ForeignKey(
        "owners.Unit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="phone_calls",
        verbose_name=_("unit"),
    )
    location = models.CharField(
        _("place"), max_length=100, blank=True, help_text=_("For a public area: where exactly.")
    )
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    content = models.TextField(_("what the caller said"))
    answer = models.TextField(_("what we answered"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    # Follows the status (pending or transferred). Partial indexes on it serve the today panel
    # and the filtered log: ``WHERE awaiting_reply`` has no bound parameter, so SQLite can
    # match it to the index's condition, which it cannot do for ``status IN (?, ?)``.
    awaiting_reply = models.BooleanField(_("awaiting a reply"), default=False, editable=False)
    contact_phone = models.CharField(
        _("contact for the reply"), max_length=20, blank=True, validators=[validate_phone]
    )
    reply_method = models.CharField(
        _("reply by"), max_length=8, choices=ReplyMethod.choices, blank=True
    )
    reply_due = models.DateField(_("reply due"), null=True, blank=True)
    department = models.ForeignKey(
        "frontdesk.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("routed to"),
    )
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("taken by")
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replied by"),
    )
    reply = models.TextField(_("reply given"), blank=True)
    # The idempotency key of the form the call was taken on: a second post of that form
    # (double click, Back and resend) finds this call instead of logging it twice.
    form_key = models.UUIDField(_("form key"), null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key"])

    AWAITING = (Status.PENDING, Status.TRANSFERRED)
    # A reply is due from the day of the call (or today) to a year ahead.
    REPLY_DUE_MAX_DAYS = 366

    class Meta:
        verbose_name = _("phone call")
        verbose_name_plural = _("phone calls")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(awaiting_reply=True, status__in=["pending", "transferred"])
                | Q(awaiting_reply=False, status__in=["answered", "replied"]),
                name="call_awaiting_follows_status",
            )
        ]
        indexes = [
            models.Index(fields=["estate", "-received_at", "-id"], name="call_log_idx"),
            # Calls awaiting a reply: the today panel (by due date) and the filtered log.
            models.Index(
                fields=["estate", "reply_due", "received_at", "id"],
                condition=Q(awaiting_reply=True),
                name="call_awaiting_idx",
            ),
            models.Index(
                fields=["estate", "-received_at", "-id"],
                condition=Q(awaiting_reply=True),
                name="call_awaiting_log_idx",
            ),
            models.Index(fields=["unit", "-received_at"], name="call_unit_idx"),
        ]

    def __str__(self):
        return _("Call %(id)s from %(name)s") % {"id": self.pk or "", "name": self.caller_name}

    def get_absolute_url(self) -> str:
        return reverse("reception:call-detail", args=[self.pk])

    @property
    def caller_phone_masked(self) -> str:
        return mask_phone(self.caller_phone)


class CallLink(models.Model):
    """What a call was turned into (a work order, later a complaint): a generic link, so the
    call lists its documents without this app reaching into their tables."""

    estate_lookup = "call__estate"

    call = models.ForeignKey(PhoneCall, models.CASCADE, related_name="links")
    action = models.CharField(_("turned into"), max_length=30)
    target_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    label = models.CharField(_("document"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    # The idempotency key of the call page's form that made the document: a double click
    # on "Create work order" makes one order.
    form_key = models.UUIDField(_("form key"), null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("call link")
        verbose_name_plural = _("call links")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "target_type", "target_id"], name="call_link_once"
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="call_link_target_idx")]

    def __str__(self):
        return self.label


# The full ID number never enters history; the masked copy does (as for owners).
VISIT_NOT_IN_HISTORY = ["id_number", "form_key"]


class Visit(models.Model):
    """A visitor at the desk: purpose, identity, whom they visit, arrival and departure."""

    estate_lookup = "estate"

    class Purpose(models.TextChoices):
        RESIDENT = "resident", _("Visiting a resident")
        OFFICE = "office", _("Business with the management office")
        DELIVERY = "delivery", _("Delivery")
        CONTRACTOR = "contractor", _("Works or maintenance")
        INSPECTION = "inspection", _("Inspection by an authority")
        INTERVIEW = "interview", _("Job interview")
        OTHER = "other", _("Other")

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    number = models.CharField(_("visit number"), max_length=20)
    arrived_at = models.DateTimeField(_("arrived at"), default=timezone.now)
    name = models.CharField(_("visitor's name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    id_type = models.CharField(
        _("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    id_masked = models.CharField(_("ID number (masked)"), max_length=32, blank=True)
    # The seed's rule: a visitor's identity is confirmed — by the document's number, or by
    # the desk ticking that it saw the document (of ``id_type``) without writing it down.
    identity_checked = models.BooleanField(
        _("identity checked"),
        default=False,
        help_text=_("The desk saw the visitor's identity document."),
    )
    party_size = models.PositiveSmallIntegerField(_("people in the party"), default=1)
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    purpose_detail = models.CharField(_("details"), max_length=200, blank=True)
    department = models.ForeignKey(
        "frontdesk.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department visited"),
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member visited"),
    )
    unit = models.ForeignKey(
        "owners.Unit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("unit visited"),
    )
    host_name = models.CharField(_("person visited"), max_length=100, blank=True)
    vehicle_plate = models.CharField(_("vehicle plate"), max_length=12, blank=True)
    departed_at = models.DateTimeField(_("left at"), null=True, blank=True)
    departure_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("departure recorded by"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    notes = models.TextField(_("notes"), blank=True)
    # The idempotency key of the form the arrival was logged on (see PhoneCall.form_key).
    form_key = models.UUIDField(_("form key"), null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=VISIT_NOT_IN_HISTORY)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-arrived_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "number"], name="visit_number_per_estate"),
            models.CheckConstraint(
                condition=Q(departed_at__isnull=True) | Q(departed_at__gte=models.F("arrived_at")),
                name="visit_departs_after_arrival",
            ),
        ]
        indexes = [
            models.Index(fields=["estate", "-arrived_at", "-id"], name="visit_log_idx"),
            models.Index(
                fields=["estate", "arrived_at"],
                condition=Q(departed_at__isnull=True),
                name="visit_on_site_idx",
            ),
            models.Index(fields=["unit", "-arrived_at"], name="visit_unit_idx"),
        ]

    def __str__(self):
        return f"{self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("reception:visit-detail", args=[self.pk])

    @property
    def on_site(self) -> bool:
        return self.departed_at is None

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def visiting(self) -> str:
        """Whom the visitor came to see, as the badge and the lists say it."""
        parts = []
        if self.unit is not None:
            parts.append(self.unit.code)
        if self.department is not None:
            parts.append(str(self.department))
        if self.host is not None:
            user = self.host
            parts.append(f"{user.last_name}{user.first_name}".strip() or user.get_username())
        if self.host_name:
            parts.append(self.host_name)
        return " · ".join(parts)
