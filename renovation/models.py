"""Renovation (装修): an owner's decoration works from the application to the completion check.

A renovation is applied for at the desk (the owner, an agent with a power of attorney, or a
tenant with the owner's consent), with its contractor and the legal checklist of the
Measures for the Management of Residential Interior Decoration (Ministry of Construction
order 110, Art. 5–8): each ticked item needs its document on file before engineering may
approve. Approval charges the decoration-garbage transport fee; the agreement is signed; the
construction permit is issued once both are done, with temporary passes for the workers that
expire with it. Patrols follow the works; a violation gets a rectification notice and a
re-check. The acceptance (two attempts), the closed-water test where waterproofing changed
and the garbage cleared close it.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from owners.models import select_private_storage
from owners.validators import IdType

# The Measures' Art. 5 prohibitions (and the usual ones of an agreement): an estate with no
# list of its own in the admin uses these; the admin's "load the defaults" copies them.
DEFAULT_PROHIBITED = (
    _("Turning a room or balcony without waterproofing into a bathroom or kitchen"),
    _(
        "Enlarging door or window openings in load-bearing walls, or removing the brick or "
        "concrete wall joining a balcony"
    ),
    _("Damaging the building's energy-saving installations"),
    _("Occupying or altering common parts, or leaving decoration garbage in common areas"),
    _("Moving entrance doors outward or removing window guards"),
    _("Other works that endanger the building's structure or safe use"),
)


class Settings(models.Model):
    """An estate's renovation rules: the working hours printed on the agreement and the
    permit, and how often a running renovation is patrolled. An estate without a row uses
    the defaults (``for_estate``)."""

    estate_lookup = "estate"

    estate = models.OneToOneField(
        "owners.Estate", models.CASCADE, related_name="+", verbose_name=_("estate")
    )
    weekday_from = models.TimeField(_("weekdays from"), default=datetime.time(8, 0))
    weekday_until = models.TimeField(_("weekdays until"), default=datetime.time(18, 0))
    weekend_from = models.TimeField(_("weekends from"), default=datetime.time(9, 0))
    weekend_until = models.TimeField(_("weekends until"), default=datetime.time(17, 0))
    noisy_note = models.CharField(
        _("note on noisy work"),
        max_length=200,
        blank=True,
        help_text=_("e.g. no drilling or cutting 12:00–14:00"),
    )
    patrol_every_days = models.PositiveSmallIntegerField(
        _("patrol every (days)"),
        default=1,
        help_text=_("1: daily, the first-tier service standard."),
    )
    # Money the estate takes besides the garbage fee (none when left empty).
    deposit_fee_type = models.ForeignKey(
        "fees.FeeType",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "deposit", "active": True},
        verbose_name=_("deposit fee type"),
        help_text=_("Empty: the estate takes no renovation deposit."),
    )
    deposit_amount = models.DecimalField(
        _("renovation deposit"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    deposit_hold_days = models.PositiveSmallIntegerField(
        _("deposit held after completion (days)"),
        default=30,
        help_text=_("The deposit is refunded this many days after the works are accepted."),
    )
    pass_fee_type = models.ForeignKey(
        "fees.FeeType",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pass fee type"),
        help_text=_("Empty: worker passes are free."),
    )
    pass_fee = models.DecimalField(
        _("fee per worker pass"), max_digits=8, decimal_places=2, default=Decimal(0)
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("renovation settings")
        verbose_name_plural = _("renovation settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(patrol_every_days__gte=1), name="renovation_patrol_at_least_daily"
            ),
            models.CheckConstraint(
                condition=Q(weekday_from__lt=models.F("weekday_until"))
                & Q(weekend_from__lt=models.F("weekend_until")),
                name="renovation_hours_ordered",
            ),
            models.CheckConstraint(
                condition=Q(deposit_amount__gte=0) & Q(pass_fee__gte=0),
                name="renovation_money_not_negative",
            ),
        ]

    def __str__(self):
        return str(self.estate)

    @classmethod
    def for_estate(cls, estate_id: int) -> "Settings":
        return cls.objects.filter(estate_id=estate_id).first() or cls(estate_id=estate_id)

    def clean(self):
        errors = {}
        for name in ("deposit_fee_type", "pass_fee_type"):
            fee_type = getattr(self, name)
            if fee_type is not None and fee_type.estate_id != self.estate_id:
                errors[name] = _("Choose a fee type of this estate.")
        if self.deposit_fee_type is not None and self.deposit_fee_type.kind != "deposit":
            errors.setdefault("deposit_fee_type", _("Choose a deposit fee type."))
        if self.pass_fee_type is not None and self.pass_fee_type.kind == "deposit":
            errors.setdefault("pass_fee_type", _("A pass fee is not a deposit."))
        if errors:
            raise ValidationError(errors)

    @property
    def takes_deposit(self) -> bool:
        return self.deposit_fee_type_id is not None and self.deposit_amount > 0

    @property
    def takes_pass_fee(self) -> bool:
        return self.pass_fee_type_id is not None and self.pass_fee > 0

    @property
    def weekday_hours(self) -> str:
        return f"{self.weekday_from:%H:%M}–{self.weekday_until:%H:%M}"

    @property
    def weekend_hours(self) -> str:
        return f"{self.weekend_from:%H:%M}–{self.weekend_until:%H:%M}"


class ProhibitedItem(models.Model):
    """A work the estate never allows (refused outright), printed on the agreement."""

    estate_lookup = "estate"

    estate = models.ForeignKey(
        "owners.Estate", models.CASCADE, related_name="+", verbose_name=_("estate")
    )
    text = models.CharField(_("prohibited work"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prohibited work")
        verbose_name_plural = _("prohibited works")
        ordering = ["estate", "position", "id"]

    def __str__(self):
        return self.text


class Renovation(models.Model):
    estate_lookup = "estate"

    class Applicant(models.TextChoices):
        OWNER = "owner", _("Owner")
        AGENT = "agent", _("Agent of the owner")
        TENANT = "tenant", _("Tenant")

    class Consent(models.TextChoices):
        IN_PERSON = "in_person", _("Signed in person")
        PHONE = "phone", _("Confirmed by phone")

    class Scope(models.TextChoices):
        SINGLE = "single", _("Single-item work")
        FULL = "full", _("Full renovation")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        RETURNED = "returned", _("Sent back")
        APPROVED = "approved", _("Approved")
        WORKING = "working", _("Works running")
        SUSPENDED = "suspended", _("Works suspended")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN = (Status.SUBMITTED, Status.RETURNED, Status.APPROVED, Status.WORKING, Status.SUSPENDED)
    # Permit issued, not completed: patrolled, its passes exist (valid only while working).
    ON_SITE = (Status.WORKING, Status.SUSPENDED)

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    unit = models.ForeignKey(
        "owners.Unit", models.PROTECT, related_name="renovations", verbose_name=_("unit")
    )
    owner = models.ForeignKey(
        "owners.Owner", models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    number = models.CharField(_("number"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    # The applicant, identified by an ID document (stored masked).
    applicant = models.CharField(_("applicant is"), max_length=10, choices=Applicant.choices)
    applicant_name = models.CharField(_("applicant"), max_length=100)
    id_type = models.CharField(
        _("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_masked = models.CharField(_("ID number (masked)"), max_length=40)
    applicant_phone = models.CharField(_("applicant's phone"), max_length=20)
    # An agent's power of attorney and ID copy, in the owners' document archive.
    attorney_document = models.ForeignKey(
        "owners.Document",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("power of attorney"),
    )
    agent_id_document = models.ForeignKey(
        "owners.Document",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agent's ID copy"),
    )
    # A tenant's application: the owner's consent.
    consent = models.CharField(
        _("owner's consent"), max_length=10, choices=Consent.choices, blank=True
    )
    consent_owner_name = models.CharField(_("consenting owner"), max_length=100, blank=True)
    consent_phone = models.CharField(_("number called"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    # The contractor.
    contractor = models.CharField(_("contractor"), max_length=100)
    contractor_code = models.CharField(_("unified social credit code"), max_length=18)
    contractor_licence = models.FileField(
        _("business licence"),
        storage=select_private_storage,
        upload_to="renovation/licences/%Y/%m/",
    )
    site_manager = models.CharField(_("site manager"), max_length=50)
    site_manager_phone = models.CharField(_("site manager's phone"), max_length=20)
    # The works.
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    description = models.TextField(_("description of the works"))
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    workers = models.PositiveSmallIntegerField(_("number of workers"))
    # The legal checklist (Art. 6–8): each ticked item needs its documents before approval.
    structural = models.BooleanField(_("changes the main or load-bearing structure"), default=False)
    load_increase = models.BooleanField(_("clearly increases the floor load"), default=False)
    waterproofing = models.BooleanField(
        _("changes kitchen or bathroom waterproofing"), default=False
    )
    facade = models.BooleanField(_("changes the façade or opens an external wall"), default=False)
    pipes = models.BooleanField(_("changes heating or gas pipes"), default=False)
    # The plan review by engineering.
    review_findings = models.TextField(_("review findings"), blank=True)
    return_reason = models.TextField(_("reason sent back"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    # The decoration-garbage transport fee, charged on approval through fees.
    fee_charge = models.ForeignKey(
        "fees.Charge",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("garbage transport fee"),
    )
    # The renovation management agreement; its hours and prohibited works as signed.
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    agreement_signed_by = models.CharField(_("signed for the owner by"), max_length=100, blank=True)
    contractor_signed_by = models.CharField(
        _("signed for the contractor by"), max_length=100, blank=True
    )
    agreement_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement recorded by"),
    )
    weekday_hours = models.CharField(_("weekday hours"), max_length=20, blank=True)
    weekend_hours = models.CharField(_("weekend hours"), max_length=20, blank=True)
    hours_note = models.CharField(_("note on noisy work"), max_length=200, blank=True)
    prohibited_text = models.TextField(_("prohibited works as signed"), blank=True)
    # The construction permit.
    permit_number = models.CharField(_("permit number"), max_length=20, blank=True, default="")
    permit_code = models.CharField(_("permit code"), max_length=12, blank=True, default="")
    permit_issued_at = models.DateTimeField(_("permit issued at"), null=True, blank=True)
    permit_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("permit issued by"),
    )
    unit_status_before = models.CharField(_("unit status before"), max_length=16, blank=True)
    next_patrol_on = models.DateField(_("next patrol on"), null=True, blank=True)
    # The refundable deposit (fees), demanded when the agreement is signed.
    deposit = models.OneToOneField(
        "fees.Deposit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="renovation",
        verbose_name=_("deposit"),
    )
    # A suspension in progress: since when (its days are added to the period on resuming).
    suspended_on = models.DateField(_("suspended since"), null=True, blank=True)
    # Completion.
    water_test_on = models.DateField(_("closed-water test on"), null=True, blank=True)
    water_test_hours = models.PositiveSmallIntegerField(_("hours held"), null=True, blank=True)
    water_test_passed = models.BooleanField(_("no leak found"), null=True, blank=True)
    garbage_cleared_at = models.DateTimeField(_("garbage cleared at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key"])

    class Meta:
        verbose_name = _("renovation")
        verbose_name_plural = _("renovations")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "number"], name="renovation_number_per_estate"
            ),
            models.UniqueConstraint(
                fields=["estate", "permit_number"],
                condition=~Q(permit_number=""),
                name="renovation_permit_per_estate",
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(
                    status__in=["submitted", "returned", "approved", "working", "suspended"]
                ),
                name="renovation_one_open_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="renovation_period_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["estate", "status", "id"], name="renovation_list_idx"),
            models.Index(fields=["estate", "status", "planned_end"], name="renovation_ending_idx"),
            models.Index(
                fields=["estate", "status", "next_patrol_on"], name="renovation_patrol_idx"
            ),
            models.Index(fields=["estate", "permit_code"], name="renovation_permit_code_idx"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("renovation:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def fee_paid(self) -> bool:
        """The garbage fee is settled (paid, or waived by a supervisor in fees)."""
        return self.fee_charge is not None and self.fee_charge.outstanding <= 0

    @property
    def agreement_signed(self) -> bool:
        return self.agreement_signed_on is not None

    @property
    def deposit_paid(self) -> bool:
        """No deposit asked, or its charge paid in full."""
        return self.deposit is None or self.deposit.charge.outstanding <= 0

    def checklist_rows(self) -> list[tuple[str, bool]]:
        """The legal checklist as (item, ticked), in the Measures' order."""
        return [
            (str(self._meta.get_field(name).verbose_name), bool(getattr(self, name)))  # type: ignore[union-attr]
            for name in CHECKLIST
        ]

    @property
    def prohibited_lines(self) -> list[str]:
        return [line for line in self.prohibited_text.splitlines() if line.strip()]


class RenovationFile(models.Model):
    """A document of the application: the plans, and what the checklist requires."""

    estate_lookup = "renovation__estate"

    class Kind(models.TextChoices):
        PLAN = "plan", _("Renovation plan or drawing")
        STRUCTURAL_DESIGN = (
            "structural_design",
            _("Design by the original or a qualified design unit"),
        )
        AUTHORITY_APPROVAL = "authority_approval", _("Real-estate authority's approval")
        LOAD_DESIGN = "load_design", _("Design plan for the added load")
        WATERPROOF_PLAN = "waterproof_plan", _("Waterproofing construction plan")
        PLANNING_APPROVAL = "planning_approval", _("Planning authority's approval")
        PROVIDER_APPROVAL = "provider_approval", _("Heating or gas provider's approval")
        WATER_TEST = "water_test", _("Closed-water test record")
        OTHER = "other", _("Other")

    renovation = models.ForeignKey(
        Renovation, models.CASCADE, related_name="files", verbose_name=_("renovation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(
        _("file"), storage=select_private_storage, upload_to="renovation/files/%Y/%m/"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("renovation document")
        verbose_name_plural = _("renovation documents")
        ordering = ["renovation", "kind", "id"]

    def __str__(self):
        return self.get_kind_display()


# Each checklist item (a Renovation field) and the documents it requires before approval.
CHECKLIST: dict[str, tuple[str, ...]] = {
    "structural": (
        RenovationFile.Kind.STRUCTURAL_DESIGN,
        RenovationFile.Kind.AUTHORITY_APPROVAL,
    ),
    "load_increase": (RenovationFile.Kind.LOAD_DESIGN,),
    "waterproofing": (RenovationFile.Kind.WATERPROOF_PLAN,),
    "facade": (RenovationFile.Kind.PLANNING_APPROVAL,),
    "pipes": (RenovationFile.Kind.PROVIDER_APPROVAL,),
}


class WorkerPass(models.Model):
    """A worker's temporary pass: valid within the permit's dates while the works run."""

    estate_lookup = "estate"

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REVOKED = "revoked", _("Revoked")

    estate = models.ForeignKey(
        "owners.Estate", models.PROTECT, related_name="+", verbose_name=_("estate")
    )
    renovation = models.ForeignKey(
        Renovation, models.CASCADE, related_name="passes", verbose_name=_("renovation")
    )
    number = models.CharField(_("number"), max_length=20)
    code = models.CharField(_("verification code"), max_length=12)
    name = models.CharField(_("name"), max_length=50)
    id_type = models.CharField(
        _("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_masked = models.CharField(_("ID number (masked)"), max_length=40)
    trade = models.CharField(_("trade"), max_length=50)
    photo = models.ImageField(
        _("photo"), storage=select_private_storage, upload_to="renovation/passes/%Y/%m/", blank=True
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.CharField(_("reason revoked"), max_length=200, blank=True)
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key"])

    class Meta:
        verbose_name = _("worker pass")
        verbose_name_plural = _("worker passes")
        ordering = ["renovation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "number"], name="worker_pass_number_per_estate"
            ),
            models.UniqueConstraint(fields=["estate", "code"], name="worker_pass_code_per_estate"),
        ]

    def __str__(self):
        return f"{self.number} {self.name}"


class Patrol(models.Model):
    """One patrol of a running renovation by an inspector."""

    estate_lookup = "renovation__estate"

    class Outcome(models.TextChoices):
        DONE = "done", _("Inspected")
        NOBODY_IN = "nobody_in", _("Nobody in")
        REFUSED = "refused", _("Entry refused")

    # The usual risks of a decoration patrol, each checked on the spot; a ticked one is a
    # fault found.
    RISKS = (
        ("load_bearing", _("Load-bearing walls, columns or beams altered")),
        ("gas", _("Gas pipes or flues altered")),
        ("window_guards", _("Window guards removed")),
        ("doors", _("Entrance door moved outward")),
        ("radiators", _("Radiators or heating pipes altered")),
        ("plumbing", _("Plumbing or drains damaged")),
        ("waterproofing", _("Waterproofing layer damaged")),
        ("hours", _("Working outside the allowed hours")),
        ("garbage", _("Garbage left unbagged or in common areas")),
    )

    renovation = models.ForeignKey(
        Renovation, models.CASCADE, related_name="patrols", verbose_name=_("renovation")
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    at = models.DateTimeField(_("patrolled at"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    problems = models.JSONField(_("risks found"), default=list, blank=True)
    violation = models.TextField(_("violation"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["form_key"])

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.renovation} {self.at:%Y-%m-%d}"

    @property
    def estate_id(self) -> int:  # read by frontdesk.once
        return self.renovation.estate_id

    @property
    def problem_labels(self) -> list[str]:
        labels = dict(self.RISKS)
        return [str(labels.get(key, key)) for key in self.problems]


class PatrolPhoto(models.Model):
    estate_lookup = "patrol__renovation__estate"

    patrol = models.ForeignKey(
        Patrol, models.CASCADE, related_name="photos", verbose_name=_("patrol")
    )
    file = models.ImageField(
        _("photo"), storage=select_private_storage, upload_to="renovation/patrols/%Y/%m/"
    )

    class Meta:
        verbose_name = _("patrol photo")
        verbose_name_plural = _("patrol photos")
        ordering = ["id"]

    def __str__(self):
        return self.file.name


class Rectification(models.Model):
    """The rectification notice of a patrol's violation, and its re-check."""

    estate_lookup = "renovation__estate"

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting re-check")
        CORRECTED = "corrected", _("Corrected")
        NOT_CORRECTED = "not_corrected", _("Not corrected")

    renovation = models.ForeignKey(
        Renovation, models.CASCADE, related_name="rectifications", verbose_name=_("renovation")
    )
    patrol = models.OneToOneField(
        Patrol, models.CASCADE, related_name="rectification", verbose_name=_("patrol")
    )
    number = models.CharField(_("number"), max_length=20)
    requirement = models.TextField(_("to be corrected"))
    due_on = models.DateField(_("correct by"))
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.OPEN
    )
    rechecked_at = models.DateTimeField(_("re-checked at"), null=True, blank=True)
    rechecked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("re-checked by"),
    )
    recheck_note = models.TextField(_("re-check note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["renovation", "number"], name="rectification_number_per_renovation"
            )
        ]

    def __str__(self):
        return self.number


class Acceptance(models.Model):
    """The completion check: a first attempt, and a second after the findings are fixed."""

    estate_lookup = "renovation__estate"

    class Grade(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    MAX_ATTEMPTS = 2

    renovation = models.ForeignKey(
        Renovation, models.CASCADE, related_name="acceptances", verbose_name=_("renovation")
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    at = models.DateTimeField(_("inspected at"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    findings = models.TextField(_("findings"), blank=True)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acceptance inspection")
        verbose_name_plural = _("acceptance inspections")
        ordering = ["renovation", "attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["renovation", "attempt"], name="acceptance_attempt_once"
            )
        ]

    def __str__(self):
        return f"{self.renovation} #{self.attempt}"


class PeriodChange(models.Model):
    """A change to the works' period: an extension asked for (with its reason), or a
    suspension (its days do not count: the end moves by them when the works resume)."""

    estate_lookup = "renovation__estate"

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("Extension")
        SUSPENSION = "suspension", _("Suspension")

    renovation = models.ForeignKey(
        Renovation, models.CASCADE, related_name="period_changes", verbose_name=_("renovation")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    end_before = models.DateField(_("planned end before"))
    end_after = models.DateField(_("planned end after"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resumed by"),
    )
    resume_note = models.TextField(_("why the works may resume"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change of period")
        verbose_name_plural = _("changes of period")
        ordering = ["renovation", "recorded_at", "id"]

    def __str__(self):
        return f"{self.renovation} {self.get_kind_display()} {self.started_on}"

    @property
    def days(self) -> int | None:
        if self.end_after is None:
            return None
        return (self.end_after - self.end_before).days


class DailyNotice(models.Model):
    """The morning notices (permits ending, patrols due) sent for an estate and day: once."""

    estate_lookup = "estate"

    estate = models.ForeignKey(
        "owners.Estate", models.CASCADE, related_name="+", verbose_name=_("estate")
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("daily renovation notice")
        verbose_name_plural = _("daily renovation notices")
        constraints = [
            models.UniqueConstraint(fields=["estate", "day"], name="renovation_notice_once_a_day")
        ]

    def __str__(self):
        return f"{self.estate} {self.day}"
