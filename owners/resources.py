"""Import and export of estates, buildings, units, owners, ownerships and residents.

Files name related records the way people do: an estate by its code, a building by its number,
a unit by its code and an owner by ID number, always within the row's ``estate`` and among the
importing user's estates. Rows are validated like any other write (the model's ``full_clean``)
and the derived columns (pinyin, masked ID) are filled by the model's ``save()``.

A file imports whole or not at all: one bad row rolls everything back, and every bad row is
reported with its row number in the file (the header is row 1) and, per column, what is wrong.
"""

import functools

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets
from import_export.fields import Field
from import_export.results import Result

from frontdesk.scoping import scope
from frontdesk.text import clean_text

from . import unitcodes
from .errors import OwnersError
from .models import Building, Estate, Owner, Ownership, Resident, Unit
from .permissions import EXPORT_PERMISSION
from .services import check_share_fits, personal_data_export_log
from .validators import mask_id_number, mask_phone, normalize_id_number

# Widgets: one column of a file <-> one value of a model.


class ChoicesWidget(widgets.CharWidget):
    """Takes a choice's value (``residential``) or its label in any of the site's languages."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self._keys = None

    def clean(self, value, row=None, **kwargs):
        text = (super().clean(value, row, **kwargs) or "").strip()
        # Not a choice: returned as is, for the model's validation to report.
        return self.keys().get(text.casefold(), text)

    def keys(self) -> dict[str, str]:
        if self._keys is None:
            self._keys = {}
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    self._keys.update({str(label).casefold(): k for k, label in self.choices})
            self._keys.update({str(k).casefold(): k for k, _label in self.choices})
        return self._keys


class PersonalNumberWidget(widgets.CharWidget):
    """A personal number: exported masked unless the user may export full numbers
    (``EXPORT_PERMISSION``; the resource then logs the export)."""

    reveal = False

    def render(self, value, obj=None, **kwargs):
        return (value or "") if self.reveal else self.mask(value or "")

    def mask(self, value: str) -> str:
        raise NotImplementedError


class IdNumberWidget(PersonalNumberWidget):
    """An ID number, normalised on import."""

    def clean(self, value, row=None, **kwargs):
        return normalize_id_number(force_str(value if value is not None else ""))

    def mask(self, value: str) -> str:
        return mask_id_number(value)


class PhoneWidget(PersonalNumberWidget):
    """A phone number (the model normalises it on import)."""

    def mask(self, value: str) -> str:
        return mask_phone(value)


class ScopedForeignKeyWidget(widgets.ForeignKeyWidget):
    """Finds a related row by its human key among the importing user's estates only.

    A miss is a ``ValueError`` with a message for people, so it is reported on its column.
    """

    user = None
    not_found = _("“%(value)s” was not found.")

    def get_queryset(self, value, row, *args, **kwargs):
        return scope(self.model.objects.all(), self.user)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(self.not_found % self.describe(value, row)) from None
        except self.model.MultipleObjectsReturned:
            raise ValueError(
                _("“%(value)s” matches several records.") % self.describe(value, row)
            ) from None

    def describe(self, value, row):
        return {"value": value, "estate": (row or {}).get("estate", "")}


class EstateWidget(ScopedForeignKeyWidget):
    not_found = _("No estate with code “%(value)s” among your estates.")

    def __init__(self, **kwargs):
        super().__init__(Estate, "code", **kwargs)


class InEstateWidget(ScopedForeignKeyWidget):
    """A row of the estate named in the row's ``estate`` column."""

    def get_queryset(self, value, row, *args, **kwargs):
        estate_code = force_str((row or {}).get("estate") or "")
        return super().get_queryset(value, row).filter(estate__code=estate_code)

    def get_lookup_kwargs(self, value, row, **kwargs):
        return {self.field: force_str(value).strip()}


class BuildingWidget(InEstateWidget):
    not_found = _("No building “%(value)s” in estate “%(estate)s”.")

    def __init__(self, **kwargs):
        super().__init__(Building, "number", **kwargs)

    def get_lookup_kwargs(self, value, row, **kwargs):
        # "1栋", "1号楼" and "01" are building 1, as the search box reads them.
        raw = force_str(value).strip()
        return {"number": unitcodes.building_number(raw) or raw}


class UnitWidget(InEstateWidget):
    not_found = _("No unit “%(value)s” in estate “%(estate)s”.")

    def __init__(self, **kwargs):
        super().__init__(Unit, "code", **kwargs)

    def get_lookup_kwargs(self, value, row, **kwargs):
        # "1栋1单元101", "1-1-0101 " and the like name the unit 1-1-101.
        raw = force_str(value).strip()
        unit = unitcodes.parse(raw)
        return {"code": unit.code if unit else raw}


class OwnerWidget(InEstateWidget):
    """An owner by ID number; exported masked unless the user may export full numbers."""

    not_found = _("No owner with ID number “%(value)s” in estate “%(estate)s”.")
    reveal = False

    def __init__(self, **kwargs):
        super().__init__(Owner, "id_number", **kwargs)

    def get_lookup_kwargs(self, value, row, **kwargs):
        return {"id_number": normalize_id_number(force_str(value))}

    def describe(self, value, row):
        masked = mask_id_number(normalize_id_number(force_str(value)))
        return {**super().describe(value, row), "value": masked}

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.id_number if self.reveal else value.id_masked


class EstateColumn(Field):
    """The ``estate`` column of a model that reaches its estate through another column.

    It is checked on import, so a wrong code is reported as such, but never written: the
    estate comes with the unit.
    """

    def __init__(self, attribute):
        super().__init__(attribute=attribute, column_name="estate", widget=EstateWidget())

    def save(self, instance, row, is_m2m=False, **kwargs):
        self.clean(row, **kwargs)


# Results


class FileRowResult(Result):
    """Numbers bad rows as the file does: the header is row 1, the first data row is row 2."""

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number + 1, row, validation_error)

    def append_error_row(self, number, row, errors):
        super().append_error_row(number + 1, row, errors)


# Resources


class EstateScopedResource(resources.ModelResource):
    """Base of every owners resource: scoped to ``user``'s estates, all-or-nothing, validated.

    ``user`` may be left out only where import-export builds a resource to list its columns;
    importing or exporting without a user is refused.
    """

    select_related: tuple[str, ...] = ()

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field.widget, ScopedForeignKeyWidget):
                field.widget.user = user
            if isinstance(field.widget, PersonalNumberWidget | OwnerWidget):
                field.widget.reveal = user is not None and user.has_perm(EXPORT_PERMISSION)

    @classmethod
    def get_result_class(cls):
        return FileRowResult

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if f.choices:
            return functools.partial(ChoicesWidget, choices=f.choices)
        return super().widget_from_django_field(f, default)

    def _user(self):
        if self.user is None:
            raise TypeError(f"{type(self).__name__} needs the user it imports or exports for.")
        return self.user

    def get_queryset(self):
        queryset = self._meta.model.objects.select_related(*self.select_related)
        return scope(queryset, self._user())

    def filter_export(self, queryset, **kwargs):
        return scope(queryset.select_related(*self.select_related), self._user())

    def after_export(self, queryset, dataset, **kwargs):
        # Full numbers left in the file: logged with who, when and how many (per estate).
        fields = self.get_export_fields(selected_fields=kwargs.get("export_fields"))
        if any(getattr(field.widget, "reveal", False) for field in fields):
            personal_data_export_log(actor=self._user(), queryset=queryset)

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        self._user()
        # All or nothing: a file with any bad row is rolled back whole.
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def before_import(self, dataset, **kwargs):
        # Header cells typed by people often carry stray spaces or capitals.
        if dataset.headers:
            dataset.headers = [force_str(h or "").strip().lower() for h in dataset.headers]

    def get_instance(self, instance_loader, row):
        key_columns = [self.fields[name].column_name for name in self.get_import_id_fields()]
        if any(force_str(row.get(column) or "").strip() == "" for column in key_columns):
            # A blank key never matches: it would pick any row whose key is blank.
            return None
        try:
            return super().get_instance(instance_loader, row)
        except (ValueError, ArithmeticError, ObjectDoesNotExist):
            # A key column that cannot be read: the row is taken as new and
            # import_instance() reports the column.
            return None

    def import_instance(self, instance, row, **kwargs):
        # As import-export does, but errors are keyed by the file's column names and
        # unreadable numbers are reported as such rather than as a crash.
        errors = {}
        for field in self.get_import_fields():
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as error:
                errors[field.column_name] = [force_str(error)]
            except ArithmeticError:  # decimal.InvalidOperation from the number widgets
                errors[field.column_name] = [force_str(_("Enter a number."))]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = {k: list(v) for k, v in (import_validation_errors or {}).items()}
        columns = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
        attributes = {column: attribute for attribute, column in columns.items()}
        exclude = {attributes.get(column, column) for column in errors}
        for attribute, column in columns.items():
            if attribute in exclude:
                continue
            try:
                self._clean_text(instance, attribute)
            except ValidationError as error:
                errors.setdefault(column, []).extend(error.messages)
                exclude.add(attribute)
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(columns.get(name, name), []).extend(messages)
        for column, messages in self.check_instance(instance, failed=set(errors)).items():
            errors.setdefault(column, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _clean_text(instance, attribute: str) -> None:
        """The kernel's text policy on a text column, as the desk's forms apply it."""
        value = getattr(instance, attribute, None)
        if not isinstance(value, str):
            return
        try:
            model_field = instance._meta.get_field(attribute)
        except FieldDoesNotExist:
            return
        value = clean_text(value, multiline=isinstance(model_field, models.TextField))
        setattr(instance, attribute, value)

    def check_instance(self, instance, failed: set[str]) -> dict[str, list[str]]:
        """Checks beyond the model's own, per resource; ``failed`` are the bad columns."""
        return {}

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = self.user


class EstateResource(EstateScopedResource):
    class Meta:
        model = Estate
        fields = ["code", "name", "address", "phone"]
        import_id_fields = ["code"]
        clean_model_instances = True
        skip_unchanged = True  # an unchanged row on re-import writes nothing, not even history

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Another estate's code looks new to a non-superuser (their rows are scoped); the
        # answer is the same as for a code nobody uses, so the file learns nothing.
        if instance.pk is None and not self._user().is_superuser:
            raise ValidationError({"code": [_("Only a superuser can add estates.")]})
        super().validate_instance(instance, import_validation_errors, validate_unique)


class BuildingResource(EstateScopedResource):
    select_related = ("estate",)
    estate = Field(attribute="estate", column_name="estate", widget=EstateWidget())

    class Meta:
        model = Building
        fields = ["estate", "number", "name", "floors"]
        import_id_fields = ["estate", "number"]
        clean_model_instances = True
        skip_unchanged = True  # an unchanged row on re-import writes nothing, not even history


class UnitResource(EstateScopedResource):
    select_related = ("estate", "building")
    estate = Field(attribute="estate", column_name="estate", widget=EstateWidget())
    building = Field(attribute="building", column_name="building", widget=BuildingWidget())

    def before_import_row(self, row, **kwargs):
        # The code as the search box reads it, so "1-1-1栋1单元501" is stored as 1-1-501.
        raw = force_str(row.get("code") or "").strip()
        unit = unitcodes.parse(raw)
        if unit is not None:
            row["code"] = unit.code
        for column in ("entrance", "room"):
            if row.get(column) is not None:
                row[column] = force_str(row[column]).strip()

    class Meta:
        model = Unit
        fields = [
            "estate",
            "building",
            "entrance",
            "floor",
            "room",
            "code",
            "area",
            "use",
            "status",
            "moved_in_on",
            "notes",
        ]
        import_id_fields = ["estate", "code"]
        clean_model_instances = True
        skip_unchanged = True  # an unchanged row on re-import writes nothing, not even history


class OwnerResource(EstateScopedResource):
    select_related = ("estate",)
    estate = Field(attribute="estate", column_name="estate", widget=EstateWidget())
    id_number = Field(attribute="id_number", column_name="id_number", widget=IdNumberWidget())
    phone = Field(attribute="phone", column_name="phone", widget=PhoneWidget())
    phone2 = Field(attribute="phone2", column_name="phone2", widget=PhoneWidget())

    class Meta:
        model = Owner
        fields = [
            "estate",
            "name",
            "kind",
            "id_type",
            "id_number",
            "phone",
            "phone2",
            "email",
            "address",
            "contact_person",
            "notes",
        ]
        import_id_fields = ["estate", "id_number"]
        clean_model_instances = True
        skip_unchanged = True  # an unchanged row on re-import writes nothing, not even history

    def check_instance(self, instance, failed):
        if "id_number" not in failed and not instance.id_number:
            return {"id_number": [force_str(_("Required: imports find owners by ID number."))]}
        return {}


class OwnershipResource(EstateScopedResource):
    select_related = ("unit__estate", "owner")
    estate = EstateColumn("unit__estate")
    unit = Field(attribute="unit", column_name="unit", widget=UnitWidget())
    owner = Field(attribute="owner", column_name="owner_id_number", widget=OwnerWidget())
    owner_name = Field(attribute="owner__name", column_name="owner_name", readonly=True)

    class Meta:
        model = Ownership
        fields = ["estate", "unit", "owner", "owner_name", "share", "since", "until"]
        import_id_fields = ["unit", "owner", "since"]
        clean_model_instances = True
        skip_unchanged = True  # an unchanged row on re-import writes nothing, not even history

    def check_instance(self, instance, failed):
        if failed & {"estate", "unit", "owner_id_number", "share", "since", "until"}:
            return {}
        # Lock the unit so that two imports at once cannot both pass the share check. Rows
        # earlier in the same file are already saved in this transaction, so they count.
        unit = Unit.objects.select_for_update().get(pk=instance.unit_id)
        owns = Ownership.objects.current(instance.since).filter(unit=unit, owner=instance.owner)
        if owns.exclude(pk=instance.pk).exists():
            message = _("%(owner)s already owns %(unit)s.")
            return {"owner_id_number": [message % {"owner": instance.owner, "unit": unit}]}
        try:
            check_share_fits(
                unit=unit, share=instance.share, since=instance.since, exclude_pk=instance.pk
            )
        except OwnersError as error:
            return {"share": [error.message]}
        return {}


class ResidentResource(EstateScopedResource):
    select_related = ("unit__estate",)
    estate = EstateColumn("unit__estate")
    unit = Field(attribute="unit", column_name="unit", widget=UnitWidget())
    id_number = Field(attribute="id_number", column_name="id_number", widget=IdNumberWidget())
    phone = Field(attribute="phone", column_name="phone", widget=PhoneWidget())

    class Meta:
        model = Resident
        fields = [
            "estate",
            "unit",
            "name",
            "kind",
            "relation",
            "id_type",
            "id_number",
            "phone",
            "moved_in_on",
            "moved_out_on",
            "notes",
        ]
        import_id_fields = ["unit", "name"]
        clean_model_instances = True
        skip_unchanged = True  # an unchanged row on re-import writes nothing, not even history
