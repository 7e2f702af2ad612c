"""Move-in (入伙) and vacant-house custody (托管): the estate's move-in settings, the move-in
case and its steps, meter readings, custody, keys and inspections."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from owners.models import Document, Estate, Owner, Unit, select_private_storage

DEFAULT_WATER_MAX = Decimal("5")
DEFAULT_ELECTRICITY_MAX = Decimal("20")
CUSTODY_RATIO = Decimal("0.70")
DEFAULT_MOVE_IN_FEE_MONTHS = 3


class CustodySettings(models.Model):
    """An estate's move-in fee months and custody entry thresholds; without a row, defaults."""

    estate_lookup = "estate"

    estate = models.OneToOneField(
        Estate, models.CASCADE, related_name="custody_settings", verbose_name=_("estate")
    )
    water_max = models.DecimalField(
        _("water on entry at most (m³)"),
        max_digits=10,
        decimal_places=2,
        default=DEFAULT_WATER_MAX,
        validators=[MinValueValidator(Decimal("0"))],
    )
    electricity_max = models.DecimalField(
        _("electricity on entry at most (kWh)"),
        max_digits=10,
        decimal_places=2,
        default=DEFAULT_ELECTRICITY_MAX,
        validators=[MinValueValidator(Decimal("0"))],
    )
    move_in_fee_months = models.PositiveSmallIntegerField(
        _("property fee months charged at move-in"),
        default=DEFAULT_MOVE_IN_FEE_MONTHS,
        help_text=_("From the move-in month; 0 charges nothing at move-in."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("check-in settings")
        verbose_name_plural = _("check-in settings")

    def __str__(self):
        return str(self.estate)


class MeterReading(models.Model):
    """One reading of a unit's water, electricity or gas meter; never lower than the last."""

    estate_lookup = "unit__estate"

    class Meter(models.TextChoices):
        WATER = "water", _("Water (m³)")
        ELECTRICITY = "electricity", _("Electricity (kWh)")
        GAS = "gas", _("Gas (m³)")

    class Context(models.TextChoices):
        MOVE_IN = "move_in", _("Move-in acceptance")
        CUSTODY_START = "custody_start", _("Custody start")
        CUSTODY_END = "custody_end", _("Custody end")
        OTHER = "other", _("Other")

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="meter_readings", verbose_name=_("unit")
    )
    meter = models.CharField(_("meter"), max_length=12, choices=Meter.choices)
    value = models.DecimalField(
        _("reading"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    read_at = models.DateTimeField(_("read at"), default=timezone.now)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("read by"),
    )
    context = models.CharField(
        _("context"), max_length=16, choices=Context.choices, default=Context.OTHER
    )
    subject_type = models.ForeignKey(
        ContentType, models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        ordering = ["unit", "meter", "-read_at"]
        indexes = [
            models.Index(fields=["unit", "meter", "read_at"], name="reading_unit_meter_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="reading_subject_idx"),
        ]
        constraints = [models.CheckConstraint(condition=Q(value__gte=0), name="reading_not_neg")]

    def __str__(self):
        return f"{self.unit} {self.get_meter_display()} {self.value}"


# --- move-in (入伙) ------------------------------------------------------------------------


class Agreement(models.Model):
    """A regulation or agreement owners of the estate sign at move-in (管理规约…)."""

    estate_lookup = "estate"

    estate = models.ForeignKey(Estate, models.PROTECT, related_name="+", verbose_name=_("estate"))
    title = models.CharField(_("title"), max_length=100)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Printed on the form."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("move-in agreement")
        verbose_name_plural = _("move-in agreements")
        ordering = ["estate", "order", "id"]

    def __str__(self):
        return self.title


class HandoverItem(models.Model):
    """What the estate hands the owner at move-in besides the defaults (keys, book, diagram)."""

    estate_lookup = "estate"

    estate = models.ForeignKey(Estate, models.PROTECT, related_name="+", verbose_name=_("estate"))
    name = models.CharField(_("name"), max_length=100)
    quantity = models.PositiveSmallIntegerField(_("usual quantity"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handover item")
        verbose_name_plural = _("handover items")
        ordering = ["estate", "order", "id"]

    def __str__(self):
        return self.name


class ChecklistTemplate(models.Model):
    """The house quality acceptance checklist of an estate: rooms × items."""

    estate_lookup = "estate"

    estate = models.ForeignKey(Estate, models.PROTECT, related_name="+", verbose_name=_("estate"))
    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("The newest active template is used.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acceptance checklist")
        verbose_name_plural = _("acceptance checklists")
        ordering = ["estate", "-id"]

    def __str__(self):
        return self.name


class RoomKind(models.TextChoices):
    """What a row of an acceptance checklist repeats for, as many times as the unit's layout
    (户型) has of it; a row without a kind is checked once, in the room it names."""

    BEDROOM = "bedroom", _("Each bedroom")
    HALL = "hall", _("Each living or dining room")
    KITCHEN = "kitchen", _("Each kitchen")
    BATHROOM = "bathroom", _("Each bathroom")
    BALCONY = "balcony", _("Each balcony")


class ChecklistItem(models.Model):
    estate_lookup = "template__estate"

    template = models.ForeignKey(
        ChecklistTemplate, models.CASCADE, related_name="items", verbose_name=_("checklist")
    )
    room = models.CharField(_("room"), max_length=50)
    room_kind = models.CharField(
        _("repeat for"),
        max_length=10,
        choices=RoomKind.choices,
        blank=True,
        help_text=_(
            "Checked in every room of this kind the unit's layout has (主卧, 次卧…), named"
            " after it; blank: once, in the room named."
        ),
    )
    item = models.CharField(_("item"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["template", "order", "id"]

    def __str__(self):
        return f"{self.room} · {self.item}"


class MoveInCaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=MoveInCase.Status.OPEN)


class MoveInCase(models.Model):
    """A unit's move-in (入伙), steps ①–⑤ and ⑦ of the desk's procedure, paused and resumed
    until every step is done; what each step received lives where it belongs (documents in the
    owners archive, charges in fees, defects as work orders) and points back here."""

    estate_lookup = "estate"

    class Status(models.TextChoices):
        OPEN = "open", _("Under way")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class Handler(models.TextChoices):
        OWNER = "owner", _("The owner in person")
        AGENT = "agent", _("An agent (power of attorney)")
        COMPANY = "company", _("A company purchase")

    estate = models.ForeignKey(Estate, models.PROTECT, related_name="+", verbose_name=_("estate"))
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="move_in_cases", verbose_name=_("unit")
    )
    owner = models.ForeignKey(
        Owner, models.PROTECT, related_name="move_in_cases", verbose_name=_("owner")
    )
    handler = models.CharField(
        _("handled by"), max_length=8, choices=Handler.choices, default=Handler.OWNER
    )
    handler_name = models.CharField(
        _("name of the person handling"),
        max_length=100,
        blank=True,
        help_text=_("The agent, or the company's handling person."),
    )
    authorization = models.ForeignKey(
        "owners.Authorization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("authorization"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    registered_at = models.DateTimeField(_("household registered at"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("items handed over at"), null=True, blank=True)
    fee_first_month = models.DateField(_("fee from month"), null=True, blank=True)
    fee_months = models.PositiveSmallIntegerField(_("fee months"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("acceptance recorded at"), null=True, blank=True)
    acceptance_inspector = models.CharField(
        _("inspected by (maintenance)"), max_length=100, blank=True
    )
    acceptance_present = models.CharField(
        _("owner or resident present"), max_length=100, blank=True
    )
    # Rooms the desk added to the acceptance checklist, beyond the unit's layout: a list of
    # {"name": "储藏室", "kind": "" or a RoomKind whose items it is checked for}.
    added_rooms = models.JSONField(_("rooms added to the acceptance"), default=list, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    move_in_date = models.DateField(_("move-in date"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed or cancelled by"),
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = MoveInCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("move-in case")
        verbose_name_plural = _("move-in cases")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(status="open"), name="one_open_move_in"
            )
        ]
        indexes = [models.Index(fields=["estate", "status", "opened_at"], name="movein_open_idx")]

    def __str__(self):
        return _("Move-in of %(unit)s") % {"unit": self.unit}

    def get_absolute_url(self):
        return reverse("checkin:movein-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class DocumentWaiver(models.Model):
    """A CS supervisor lets a case complete without one required document, saying why."""

    estate_lookup = "case__estate"

    case = models.ForeignKey(
        MoveInCase, models.CASCADE, related_name="waivers", verbose_name=_("move-in case")
    )
    kind = models.CharField(_("document"), max_length=24, choices=Document.Kind.choices)
    reason = models.CharField(_("reason"), max_length=200)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("waived by")
    )
    waived_at = models.DateTimeField(_("waived at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document waiver")
        verbose_name_plural = _("document waivers")
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="one_waiver_per_kind")]

    def __str__(self):
        return f"{self.case} · {self.get_kind_display()}"


class AgreementSigning(models.Model):
    estate_lookup = "case__estate"

    case = models.ForeignKey(
        MoveInCase, models.CASCADE, related_name="signings", verbose_name=_("move-in case")
    )
    agreement = models.ForeignKey(
        Agreement, models.PROTECT, related_name="signings", verbose_name=_("agreement")
    )
    signed_on = models.DateField(_("signed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signed agreement")
        verbose_name_plural = _("signed agreements")
        ordering = ["agreement__order", "agreement_id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "agreement"], name="one_signing_per_agreement")
        ]

    def __str__(self):
        return f"{self.agreement} · {self.signed_on}"


class HandoverLine(models.Model):
    """One thing handed to the owner at move-in: keys (how many, which), the registration book…"""

    estate_lookup = "case__estate"

    case = models.ForeignKey(
        MoveInCase, models.CASCADE, related_name="handover_lines", verbose_name=_("move-in case")
    )
    name = models.CharField(_("item"), max_length=100)
    quantity = models.PositiveSmallIntegerField(_("quantity"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handover line")
        verbose_name_plural = _("handover lines")
        ordering = ["case", "order", "id"]

    def __str__(self):
        return f"{self.name} × {self.quantity}"


class AcceptanceItem(models.Model):
    """One line of the house quality acceptance form: all right, or a defect to repair."""

    estate_lookup = "case__estate"

    case = models.ForeignKey(
        MoveInCase, models.CASCADE, related_name="acceptance_items", verbose_name=_("move-in case")
    )
    room = models.CharField(_("room"), max_length=50)
    item = models.CharField(_("item"), max_length=100)
    defect = models.BooleanField(_("defect"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    photo = models.ImageField(
        _("photo"), storage=select_private_storage, upload_to="checkin/%Y/%m/", blank=True
    )
    # The repair order, by id: checkin does not depend on the workorders app's migrations.
    work_order_id = models.PositiveBigIntegerField(_("work order"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acceptance item")
        verbose_name_plural = _("acceptance items")
        ordering = ["case", "order", "id"]

    def __str__(self):
        return f"{self.room} · {self.item}"


class Reinspection(models.Model):
    """The time the desk agreed with the owner to re-inspect the repaired defects, and how it
    went (each order's sign-off or reopening is on the order itself)."""

    estate_lookup = "case__estate"

    case = models.ForeignKey(
        MoveInCase, models.CASCADE, related_name="reinspections", verbose_name=_("move-in case")
    )
    scheduled_at = models.DateTimeField(_("re-inspection at"))
    accompanied_by = models.CharField(_("accompanied by (maintenance)"), max_length=100)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("booked by")
    )
    booked_at = models.DateTimeField(_("booked at"), default=timezone.now)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    passed = models.PositiveSmallIntegerField(_("passed"), default=0)
    failed = models.PositiveSmallIntegerField(_("failed"), default=0)
    signed_by = models.CharField(_("signed by (owner)"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("re-inspection")
        verbose_name_plural = _("re-inspections")
        ordering = ["case", "-scheduled_at"]

    def __str__(self):
        return f"{self.case} · {self.scheduled_at:%Y-%m-%d %H:%M}"


class CustodyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(end_date__isnull=True)


# Keys a custody holds: a house has a handful; more is a slip of the keyboard.
MAX_KEYS = 20


class Custody(models.Model):
    """A vacant house the office looks after for its owner (托管)."""

    estate_lookup = "estate"

    estate = models.ForeignKey(Estate, models.PROTECT, related_name="+", verbose_name=_("estate"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="custodies", verbose_name=_("unit"))
    owner = models.ForeignKey(
        Owner, models.PROTECT, related_name="custodies", verbose_name=_("owner")
    )
    agreement_signed_on = models.DateField(_("agreement signed on"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    water_max = models.DecimalField(_("water threshold used (m³)"), max_digits=10, decimal_places=2)
    electricity_max = models.DecimalField(
        _("electricity threshold used (kWh)"), max_digits=10, decimal_places=2
    )
    supervisor_note = models.TextField(_("supervisor's note"), blank=True)
    keys_deposited = models.PositiveSmallIntegerField(
        _("keys left with the office"), default=0, validators=[MaxValueValidator(MAX_KEYS)]
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supervisor"),
    )
    status_before = models.CharField(_("unit status before"), max_length=16, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    history = HistoricalRecords()

    objects = CustodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("custody")
        verbose_name_plural = _("custodies")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(end_date__isnull=True), name="one_active_custody"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="custody_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["unit", "start_date"], name="custody_unit_start_idx")]

    def __str__(self):
        return _("Custody of %(unit)s") % {"unit": self.unit}

    @property
    def is_active(self) -> bool:
        return self.end_date is None


class KeyLog(models.Model):
    """Keys of a custody house held by the office: who took them out, when, why, back when."""

    estate_lookup = "custody__estate"

    custody = models.ForeignKey(
        Custody, models.PROTECT, related_name="key_logs", verbose_name=_("custody")
    )
    taken_by = models.CharField(_("taken by"), max_length=100)
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=200)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    handed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("handed out by"),
    )
    received_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received back by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key log")
        verbose_name_plural = _("key logs")
        ordering = ["-taken_at"]

    def __str__(self):
        return f"{self.custody.unit} · {self.taken_by}"


class RainWarning(models.Model):
    """A supervisor's heavy-rain warning for an estate: inspections before and after."""

    estate_lookup = "estate"

    estate = models.ForeignKey(Estate, models.PROTECT, related_name="+", verbose_name=_("estate"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("heavy-rain warning")
        verbose_name_plural = _("heavy-rain warnings")
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.estate} {self.issued_at:%Y-%m-%d %H:%M}"


class InspectionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Inspection.Status.DUE)

    def overdue(self, today: datetime.date):
        return self.filter(status=Inspection.Status.DUE, due_date__lt=today)


class Inspection(models.Model):
    """An outdoor inspection of a custody house: weekly, or before/after heavy rain."""

    estate_lookup = "custody__estate"

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        BEFORE_RAIN = "before_rain", _("Before heavy rain")
        AFTER_RAIN = "after_rain", _("After heavy rain")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DUE = "due", _("Due")
        DONE = "done", _("Done")
        # Still due when the custody ended: kept, with the reason, never deleted.
        CANCELLED = "cancelled", _("Cancelled")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        SMS = "sms", _("Text message")
        WECHAT = "wechat", _("WeChat")
        IN_PERSON = "in_person", _("In person")
        OTHER = "other", _("Other")

    custody = models.ForeignKey(
        Custody, models.PROTECT, related_name="inspections", verbose_name=_("custody")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    iso_year = models.PositiveSmallIntegerField(_("ISO year"), null=True, blank=True)
    iso_week = models.PositiveSmallIntegerField(_("ISO week"), null=True, blank=True)
    rain_warning = models.ForeignKey(
        RainWarning, models.PROTECT, null=True, blank=True, related_name="inspections"
    )
    due_date = models.DateField(_("due by"))
    missed = models.BooleanField(
        _("created late"), default=False, help_text=_("Created after its week had passed.")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="due")
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    inspected_at = models.DateTimeField(_("inspected at"), null=True, blank=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inspector"),
    )
    doors_windows_ok = models.BooleanField(_("doors and windows intact"), default=True)
    leaks = models.BooleanField(_("leaks"), default=False)
    signs_of_entry = models.BooleanField(_("signs of entry"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    problem = models.BooleanField(_("problem found"), default=False)
    # The work order is found from its side too (source object); kept here without a foreign
    # key so checkin does not depend on the workorders app's migrations.
    work_order_id = models.PositiveBigIntegerField(_("work order"), null=True, blank=True)
    owner_notified_channel = models.CharField(
        _("owner notified by"), max_length=12, choices=Channel.choices, blank=True
    )
    owner_notified_at = models.DateTimeField(_("owner notified at"), null=True, blank=True)
    owner_notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner notified by (staff)"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("custody inspection")
        verbose_name_plural = _("custody inspections")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["custody", "iso_year", "iso_week"],
                condition=Q(kind="weekly"),
                name="one_weekly_inspection",
            ),
            models.UniqueConstraint(
                fields=["custody", "rain_warning", "kind"],
                condition=Q(rain_warning__isnull=False),
                name="one_rain_inspection",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="inspection_due_idx"),
            models.Index(
                fields=["custody", "status", "due_date"], name="inspection_custody_due_idx"
            ),
        ]

    def __str__(self):
        return f"{self.custody.unit} · {self.get_kind_display()} · {self.due_date}"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.DUE and self.due_date < today


class InspectionPhoto(models.Model):
    estate_lookup = "inspection__custody__estate"

    inspection = models.ForeignKey(
        Inspection, models.CASCADE, related_name="photos", verbose_name=_("inspection")
    )
    file = models.ImageField(_("photo"), storage=select_private_storage, upload_to="checkin/%Y/%m/")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        ordering = ["id"]

    def __str__(self):
        return self.file.name
