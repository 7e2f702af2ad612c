"""The kernel's tables: departments, staff profiles, document numbers, notifications."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from owners.models import select_private_storage

from .text import local_name, staff_name


class Department(models.Model):
    estate_lookup = "estate"

    class Kind(models.TextChoices):
        CUSTOMER_SERVICE = "customer_service", _("Customer service")
        ENGINEERING = "engineering", _("Engineering & maintenance")
        SECURITY = "security", _("Security")
        CLEANING = "cleaning", _("Cleaning & environment")
        GREENING = "greening", _("Greening")
        FINANCE = "finance", _("Finance")
        MANAGEMENT = "management", _("Management office")

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="departments")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)
    name_en = models.CharField(
        _("English name"),
        max_length=50,
        blank=True,
        help_text=_("Shown when the desk is in English; empty: the name (or the kind)."),
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head"),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["estate", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "kind"], name="department_kind_per_estate")
        ]

    def __str__(self):
        if not self.name:
            return str(self.get_kind_display())
        return local_name(self.name, self.name_en)


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="staff_profile"
    )
    estates = models.ManyToManyField("owners.Estate", related_name="staff", blank=True)
    department = models.ForeignKey(
        Department,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("department"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    history = HistoricalRecords(m2m_fields=[estates])

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return staff_name(self.user)


class DocumentSequence(models.Model):
    """The last number given out per estate, kind and year; locked while allocating."""

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document number sequence")
        verbose_name_plural = _("document number sequences")
        constraints = [
            models.UniqueConstraint(fields=["estate", "kind", "year"], name="one_sequence")
        ]

    def __str__(self):
        return f"{self.estate_id}/{self.kind}/{self.year}: {self.last_number}"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["emailed_at"], name="notification_unsent_idx"),
        ]

    def __str__(self):
        return self.title


class Job(models.Model):
    """Long work run by a Celery task for a user (billing a month, printing notices), with its
    progress for a progress bar and, when it makes one, a file to download."""

    estate_lookup = "estate"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    estate = models.ForeignKey(
        "owners.Estate", models.CASCADE, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="jobs")
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(_("result"), blank=True)
    file = models.FileField(
        _("file"), storage=select_private_storage, upload_to="jobs/%Y/%m/", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # A run holds a lease that its progress calls renew; when the lease runs out, its worker
    # died and the sweep queues the job again, ``attempts`` times at most (``frontdesk.jobs``).
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [
            # The sweep's every-minute look for open jobs reads only these few rows.
            models.Index(
                fields=["status"],
                condition=models.Q(status__in=["queued", "running"]),
                name="frontdesk_job_open",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
