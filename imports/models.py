"""An import of an office's data: the file, how its columns map, the problems found per row
and cell, and the job that wrote it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from owners.models import select_private_storage


class Kind(models.TextChoices):
    HC_ROOMS = "hc_rooms", _("HC houses and owners (资产信息)")
    HC_VEHICLES = "hc_vehicles", _("HC owners' vehicles (业主车辆信息)")
    ROSTER = "roster", _("Owner roster (office spreadsheet)")
    HC_FEES = "hc_fees", _("HC opening arrears (房屋费用信息)")
    HC_PAYMENTS = "hc_payments", _("HC payment history (缴费历史)")


class ImportBatch(models.Model):
    estate_lookup = "estate"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        CHECKED = "checked", _("Checked")
        QUEUED = "queued", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    source = models.CharField(
        _("source"), max_length=50, help_text=_("Where the file comes from, e.g. HC")
    )
    file = models.FileField(_("file"), storage=select_private_storage, upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=200)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    default_since = models.DateField(
        _("owner since, when the file gives no date"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)
    summary = models.JSONField(default=dict, blank=True)
    job = models.ForeignKey(
        "frontdesk.Job", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["headers", "summary"])

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.file_name}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("imports:detail", args=[self.pk])


class ImportProblem(models.Model):
    """One problem of one row (and cell): an error rejects the row, a warning does not."""

    estate_lookup = "batch__estate"

    batch = models.ForeignKey(ImportBatch, models.CASCADE, related_name="problems")
    row = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=100, blank=True)
    value = models.CharField(_("value"), max_length=200, blank=True)
    message = models.CharField(_("problem"), max_length=300)
    is_error = models.BooleanField(_("rejects the row"), default=True)

    class Meta:
        verbose_name = _("import problem")
        verbose_name_plural = _("import problems")
        ordering = ["batch", "row", "id"]
        indexes = [models.Index(fields=["batch", "row", "id"], name="import_problem_page")]

    def __str__(self):
        return f"{self.row}: {self.message}"


class SourceMapping(models.Model):
    """The column mapping last confirmed for a source, offered again for its next file."""

    estate_lookup = "estate"

    estate = models.ForeignKey("owners.Estate", models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=50)
    mapping = models.JSONField(default=dict)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remembered column mapping")
        verbose_name_plural = _("remembered column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "kind", "source"], name="one_mapping_per_source"
            )
        ]

    def __str__(self):
        return f"{self.source} · {self.get_kind_display()}"


class OpeningCharge(models.Model):
    """An opening arrear charged through fees from an imported fee row: its key (unit, fee,
    period, amount) makes a re-import charge nothing twice."""

    estate_lookup = "estate"

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    key = models.CharField(max_length=200)
    unit = models.ForeignKey("owners.Unit", models.PROTECT, related_name="+")
    charge = models.ForeignKey("fees.Charge", models.PROTECT, related_name="+")
    batch = models.ForeignKey(ImportBatch, models.PROTECT, related_name="charges")

    class Meta:
        verbose_name = _("opening arrear")
        verbose_name_plural = _("opening arrears")
        constraints = [
            models.UniqueConstraint(fields=["estate", "key"], name="one_opening_charge_per_key")
        ]

    def __str__(self):
        return self.key


class PastPayment(models.Model):
    """A payment made before the office moved in, as its old system recorded it: kept for the
    desk to read (the unit's history), never money in fees (no receipt of ours, no balance).
    Written once by an import; its key (unit, fee, paid on, amount, receipt) makes a
    re-import add nothing."""

    estate_lookup = "estate"

    estate = models.ForeignKey("owners.Estate", models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "owners.Unit", models.PROTECT, related_name="past_payments", verbose_name=_("unit")
    )
    key = models.CharField(max_length=200)
    fee = models.CharField(_("fee"), max_length=50, blank=True)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("until"), null=True, blank=True)
    amount = models.DecimalField(_("amount paid"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)
    method = models.CharField(_("payment method"), max_length=20, blank=True)
    payer = models.CharField(_("paid by"), max_length=50, blank=True)
    batch = models.ForeignKey(ImportBatch, models.PROTECT, related_name="payments")

    class Meta:
        verbose_name = _("payment before Front Desk")
        verbose_name_plural = _("payments before Front Desk")
        ordering = ["unit", "-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "key"], name="one_past_payment_per_key")
        ]
        indexes = [models.Index(fields=["unit", "-paid_on", "-id"], name="past_payment_unit")]

    def __str__(self):
        return f"{self.unit_id} · {self.paid_on} · {self.amount}"
