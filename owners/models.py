"""The core every workflow uses: estates, buildings, units, owners, residents, agents, papers."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from frontdesk.text import check_dates

from .names import search_keys
from .validators import (
    IdType,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
    normalize_plate,
    validate_id_number,
    validate_layout,
    validate_phone,
    validate_plate,
)


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


def select_private_storage():
    # A callable, so migrations name this function instead of freezing a folder path.
    return private_storage


class Estate(models.Model):
    estate_lookup = "id"

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("desk phone"), max_length=30, blank=True)
    company = models.CharField(
        _("management company"),
        max_length=100,
        blank=True,
        help_text=_("The payee printed on receipts, e.g. 福州丽景物业服务有限公司"),
    )
    print_language = models.CharField(
        _("print language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="zh-hans",
        help_text=_(
            "The language of the documents printed for this estate's owners (receipts, notices,"
            " forms), whatever the language of the desk's screens."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("estate")
        verbose_name_plural = _("estates")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Building(models.Model):
    estate_lookup = "estate"

    estate = models.ForeignKey(Estate, models.PROTECT, related_name="buildings")
    number = models.CharField(_("number"), max_length=10, help_text=_("As in unit codes, e.g. 3"))
    name = models.CharField(_("name"), max_length=50, blank=True)
    floors = models.PositiveSmallIntegerField(_("floors"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["estate", "number"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "number"], name="building_number_per_estate")
        ]

    def __str__(self):
        return self.name or _("Building %(number)s") % {"number": self.number}


class Unit(models.Model):
    estate_lookup = "estate"

    class Use(models.TextChoices):
        RESIDENTIAL = "residential", _("Residential")
        COMMERCIAL = "commercial", _("Commercial")
        PARKING = "parking", _("Parking")
        STORAGE = "storage", _("Storage")

    class Status(models.TextChoices):
        UNSOLD = "unsold", _("Unsold")
        UNOCCUPIED = "unoccupied", _("Sold, not handed over")
        HANDED_OVER = "handed_over", _("Handed over")
        OCCUPIED = "occupied", _("Occupied")
        IN_CUSTODY = "in_custody", _("In custody")
        RENOVATING = "renovating", _("Renovating")

    estate = models.ForeignKey(Estate, models.PROTECT, related_name="units")
    building = models.ForeignKey(Building, models.PROTECT, related_name="units")
    entrance = models.CharField(_("unit/entrance"), max_length=10)
    floor = models.SmallIntegerField(_("floor"))
    room = models.CharField(_("room"), max_length=10, db_index=True)
    code = models.CharField(
        _("unit code"), max_length=32, db_index=True, help_text=_("e.g. 3-2-1201")
    )
    area = models.DecimalField(
        _("area (m²)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    use = models.CharField(_("use"), max_length=16, choices=Use.choices, default=Use.RESIDENTIAL)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UNOCCUPIED
    )
    moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    layout = models.CharField(
        _("layout"),
        max_length=20,
        blank=True,
        validators=[validate_layout],
        help_text=_("Rooms, halls and bathrooms as the sales contract says, e.g. 3室2厅2卫"),
    )
    notes = models.TextField(_("notes"), blank=True)
    # Reversed code: "2-1201" finds "3-2-1201" by an indexed prefix range (see selectors).
    code_reversed = models.CharField(max_length=32, editable=False, db_index=True)
    history = HistoricalRecords(excluded_fields=["code_reversed"])

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["estate", "code"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "code"], name="unit_code_per_estate")
        ]

    def __str__(self):
        return self.code

    def refresh_derived(self) -> None:
        self.code_reversed = self.code[::-1]

    def save(self, *args, **kwargs):
        self.refresh_derived()  # the search column follows the code on every write path
        super().save(*args, **kwargs)

    def clean(self):
        if self.building_id and self.estate_id and self.building.estate_id != self.estate_id:
            raise ValidationError({"building": _("The building belongs to another estate.")})

    @staticmethod
    def make_code(building_number: str, entrance: str, room: str) -> str:
        return f"{building_number}-{entrance}-{room}"


# The full ID number (and its reversed search copy) never enters history; the masked copy does.
IDENTITY_NOT_IN_HISTORY = ["id_number", "id_reversed", "name_reversed", "phone_reversed"]


class Identity(models.Model):
    """Name, identity document and phone of a person or company, with search columns.

    The full ID number is left out of the history tables; the masked copy is kept there, so
    history shows that the number changed without becoming a second unmasked register.
    """

    name = models.CharField(_("name"), max_length=100, db_index=True)
    name_pinyin = models.CharField(_("pinyin"), max_length=300, editable=False, db_index=True)
    name_initials = models.CharField(
        _("pinyin initials"), max_length=100, editable=False, db_index=True
    )
    id_type = models.CharField(
        _("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    id_masked = models.CharField(_("ID number (masked)"), max_length=32, editable=False)
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[validate_phone], db_index=True
    )
    # Reversed copies let a suffix ("伟强", the last digits of a phone or ID) be found by an
    # indexed prefix range on both SQLite and PostgreSQL.
    name_reversed = models.CharField(max_length=100, editable=False, db_index=True)
    phone_reversed = models.CharField(max_length=20, editable=False, db_index=True)
    id_reversed = models.CharField(max_length=32, editable=False, db_index=True)

    class Meta:
        abstract = True

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    def refresh_derived(self) -> None:
        # A company's name is not read with surname readings (曾厝垵物业 is a place).
        person = getattr(self, "kind", "") != "company"
        self.name_pinyin, self.name_initials = search_keys(self.name, person=person)
        self.id_number = normalize_id_number(self.id_number)
        self.id_masked = mask_id_number(self.id_number)
        self.phone = normalize_phone(self.phone)
        self.name_reversed = self.name[::-1]
        self.phone_reversed = self.phone[::-1]
        self.id_reversed = self.id_number[::-1]

    def clean(self):
        self.refresh_derived()
        validate_id_number(self.id_type, self.id_number)

    def save(self, *args, **kwargs):
        # Search and masked columns are derived here so that every write path (services,
        # admin, imports) keeps them in step; bulk inserts call refresh_derived() themselves.
        self.refresh_derived()
        super().save(*args, **kwargs)


class Owner(Identity):
    estate_lookup = "estate"

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        COMPANY = "company", _("Company")

    estate = models.ForeignKey(Estate, models.PROTECT, related_name="owners")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    phone2 = models.CharField(
        _("second phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("mailing address"), max_length=200, blank=True)
    contact_person = models.CharField(
        _("contact person"), max_length=50, blank=True, help_text=_("For companies")
    )
    emergency_contact = models.CharField(_("emergency contact"), max_length=50, blank=True)
    emergency_phone = models.CharField(
        _("emergency contact's phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    notes = models.TextField(_("notes"), blank=True)
    units = models.ManyToManyField(Unit, through="Ownership", related_name="owners")
    history = HistoricalRecords(excluded_fields=IDENTITY_NOT_IN_HISTORY)

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        ordering = ["estate", "name_pinyin"]
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "id_type", "id_number"],
                condition=~Q(id_number=""),
                name="owner_id_number_per_estate",
                violation_error_message=_("An owner with this ID number already exists."),
            )
        ]
        permissions = [("view_full_id_number", _("Can see full ID numbers"))]

    def __str__(self):
        return self.name

    def refresh_derived(self) -> None:
        super().refresh_derived()
        self.phone2 = normalize_phone(self.phone2)
        self.emergency_phone = normalize_phone(self.emergency_phone)

    def clean(self):
        super().clean()
        if self.kind == self.Kind.COMPANY and self.id_type != IdType.CREDIT_CODE:
            raise ValidationError(
                {"id_type": _("A company is identified by its unified social credit code.")}
            )
        if self.kind == self.Kind.PERSON and self.id_type == IdType.CREDIT_CODE:
            raise ValidationError(
                {"id_type": _("A person cannot be identified by a social credit code.")}
            )


class OwnershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(until__isnull=True) | Q(until__gt=on), since__lte=on)


class Ownership(models.Model):
    estate_lookup = "unit__estate"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="ownerships")
    owner = models.ForeignKey(Owner, models.PROTECT, related_name="ownerships")
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    since = models.DateField(_("owner since"), default=timezone.localdate)
    until = models.DateField(_("owner until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = OwnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("ownership")
        verbose_name_plural = _("ownerships")
        ordering = ["unit", "-share", "since"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lte=100), name="ownership_share_range"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="ownership_until_after_since",
            ),
        ]

    def __str__(self):
        return f"{self.owner} · {self.unit} ({self.share}%)"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.since <= today and (self.until is None or self.until > today)

    def clean(self):
        if self.unit_id and self.owner_id and self.unit.estate_id != self.owner.estate_id:
            raise ValidationError(_("The owner and the unit belong to different estates."))
        check_dates(since=self.since, until=self.until)
        if self.until and self.since and self.until < self.since:
            raise ValidationError({"until": _("The end date is before the start date.")})


class Resident(Identity):
    estate_lookup = "unit__estate"

    class Kind(models.TextChoices):
        FAMILY = "family", _("Family member")
        TENANT = "tenant", _("Tenant")
        OTHER = "other", _("Other")

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="residents")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FAMILY)
    relation = models.CharField(
        _("relation to owner"), max_length=30, blank=True, help_text=_("e.g. spouse, child")
    )
    moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(excluded_fields=IDENTITY_NOT_IN_HISTORY)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["unit", "kind", "name_pinyin"]
        constraints = [
            models.CheckConstraint(
                condition=Q(moved_out_on__isnull=True)
                | Q(moved_in_on__isnull=True)
                | Q(moved_out_on__gte=models.F("moved_in_on")),
                name="resident_moves_out_after_in",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        check_dates(moved_in_on=self.moved_in_on, moved_out_on=self.moved_out_on)
        if self.moved_in_on and self.moved_out_on and self.moved_out_on < self.moved_in_on:
            raise ValidationError({"moved_out_on": _("The move-out date is before move-in.")})


class Vehicle(models.Model):
    """A household's vehicle, as registered at move-in (plate, what it is, where it parks)."""

    estate_lookup = "unit__estate"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="vehicles", verbose_name=_("unit"))
    plate = models.CharField(_("plate number"), max_length=16)
    description = models.CharField(
        _("vehicle"), max_length=100, blank=True, help_text=_("Make, model, colour")
    )
    parking_space = models.CharField(_("parking space"), max_length=30, blank=True)
    active = models.BooleanField(_("still registered"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["unit", "plate"]
        indexes = [models.Index(fields=["plate"], name="vehicle_plate_idx")]

    def __str__(self):
        return self.plate

    def clean(self):
        self.plate = normalize_plate(self.plate)
        try:
            validate_plate(self.plate)
        except ValidationError as error:
            raise ValidationError({"plate": error}) from None


class Document(models.Model):
    """A paper received at the desk, archived: the scan in private storage or 'sighted'."""

    estate_lookup = "estate"

    class Kind(models.TextChoices):
        ID_COPY = "id_copy", _("ID card copy")
        OCCUPANCY_NOTICE = "occupancy_notice", _("Occupancy notice")
        SALES_CONTRACT = "sales_contract", _("House sales contract")
        POWER_OF_ATTORNEY = "power_of_attorney", _("Power of attorney")
        AGENT_ID_COPY = "agent_id_copy", _("Agent's ID card copy")
        COMPANY_CERTIFICATE = "company_certificate", _("Company certificate")
        REGISTRATION_BOOK = "registration_book", _("Household registration book")
        AGREEMENT = "agreement", _("Agreement")
        APPROVAL = "approval", _("Authority approval")
        OTHER = "other", _("Other")

    estate = models.ForeignKey(Estate, models.PROTECT, related_name="documents")
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="documents")
    owner = models.ForeignKey(
        Owner, models.PROTECT, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(
        _("scan"), storage=select_private_storage, upload_to="documents/%Y/%m/", blank=True
    )
    original_sighted = models.BooleanField(_("original sighted"), default=False)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    source_type = models.ForeignKey(
        ContentType, models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["source_type", "source_id"], name="document_source_idx")]

    def __str__(self):
        return self.title or self.get_kind_display()

    def clean(self):
        for field in ("unit", "owner"):
            related = getattr(self, field)
            if related is not None and self.estate_id and related.estate_id != self.estate_id:
                raise ValidationError({field: _("This belongs to another estate.")})
        if not self.file and not self.original_sighted:
            raise ValidationError(_("Upload a scan or tick 'original sighted'."))


class Authorization(Identity):
    """An owner entrusts an agent (power of attorney); name and ID are the agent's."""

    estate_lookup = "owner__estate"

    class Scope(models.TextChoices):
        ALL = "all", _("All matters")
        CHECK_IN = "check_in", _("Move-in")
        RENOVATION = "renovation", _("Renovation")
        RELEASE = "release", _("Release of goods")
        FEES = "fees", _("Fees")
        OTHER = "other", _("Other")

    owner = models.ForeignKey(Owner, models.PROTECT, related_name="authorizations")
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="authorizations"
    )
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default=Scope.ALL)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    power_of_attorney = models.ForeignKey(
        Document,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("power of attorney"),
    )
    history = HistoricalRecords(excluded_fields=IDENTITY_NOT_IN_HISTORY)

    class Meta:
        verbose_name = _("authorization")
        verbose_name_plural = _("authorizations")
        ordering = ["-valid_from"]

    def __str__(self):
        return _("%(agent)s for %(owner)s") % {"agent": self.name, "owner": self.owner}

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def clean(self):
        super().clean()
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date is before the start date.")})
        if self.unit_id and self.owner_id and self.unit.estate_id != self.owner.estate_id:
            raise ValidationError({"unit": _("The unit belongs to another estate.")})


class PersonalDataAccess(models.Model):
    """Full personal numbers let out, at the desk or in the admin: one record's ID number
    revealed (an owner, a resident, an agent, a visitor), or a file of full ID and phone
    numbers exported. Who, when, where, which record, how many; rows are only ever added (an
    export of several estates writes one row per estate). The one log of them all."""

    estate_lookup = "estate"

    class Kind(models.TextChoices):
        REVEAL = "reveal", _("ID number revealed")
        EXPORT = "export", _("Export with full numbers")

    class Place(models.TextChoices):
        DESK = "desk", _("At the desk")
        ADMIN = "admin", _("In the admin")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    place = models.CharField(_("where"), max_length=10, choices=Place.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("user")
    )
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False, db_index=True)
    estate = models.ForeignKey(Estate, models.PROTECT, related_name="+", verbose_name=_("estate"))
    content_type = models.ForeignKey(
        ContentType, models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    object_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    count = models.PositiveIntegerField(_("records"), default=1)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at"]
        default_permissions = ("view",)
        permissions = [
            ("reveal_id_number", _("Can reveal a full ID number in the admin (logged)")),
            ("export_personal_data", _("Can export full ID and phone numbers (logged)")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.object_repr or self.content_type} ({self.count})"
