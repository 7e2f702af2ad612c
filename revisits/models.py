"""Return visits (回访): one per source (a completed work order, a resolved complaint, a
planned visit to a unit), with its deadline, the call or home-visit attempts, the owner's
scores and words, and the rules that set the deadline per work-order category."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workorders.choices import Category

from .choices import (
    OPEN_STATUSES,
    AttemptResult,
    Channel,
    CountedFrom,
    Result,
    SourceKind,
    Status,
)

SCORE_FIELDS = ("score_timeliness", "score_attitude", "score_quality", "score_overall")


def _score(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class RevisitRule(models.Model):
    """How soon an estate revisits a work-order category, and from what the days count.
    Without a row the seed's defaults hold (``services.rules.DEFAULT_RULES``)."""

    estate_lookup = "estate"

    estate = models.ForeignKey("owners.Estate", models.CASCADE, related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    days = models.PositiveSmallIntegerField(
        _("days allowed"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    counted_from = models.CharField(
        _("counted from"),
        max_length=12,
        choices=CountedFrom.choices,
        default=CountedFrom.COMPLETION,
    )
    safety_facility = models.BooleanField(
        _("safety facility"),
        default=False,
        help_text=_("Repairs of this category are repairs of safety facilities."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("return-visit rule")
        verbose_name_plural = _("return-visit rules")
        ordering = ["estate", "category"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "category"], name="one_revisit_rule")
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.days}"


class VisitPlan(models.Model):
    """The supervisor's plan of visits beyond repairs: whom (units), when, how, by whom. Each
    unit becomes a revisit in the staff's queue, recorded the same way."""

    estate_lookup = "estate"

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    title = models.CharField(_("title"), max_length=100)
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("visited by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("revisits:plan-detail", args=[self.pk])


class Revisit(models.Model):
    estate_lookup = "estate"

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    source_kind = models.CharField(
        _("source"), max_length=12, choices=SourceKind.choices, default=SourceKind.WORK_ORDER
    )
    # One nullable link per kind of source, each unique: whatever arrives twice, one revisit.
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("work order"),
    )
    # A complaint is revisited once per resolution: a dissatisfied visit reopens it, and its
    # next resolution (``reopen_count`` one higher) is visited again.
    complaint = models.ForeignKey(
        "complaints.Complaint",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("complaint"),
    )
    complaint_round = models.PositiveSmallIntegerField(_("complaint round"), default=0)
    # A convenience service is revisited once, after the owner accepted it.
    service = models.ForeignKey(
        "services.ServiceRequest",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    plan = models.ForeignKey(
        VisitPlan,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="revisits",
        verbose_name=_("visit plan"),
    )
    unit = models.ForeignKey(
        "owners.Unit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    category = models.CharField(_("category"), max_length=20, blank=True)
    summary = models.CharField(_("what was done"), max_length=200, blank=True)
    department = models.ForeignKey(
        "frontdesk.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("technician"),
    )
    counted_from = models.DateTimeField(_("counted from"))
    due_at = models.DateTimeField(_("due by"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # The last status the CS supervisors were told about: the sweep tells them once.
    notified_status = models.CharField(
        _("supervisors notified of"), max_length=10, choices=Status.choices, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    # The visit.
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices, blank=True)
    visited_at = models.DateTimeField(_("visited at"), null=True, blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("visited by"),
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, blank=True)
    score_timeliness = _score(_("timeliness"))
    score_attitude = _score(_("attitude"))
    score_quality = _score(_("quality"))
    score_overall = _score(_("overall"))
    owner_words = models.TextField(_("the owner's words"), blank=True)
    # The seed's manner checklist (3).
    manner_warm = models.BooleanField(_("warm, gentle and to the point"), default=False)
    manner_explained = models.BooleanField(_("explained patiently, with reasons"), default=False)
    manner_thanked = models.BooleanField(
        _("thanked the owner and closed the door on leaving"), default=False
    )
    problem_found = models.TextField(_("problem found"), blank=True)
    rectification_order = models.ForeignKey(
        "workorders.WorkOrder",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rectification order"),
    )
    # A supervisor's word: closing after three failed attempts, or a dissatisfied owner
    # without a rectification order.
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    sign_off_reason = models.TextField(_("supervisor's reason"), blank=True)
    exempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exempted by"),
    )
    exempt_reason = models.TextField(_("reason for the exemption"), blank=True)
    exempted_at = models.DateTimeField(_("exempted at"), null=True, blank=True)
    # The sweep's bookkeeping of whom it told is not the revisit's history.
    history = HistoricalRecords(excluded_fields=["notified_status"])

    class Meta:
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_order"],
                condition=Q(work_order__isnull=False),
                name="one_revisit_per_work_order",
            ),
            models.UniqueConstraint(
                fields=["complaint", "complaint_round"],
                condition=Q(complaint__isnull=False),
                name="one_revisit_per_complaint_round",
            ),
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(service__isnull=False),
                name="one_revisit_per_service",
            ),
            models.UniqueConstraint(
                fields=["plan", "unit"],
                condition=Q(plan__isnull=False),
                name="one_revisit_per_plan_and_unit",
            ),
            models.CheckConstraint(
                condition=Q(source_kind="work_order", work_order__isnull=False)
                | ~Q(source_kind="work_order"),
                name="revisit_work_order_source",
            ),
            models.CheckConstraint(
                condition=Q(source_kind="complaint", complaint__isnull=False)
                | ~Q(source_kind="complaint"),
                name="revisit_complaint_source",
            ),
            models.CheckConstraint(
                condition=Q(source_kind="plan", plan__isnull=False) | ~Q(source_kind="plan"),
                name="revisit_plan_source",
            ),
            models.CheckConstraint(
                condition=Q(source_kind="service", service__isnull=False)
                | ~Q(source_kind="service"),
                name="revisit_service_source",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"revisit_{name}_1_to_5",
                )
                for name in SCORE_FIELDS
            ),
        ]
        indexes = [
            models.Index(fields=["estate", "status", "due_at"], name="revisit_estate_status_due"),
            models.Index(fields=["status", "due_at"], name="revisit_status_due"),
            models.Index(fields=["estate", "due_at"], name="revisit_estate_due"),
            models.Index(fields=["unit", "due_at"], name="revisit_unit_due"),
        ]

    def __str__(self):
        return _("Return visit #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("revisits:revisit-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def source_label(self) -> str:
        """The source's number or title (its row selected with the revisit)."""
        if self.work_order_id:
            return self.work_order.number  # type: ignore[union-attr]
        if self.complaint_id:
            return self.complaint.number  # type: ignore[union-attr]
        if self.service_id:
            return self.service.number  # type: ignore[union-attr]
        return self.plan.title if self.plan_id else ""  # type: ignore[union-attr]


class Attempt(models.Model):
    """One try to reach the owner: at home or by phone, with what came of it."""

    estate_lookup = "revisit__estate"

    revisit = models.ForeignKey(Revisit, models.CASCADE, related_name="attempts")
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    result = models.CharField(_("result"), max_length=14, choices=AttemptResult.choices)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # The attempt form's idempotency key: a double-submitted form logs one attempt.
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit attempt")
        verbose_name_plural = _("visit attempts")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.revisit_id} {self.result}"


class RevisitSettings(models.Model):
    """An estate's return-visit settings, edited in the admin."""

    estate_lookup = "estate"

    estate = models.OneToOneField(
        "owners.Estate", models.CASCADE, related_name="+", verbose_name=_("estate")
    )
    include_coordination = models.BooleanField(
        _("revisit internal coordination sheets"),
        default=False,
        help_text=_("Owner repairs and engineering orders are always revisited."),
    )
    complaint_days = models.PositiveSmallIntegerField(
        _("days to revisit a resolved complaint"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Counted in local days from the complaint's resolution."),
    )
    problem_threshold = models.PositiveSmallIntegerField(
        _("similar problems that call for an analysis report"),
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(1000)],
        help_text=_("Problems of one category in a month; at this many a report is drafted."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("return-visit settings")
        verbose_name_plural = _("return-visit settings")

    def __str__(self):
        return str(self.estate)


class AnalysisReport(models.Model):
    """The statistical analysis report of a month with many similar problems (seed (5)):
    drafted by the monthly run, edited and reviewed by the CS supervisor, submitted to the
    director of the management office."""

    estate_lookup = "estate"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEWED = "reviewed", _("Reviewed")
        SUBMITTED = "submitted", _("Submitted to the director")

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    body = models.TextField(_("analysis"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("return-visit analysis report")
        verbose_name_plural = _("return-visit analysis reports")
        ordering = ["-month", "estate"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "month"], name="one_analysis_per_month")
        ]

    def __str__(self):
        return f"{self.estate} {self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("revisits:report-detail", args=[self.pk])
