"""Complaints (投诉): the record, its verdict, the procedure's steps, files, verdict changes,
and the estate's settings (department per cause, clocks per severity)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from owners.models import select_private_storage

from .choices import (  # noqa: F401  (the models' choices, imported from here too)
    OPEN_STATUSES,
    UNRESOLVED_STATUSES,
    Cause,
    Channel,
    ComplainantKind,
    Escalation,
    Severity,
    Status,
    Step,
    Verdict,
    VisitResult,
)


class CauseDepartment(models.Model):
    """Which department an estate sends a cause to (else ``DEFAULT_DEPARTMENT_KIND``)."""

    estate_lookup = "estate"

    estate = models.ForeignKey("owners.Estate", models.CASCADE, related_name="+")
    cause = models.CharField(_("cause"), max_length=12, choices=Cause.choices)
    department = models.ForeignKey(
        "frontdesk.Department", models.CASCADE, related_name="+", verbose_name=_("department")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department per cause")
        verbose_name_plural = _("departments per cause")
        ordering = ["estate", "cause"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "cause"], name="complaint_cause_per_estate")
        ]

    def __str__(self):
        return f"{self.get_cause_display()} → {self.department}"


class SeverityClock(models.Model):
    """The time an estate allows a complaint of one severity: to respond, and to resolve (in
    hours, or in working days when set)."""

    estate_lookup = "estate"

    estate = models.ForeignKey("owners.Estate", models.CASCADE, related_name="+")
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    respond_hours = models.PositiveIntegerField(
        _("respond within (hours)"), validators=[MaxValueValidator(24 * 30)]
    )
    resolve_hours = models.PositiveIntegerField(
        _("resolve within (hours)"), default=0, validators=[MaxValueValidator(24 * 90)]
    )
    resolve_working_days = models.PositiveIntegerField(
        _("resolve within (working days)"),
        default=0,
        validators=[MaxValueValidator(90)],
        help_text=_("When set, counts instead of the hours."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint clock")
        verbose_name_plural = _("complaint clocks")
        ordering = ["estate", "severity"]
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "severity"], name="complaint_clock_per_severity"
            )
        ]

    def __str__(self):
        return self.get_severity_display()


class Complaint(models.Model):
    estate_lookup = "estate"

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    number = models.CharField(_("complaint number"), max_length=20)
    channel = models.CharField(_("complaint channel"), max_length=8, choices=Channel.choices)
    complainant_kind = models.CharField(
        _("complainant is"), max_length=10, choices=ComplainantKind.choices
    )
    complainant_name = models.CharField(_("complainant"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    unit = models.ForeignKey(
        "owners.Unit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("unit"),
    )
    owner = models.ForeignKey(
        "owners.Owner",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("owner"),
    )
    description = models.TextField(_("what happened"))
    happened_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    place = models.CharField(_("where"), max_length=200, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.ORDINARY
    )
    verdict = models.CharField(
        _("verdict"), max_length=14, choices=Verdict.choices, default=Verdict.PENDING
    )
    cause = models.CharField(_("cause"), max_length=12, choices=Cause.choices, blank=True)
    invalid_reason = models.TextField(_("why invalid"), blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("judged by"),
    )
    judged_at = models.DateTimeField(_("judged at"), null=True, blank=True)
    department = models.ForeignKey(
        "frontdesk.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handler"),
    )
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.RECEIVED
    )
    respond_due = models.DateTimeField(_("respond by"))
    resolve_due = models.DateTimeField(_("resolve by"))
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    escalation = models.PositiveSmallIntegerField(
        _("escalated to"), choices=Escalation.choices, default=Escalation.DESK
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("work order"),
    )
    phone_call = models.ForeignKey(
        "reception.PhoneCall",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("phone call"),
    )
    # The complainant's arrears when the payment check was made (communication procedure).
    arrears_snapshot = models.JSONField(_("arrears when checked"), null=True, blank=True)
    visit_result = models.CharField(
        _("return visit result"), max_length=12, choices=VisitResult.choices, blank=True
    )
    visit_at = models.DateTimeField(_("return visit at"), null=True, blank=True)
    form_key = models.UUIDField(_("form key"), null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key"])

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "number"], name="complaint_number_per_estate")
        ]
        indexes = [
            models.Index(fields=["estate", "status", "resolve_due"], name="complaint_estate_due"),
            models.Index(fields=["department", "status", "resolve_due"], name="complaint_dept_due"),
            models.Index(fields=["status", "resolve_due"], name="complaint_status_due"),
            models.Index(fields=["unit", "received_at"], name="complaint_unit_received"),
            # The month's statistics: by estate and time, the unit (building) without the row.
            models.Index(
                fields=["estate", "received_at", "unit"], name="complaint_estate_received"
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("complaints:complaint-detail", args=[self.pk])

    @property
    def where(self) -> str:
        return self.unit.code if self.unit_id and self.unit else self.place

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def respond_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_open and self.responded_at is None and self.respond_due < now

    def resolve_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status in UNRESOLVED_STATUSES and self.resolve_due < now

    @property
    def is_overdue(self) -> bool:
        now = timezone.now()
        return self.respond_overdue(now) or self.resolve_overdue(now)


class ComplaintStep(models.Model):
    """One step of the procedure (or an event of the complaint's log): who, when, notes."""

    estate_lookup = "complaint__estate"

    complaint = models.ForeignKey(Complaint, models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    # The handling round: 0, then one more after each reopening.
    round = models.PositiveSmallIntegerField(_("round"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    notes = models.TextField(_("notes"), blank=True)
    # Step facts: arrival time and who went (site visit), the result (handling, return visit).
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("complaint step")
        verbose_name_plural = _("complaint steps")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "step"], name="complaintstep_step")]

    def __str__(self):
        return f"{self.complaint_id} {self.step}"


class VerdictChange(models.Model):
    """A verdict changed after it was given: from what to what, by whom, why."""

    estate_lookup = "complaint__estate"

    complaint = models.ForeignKey(Complaint, models.CASCADE, related_name="verdict_changes")
    from_verdict = models.CharField(_("from verdict"), max_length=14, choices=Verdict.choices)
    from_cause = models.CharField(_("from cause"), max_length=12, choices=Cause.choices, blank=True)
    to_verdict = models.CharField(_("to verdict"), max_length=14, choices=Verdict.choices)
    to_cause = models.CharField(_("to cause"), max_length=12, choices=Cause.choices, blank=True)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("verdict change")
        verbose_name_plural = _("verdict changes")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.complaint_id}: {self.from_verdict} → {self.to_verdict}"


class ComplaintFile(models.Model):
    """A photo or file of the complaint (private media, served through a checked view)."""

    estate_lookup = "complaint__estate"

    complaint = models.ForeignKey(Complaint, models.CASCADE, related_name="files")
    step = models.ForeignKey(
        ComplaintStep, models.SET_NULL, null=True, blank=True, related_name="files"
    )
    file = models.FileField(
        _("file"), storage=select_private_storage, upload_to="complaints/%Y/%m/"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint file")
        verbose_name_plural = _("complaint files")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.file.name.rsplit("/")[-1]
