"""Community activities (社区文化): the estate's facilities and their booking with rules, the
publicity column replaced every two weeks.

A facility is a bulletin board or publicity column (where, how large), the square, the club,
a court, the gym, the library or another room, with its opening hours. A bookable one carries
the booking rules (BuildingLink-level): the shortest and longest booking, the buffer between
two, how far ahead and with how much notice, a household's weekly limit, approval, and a fee
or a deposit through ``fees``. Blackout dates close it. A booking is made at the desk for a
unit's household and numbered gaplessly per estate and year.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from owners.models import select_private_storage


class Facility(models.Model):
    estate_lookup = "estate"

    class Kind(models.TextChoices):
        BULLETIN_BOARD = "bulletin_board", _("Bulletin board")
        PUBLICITY_COLUMN = "publicity_column", _("Publicity column")
        SQUARE = "square", _("Square")
        CLUB = "club", _("Club")
        COURT = "court", _("Court")
        GYM = "gym", _("Gym")
        LIBRARY = "library", _("Library")
        ROOM = "room", _("Room")

    BOARD_KINDS = (Kind.BULLETIN_BOARD, Kind.PUBLICITY_COLUMN)

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    location = models.CharField(_("location"), max_length=120, blank=True)
    size = models.CharField(
        _("size"), max_length=60, blank=True, help_text=_("e.g. 2.4 m × 1.2 m, or 300 m²")
    )
    opens_at = models.TimeField(_("opens at"), default=datetime.time(8, 0))
    closes_at = models.TimeField(_("closes at"), default=datetime.time(21, 0))
    active = models.BooleanField(_("active"), default=True)
    bookable = models.BooleanField(_("bookable"), default=False)
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"), null=True, blank=True)
    min_minutes = models.PositiveSmallIntegerField(_("shortest booking (minutes)"), default=30)
    max_minutes = models.PositiveSmallIntegerField(_("longest booking (minutes)"), default=120)
    buffer_minutes = models.PositiveSmallIntegerField(
        _("buffer between bookings (minutes)"), default=0
    )
    max_days_ahead = models.PositiveSmallIntegerField(_("bookable days ahead"), default=14)
    min_notice_hours = models.PositiveSmallIntegerField(_("notice (hours)"), default=0)
    weekly_limit = models.PositiveSmallIntegerField(
        _("bookings per household per week"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
    )
    approval_required = models.BooleanField(_("approval required"), default=False)
    fee_type = models.ForeignKey(
        "fees.FeeType",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fee type"),
        help_text=_("Empty: booking is free."),
    )
    fee_amount = models.DecimalField(
        _("fee per booking"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    deposit_fee_type = models.ForeignKey(
        "fees.FeeType",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "deposit"},
        verbose_name=_("deposit fee type"),
        help_text=_("Empty: no deposit."),
    )
    deposit_amount = models.DecimalField(
        _("deposit per booking"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["estate", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "name"], name="activities_facility_name"),
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")),
                name="activities_facility_hours_ordered",
            ),
            models.CheckConstraint(
                condition=Q(min_minutes__gte=1) & Q(min_minutes__lte=models.F("max_minutes")),
                name="activities_facility_durations_ordered",
            ),
            models.CheckConstraint(
                condition=Q(fee_amount__gte=0) & Q(deposit_amount__gte=0),
                name="activities_facility_money_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_board(self) -> bool:
        return self.kind in self.BOARD_KINDS

    @property
    def hours(self) -> str:
        return f"{self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    @property
    def takes_fee(self) -> bool:
        return self.fee_type_id is not None and self.fee_amount > 0

    @property
    def takes_deposit(self) -> bool:
        return self.deposit_fee_type_id is not None and self.deposit_amount > 0


class Blackout(models.Model):
    """Days a facility is closed (maintenance, an estate event); bookings are refused."""

    estate_lookup = "estate"

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    facility = models.ForeignKey(
        Facility, models.CASCADE, related_name="blackouts", verbose_name=_("facility")
    )
    date_from = models.DateField(_("from"))
    date_until = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=120)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("blackout dates")
        verbose_name_plural = _("blackout dates")
        ordering = ["facility", "date_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_from__lte=models.F("date_until")),
                name="activities_blackout_ordered",
            )
        ]

    def __str__(self):
        return f"{self.facility} {self.date_from}–{self.date_until}"


class Booking(models.Model):
    estate_lookup = "estate"

    class State(models.TextChoices):
        REQUESTED = "requested", _("Awaiting approval")
        APPROVED = "approved", _("Booked")
        CHECKED_IN = "checked_in", _("Checked in")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")

    # The states that hold the slot (and count against the household's limit).
    HOLDING = (State.REQUESTED, State.APPROVED, State.CHECKED_IN, State.NO_SHOW)

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    number = models.CharField(_("number"), max_length=20, editable=False)
    facility = models.ForeignKey(
        Facility, models.PROTECT, related_name="bookings", verbose_name=_("facility")
    )
    unit = models.ForeignKey(
        "owners.Unit", models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    booked_for = models.CharField(_("booked for"), max_length=60)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    people = models.PositiveSmallIntegerField(_("people"), default=1)
    purpose = models.CharField(_("purpose"), max_length=120, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.APPROVED
    )
    charge = models.ForeignKey(
        "fees.Charge",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fee charge"),
    )
    deposit = models.ForeignKey(
        "fees.Deposit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deposit"),
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("booked by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key"])

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "number"], name="activities_booking_number"),
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="activities_booking_ordered"
            ),
        ]
        indexes = [models.Index(fields=["facility", "start"], name="activities_booking_slot")]

    def __str__(self):
        return self.number

    @property
    def holds_slot(self) -> bool:
        return self.state in self.HOLDING


class Post(models.Model):
    """A notice on a board: what went up, when, and when it came down. A column's current
    content is its posts up and not yet taken down; the seed replaces it every two weeks."""

    estate_lookup = "estate"

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Announcement")
        PUBLICITY = "publicity", _("Publicity")
        ACTIVITY = "activity", _("Activity")
        SAFETY = "safety", _("Safety notice")

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    board = models.ForeignKey(
        Facility,
        models.PROTECT,
        related_name="posts",
        limit_choices_to={"kind__in": Facility.BOARD_KINDS},
        verbose_name=_("board"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    put_up_on = models.DateField(_("put up on"))
    taken_down_on = models.DateField(_("taken down on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-put_up_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(taken_down_on__isnull=True)
                | Q(taken_down_on__gte=models.F("put_up_on")),
                name="activities_post_ordered",
            )
        ]

    def __str__(self):
        return self.title


class ReplacementReminder(models.Model):
    """Raised by the daily task when a board's current content is 14 days old; one open
    reminder per board; closed when the replacement is recorded."""

    estate_lookup = "estate"

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    board = models.ForeignKey(
        Facility, models.CASCADE, related_name="reminders", verbose_name=_("board")
    )
    raised_on = models.DateField(_("raised on"))
    content_since = models.DateField(_("content up since"))
    resolved_on = models.DateField(_("replaced on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("replacement reminder")
        verbose_name_plural = _("replacement reminders")
        ordering = ["-raised_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["board"],
                condition=Q(resolved_on__isnull=True),
                name="activities_one_open_reminder",
            )
        ]

    def __str__(self):
        return f"{self.board} {self.raised_on}"


class Plan(models.Model):
    """An activity plan with every field the seed lists: theme, items, expenses (the budget
    lines), location, time, participants, expected headcount, process, cooperating
    departments and prizes; approved by the management office; summarised afterwards."""

    estate_lookup = "estate"

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        DONE = "done", _("Summarised")

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    theme = models.CharField(_("theme"), max_length=120)
    items = models.TextField(_("activity items"))
    location = models.CharField(_("location"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    participants = models.CharField(_("participants"), max_length=200)
    expected_headcount = models.PositiveIntegerField(_("expected headcount"))
    process = models.TextField(_("process"))
    cooperating = models.CharField(_("cooperating departments"), max_length=200)
    prizes = models.TextField(_("prizes"))
    signup_capacity = models.PositiveIntegerField(
        _("households that may sign up"), null=True, blank=True, help_text=_("Empty: no sign-up.")
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SUBMITTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("drawn up by")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    actual_headcount = models.PositiveIntegerField(_("actual headcount"), null=True, blank=True)
    actual_spending = models.DecimalField(
        _("actual spending"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    response = models.TextField(_("owners' response"), blank=True)
    summarised_at = models.DateTimeField(_("summarised at"), null=True, blank=True)
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key"])

    class Meta:
        verbose_name = _("activity plan")
        verbose_name_plural = _("activity plans")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="activities_plan_ordered"
            )
        ]

    def __str__(self):
        return self.theme

    def get_absolute_url(self) -> str:
        return reverse("activities:plan", args=[self.pk])

    @property
    def budget_total(self) -> Decimal:
        return sum((line.amount for line in self.budget.all()), Decimal(0))


class BudgetLine(models.Model):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="budget", verbose_name=_("plan"))
    item = models.CharField(_("expense"), max_length=120)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["plan", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="activities_budget_positive")
        ]

    def __str__(self):
        return self.item


class LayoutTask(models.Model):
    """The venue layout asked of maintenance, security or the environment team: sent to the
    department's head as a notification, acknowledged by the department."""

    estate_lookup = "plan__estate"

    plan = models.ForeignKey(
        Plan, models.CASCADE, related_name="layout_tasks", verbose_name=_("plan")
    )
    department = models.ForeignKey(
        "frontdesk.Department", models.PROTECT, related_name="+", verbose_name=_("department")
    )
    task = models.CharField(_("task"), max_length=200)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("layout task")
        verbose_name_plural = _("layout tasks")
        ordering = ["plan", "id"]

    def __str__(self):
        return self.task


class Duty(models.Model):
    """The division of labour: who does what."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="duties", verbose_name=_("plan"))
    person = models.CharField(_("person"), max_length=60)
    duty = models.CharField(_("duty"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["plan", "id"]

    def __str__(self):
        return f"{self.person}: {self.duty}"


class SignUp(models.Model):
    """A household signed up; past the capacity it waits, and moves up when a place frees."""

    estate_lookup = "plan__estate"

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="signups", verbose_name=_("plan"))
    unit = models.ForeignKey(
        "owners.Unit", models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=60)
    people = models.PositiveSmallIntegerField(_("people"), default=1)
    waiting = models.BooleanField(_("on the waiting list"), default=False)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["plan", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit"],
                condition=Q(cancelled=False),
                name="activities_one_signup_per_household",
            )
        ]

    def __str__(self):
        return f"{self.plan} {self.name}"


class ArchiveFile(models.Model):
    """A photo, video or recording of an activity, in private storage."""

    estate_lookup = "plan__estate"

    class Kind(models.TextChoices):
        IMAGE = "image", _("Photo")
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Recording")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="archive", verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    file = models.FileField(
        _("file"), upload_to="activities/%Y/%m/", storage=select_private_storage
    )
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("archive file")
        verbose_name_plural = _("archive files")
        ordering = ["plan", "id"]

    def __str__(self):
        return self.caption or self.file.name
