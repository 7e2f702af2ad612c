"""Inspections and supervision (巡检与督导): templates of check items over places, rounds
walked on a phone (a QR code at each place confirms presence and time), item results, and the
nonconformities they find, followed to the end: handled on the spot by the team leader or on an
internal coordination sheet (``workorders``), then a follow-up check that closes them or opens
the next step.

The vacant-house custody inspections stay in ``checkin``: they are per unit (one house, its
doors, windows and meters), driven by the custody agreement and heavy-rain alerts, and report
to the owner; these rounds are per public place and report to departments.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from frontdesk.models import Department
from owners.models import select_private_storage

_TOKEN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_token() -> str:
    """The code printed under a place's QR code: short enough to type when a camera fails."""
    return "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(10))


class Place(models.Model):
    """A building, a security post or an area of the estate, with its printed QR code."""

    estate_lookup = "estate"

    class Kind(models.TextChoices):
        BUILDING = "building", _("Building")
        POST = "post", _("Security post")
        AREA = "area", _("Area")

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    name = models.CharField(_("place"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.AREA)
    building = models.ForeignKey(
        "owners.Building",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("building"),
    )
    token = models.CharField(
        _("QR code"), max_length=16, unique=True, default=new_token, editable=False
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection place")
        verbose_name_plural = _("inspection places")
        ordering = ["estate", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "name"], name="inspection_place_per_estate")
        ]

    def __str__(self):
        return self.name

    def qr_path(self) -> str:
        return reverse("inspections:place-visit", args=[self.pk]) + f"?t={self.token}"


class Template(models.Model):
    estate_lookup = "estate"

    class Kind(models.TextChoices):
        BUILDING = "building", _("Daily building inspection")
        SECURITY = "security", _("Security supervision")
        ENGINEERING = "engineering", _("Engineering supervision")
        CLEANING = "cleaning", _("Cleaning supervision")
        GREENING = "greening", _("Greening supervision")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY
    )
    places = models.ManyToManyField(Place, related_name="templates", verbose_name=_("places"))
    # Who walks the rounds the beat plans at the template's frequency; empty: rounds of this
    # template are planned by hand only.
    default_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned automatically for"),
        help_text=_(
            "Rounds are planned each day for the coming period at the template's frequency, "
            "assigned to this person. Empty: plan them by hand."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[places])

    class Meta:
        verbose_name = _("inspection template")
        verbose_name_plural = _("inspection templates")
        ordering = ["estate", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "name"], name="inspection_template_name")
        ]

    def __str__(self):
        return self.name


class TemplateItem(models.Model):
    """A check item: passes, is nonconforming (a note, photos) or does not apply."""

    estate_lookup = "template__estate"

    template = models.ForeignKey(
        Template, models.CASCADE, related_name="items", verbose_name=_("template")
    )
    text = models.CharField(_("check item"), max_length=120)
    department_kind = models.CharField(
        _("department responsible"), max_length=20, choices=Department.Kind.choices
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("check item")
        verbose_name_plural = _("check items")
        ordering = ["template", "position", "id"]

    def __str__(self):
        return self.text


class DepartmentRule(models.Model):
    """Per department: days until the follow-up check; whether the work is outsourced (the
    contractor is emailed when a coordination sheet goes to it)."""

    estate_lookup = "department__estate"

    department = models.OneToOneField(
        "frontdesk.Department", models.CASCADE, related_name="+", verbose_name=_("department")
    )
    follow_up_days = models.PositiveSmallIntegerField(_("follow-up after (days)"), default=3)
    outsourced = models.BooleanField(_("outsourced"), default=False)
    contractor = models.CharField(_("outsourced company"), max_length=60, blank=True)
    contractor_email = models.EmailField(_("contractor's email"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department inspection rule")
        verbose_name_plural = _("department inspection rules")

    def __str__(self):
        return str(self.department)

    def clean(self):
        if self.outsourced and not self.contractor_email:
            raise ValidationError(
                {"contractor_email": _("An outsourced department needs its contractor's email.")}
            )


class Round(models.Model):
    estate_lookup = "estate"

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        MISSED = "missed", _("Missed")

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    template = models.ForeignKey(
        Template, models.PROTECT, related_name="rounds", verbose_name=_("template")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("assigned to")
    )
    # Empty: planned by the beat from the template's frequency (``period_start`` set).
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    due_on = models.DateField(_("due on"))
    period_start = models.DateField(_("period planned"), null=True, blank=True)
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        ordering = ["-due_on", "-id"]
        constraints = [
            # One automatic round per template (its place set) and period: the beat may run
            # twice.
            models.UniqueConstraint(
                fields=["template", "period_start"], name="inspection_round_period"
            )
        ]
        indexes = [
            models.Index(fields=["estate", "due_on"], name="inspection_round_due"),
            models.Index(fields=["assignee", "status", "due_on"], name="inspection_round_mine"),
        ]

    def __str__(self):
        return f"{self.template} {self.due_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:round", args=[self.pk])

    @property
    def on_time(self) -> bool:
        return self.completed_on is not None and self.completed_on <= self.due_on


class PlaceVisit(models.Model):
    """A place of a round: confirmed by its QR code (presence and time), or excused by a
    supervisor with a reason."""

    estate_lookup = "round__estate"

    round = models.ForeignKey(Round, models.CASCADE, related_name="visits")
    place = models.ForeignKey(Place, models.PROTECT, related_name="+", verbose_name=_("place"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    excused_at = models.DateTimeField(_("excused at"), null=True, blank=True)
    excused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    excuse = models.CharField(_("reason excused"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("place visit")
        verbose_name_plural = _("place visits")
        ordering = ["round", "place__position", "place_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "place"], name="inspection_visit_once")
        ]

    def __str__(self):
        return f"{self.round} · {self.place}"

    @property
    def walked(self) -> bool:
        return self.confirmed_at is not None or self.excused_at is not None


class ItemResult(models.Model):
    estate_lookup = "round__estate"

    class Outcome(models.TextChoices):
        PASS = "pass", _("Pass")
        NONCONFORMING = "nonconforming", _("Nonconforming")
        NOT_APPLICABLE = "na", _("Not applicable")

    round = models.ForeignKey(Round, models.CASCADE, related_name="results")
    place = models.ForeignKey(Place, models.PROTECT, related_name="+", verbose_name=_("place"))
    item = models.ForeignKey(
        TemplateItem, models.PROTECT, related_name="+", verbose_name=_("check item")
    )
    outcome = models.CharField(_("result"), max_length=14, choices=Outcome.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    # The key of the form that last recorded it: the same post again (a double tap on a slow
    # phone) changes nothing and adds no photo twice.
    form_key = models.UUIDField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("item result")
        verbose_name_plural = _("item results")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "place", "item"], name="inspection_result_once"
            )
        ]

    def __str__(self):
        return f"{self.place} · {self.item}: {self.get_outcome_display()}"


class Nonconformity(models.Model):
    estate_lookup = "estate"

    class Status(models.TextChoices):
        OPEN = "open", _("To handle")
        HANDLED = "handled", _("Handled on the spot")
        SHEET = "sheet", _("On a coordination sheet")
        CLOSED = "closed", _("Closed")

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    result = models.OneToOneField(
        ItemResult, models.PROTECT, related_name="nonconformity", verbose_name=_("finding")
    )
    # Copied from the result: the monthly report groups them without joins.
    place = models.ForeignKey(Place, models.PROTECT, related_name="+", verbose_name=_("place"))
    item = models.ForeignKey(
        TemplateItem, models.PROTECT, related_name="+", verbose_name=_("check item")
    )
    department = models.ForeignKey(
        "frontdesk.Department", models.PROTECT, related_name="+", verbose_name=_("department")
    )
    description = models.CharField(_("what was found"), max_length=300)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="open")
    step = models.PositiveSmallIntegerField(_("step"), default=1)
    found_at = models.DateTimeField(_("found at"))
    handled_by_name = models.CharField(_("team leader"), max_length=50, blank=True)
    handling = models.CharField(_("what was done"), max_length=300, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coordination sheet"),
    )
    # The outsourced contractor told of the coordination sheet: to whom, and when it was sent.
    contractor_email = models.EmailField(_("contractor's email"), blank=True)
    contractor_notified_at = models.DateTimeField(_("contractor notified"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The key of the form of the last step taken (handled, sheet, follow-up): its second post
    # is the same step, not a refused new one.
    form_key = models.UUIDField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")
        ordering = ["-found_at", "-id"]
        indexes = [
            models.Index(fields=["estate", "found_at"], name="inspection_nc_found"),
            models.Index(fields=["estate", "status"], name="inspection_nc_status"),
        ]

    def __str__(self):
        return f"{self.place} · {self.item}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:nonconformity", args=[self.pk])


class FollowUp(models.Model):
    """The follow-up check of a handled nonconformity, due a department's days later."""

    estate_lookup = "nonconformity__estate"

    class Result(models.TextChoices):
        RESOLVED = "resolved", _("Resolved")
        NOT_RESOLVED = "not_resolved", _("Not resolved")

    nonconformity = models.ForeignKey(Nonconformity, models.CASCADE, related_name="follow_ups")
    step = models.PositiveSmallIntegerField(_("step"))
    # Empty while the coordination sheet is worked on: due the day the department completes it.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up check")
        verbose_name_plural = _("follow-up checks")
        ordering = ["nonconformity", "step"]
        constraints = [
            models.UniqueConstraint(fields=["nonconformity", "step"], name="inspection_follow_up")
        ]
        indexes = [
            # The open checks only (the today panel): closed ones never slow it down.
            models.Index(
                fields=["due_on"], condition=models.Q(result=""), name="inspection_follow_up_open"
            )
        ]

    def __str__(self):
        return f"{self.nonconformity} #{self.step}"


class Photo(models.Model):
    """A photo of a finding, its handling or its follow-up: images only, private storage."""

    estate_lookup = "estate"

    class Stage(models.TextChoices):
        FINDING = "finding", _("Finding")
        HANDLING = "handling", _("Handling")
        FOLLOW_UP = "follow_up", _("Follow-up")

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    result = models.ForeignKey(ItemResult, models.CASCADE, related_name="photos")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    file = models.ImageField(
        _("photo"), storage=select_private_storage, upload_to="inspections/%Y/%m/"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        ordering = ["id"]

    def __str__(self):
        return self.file.name
