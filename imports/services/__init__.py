"""The import wizard's steps: upload a file, map its columns, check it (the preview), import
it as a background job; and the files it hands out (rejected rows, templates).

Nothing is written to the office's data until the supervisor confirms a checked file; the job
writes through ``owners.services.intake``, row by row, each row a no-op when the database
already says what it says, so importing the same file twice changes nothing."""

import csv
import datetime
import io
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fees.selectors import fee_type_of_kind
from fees.services import charge_create
from frontdesk.errors import DeskError
from frontdesk.jobs import job_start
from frontdesk.models import Job
from frontdesk.once import refuse_used_key, save_once
from frontdesk.permissions import check_actor
from owners.models import Estate, Owner, Unit
from owners.services import intake

from .. import permissions
from ..errors import ImportsError
from ..models import ImportBatch, ImportProblem, Kind, OpeningCharge, PastPayment, SourceMapping
from . import schemas
from .checking import HOUSEHOLDS, Checked, Record, check, missing_required
from .reading import read, text

IMPORT_JOB = "imports.batch"
PROBLEM_CAP = 20000  # a file with more problems than this is not worth a page of them
HOUSEHOLD_CHUNK = 500  # new units written in bulk at a time
PAYMENT_CHUNK = 2000  # past payments written in bulk at a time


def _check_role(actor, estate_id: int) -> None:
    check_actor(
        actor,
        estate_id=estate_id,
        roles=permissions.IMPORT_ROLES,
        message=_("Only a customer-service supervisor can import an office's data."),
    )


@transaction.atomic
def batch_upload(
    *,
    actor,
    estate: Estate,
    kind: str,
    source: str,
    file_name: str,
    data: bytes,
    default_since: datetime.date | None = None,
    form_key: uuid.UUID | None = None,
) -> ImportBatch:
    """Read the file (refused when it cannot be read) and guess its columns: the mapping
    remembered for this source, else the headers' names. One batch per upload form (a
    double click or a resent post finds the first)."""
    _check_role(actor, estate.pk)
    refuse_used_key(ImportBatch, form_key, _used, actor=actor, error=ImportsError)
    if kind not in Kind.values:
        raise ImportsError(_("Choose what the file holds."), code="invalid", field="kind")
    sheet = read(data, file_name)
    remembered = SourceMapping.objects.filter(estate=estate, kind=kind, source=source).first()
    mapping = schemas.guess_mapping(kind, sheet.headers)
    if remembered:
        mapping.update({k: v for k, v in remembered.mapping.items() if v in sheet.headers})
    if not mapping:
        raise ImportsError(
            _(
                "No column of this file is one we know (e.g. 房号, 姓名, 电话). Is it the right "
                "file and the right kind?"
            ),
            code="no_columns",
            field="file",
        )
    batch = ImportBatch(
        estate=estate,
        kind=kind,
        source=source.strip() or "HC",
        file_name=file_name[:200],
        encoding=sheet.encoding,
        headers=sheet.headers,
        mapping=mapping,
        default_since=default_since,
        created_by=actor,
    )
    batch.file.save(file_name[-100:] or "import.csv", ContentFile(data), save=False)
    return save_once(batch, form_key, _used, actor=actor, error=ImportsError)


def _used(batch: ImportBatch) -> str:
    return _("This file was uploaded already: import %(name)s.") % {"name": batch.file_name}


def _sheet(batch: ImportBatch):
    with batch.file.open("rb") as handle:
        return read(handle.read(), batch.file_name)


@transaction.atomic
def batch_check(*, actor, batch: ImportBatch, mapping: dict[str, str]) -> ImportBatch:
    """Keep the mapping (and remember it for the source), check every row, keep the problems
    for the preview. Writes nothing to the office's data."""
    _check_role(actor, batch.estate_id)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in (ImportBatch.Status.UPLOADED, ImportBatch.Status.CHECKED):
        raise ImportsError(_("This file has already been imported."), code="imported")
    mapping = {k: v for k, v in mapping.items() if v and v in batch.headers}
    missing = missing_required(batch.kind, mapping)
    if missing:
        raise ImportsError(
            _("Map the required columns: %(columns)s.") % {"columns": "、".join(missing)},
            code="required_missing",
        )
    used = list(mapping.values())
    if len(used) != len(set(used)):
        raise ImportsError(_("One column of the file is mapped twice."), code="mapped_twice")
    checked = check(batch.kind, _sheet(batch), mapping)
    batch.problems.all().delete()
    ImportProblem.objects.bulk_create(
        ImportProblem(
            batch=batch,
            row=p.row,
            column=p.column[:100],
            value=p.value[:200],
            message=p.message[:300],
            is_error=p.is_error,
        )
        for p in checked.problems[:PROBLEM_CAP]
    )
    batch.mapping = mapping
    batch.rows_total = checked.rows
    batch.rows_rejected = len(checked.rejected_rows)
    batch.warnings = sum(1 for p in checked.problems if not p.is_error)
    batch.status = ImportBatch.Status.CHECKED
    batch.save()
    SourceMapping.objects.update_or_create(
        estate_id=batch.estate_id,
        kind=batch.kind,
        source=batch.source,
        defaults={"mapping": mapping},
    )
    return batch


@transaction.atomic
def batch_confirm(*, actor, batch: ImportBatch, clean_rows_only: bool = False) -> Job:
    """Queue the import. A file with rejected rows goes in only when the supervisor chose to
    import the clean rows (and keep the rejected ones to correct)."""
    _check_role(actor, batch.estate_id)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.CHECKED:
        raise ImportsError(_("Check the file before importing it."), code="not_checked")
    if batch.rows_rejected and not clean_rows_only:
        raise ImportsError(
            _(
                "%(count)s rows have problems. Correct them, or import the clean rows and keep "
                "the rejected ones."
            )
            % {"count": batch.rows_rejected},
            code="has_problems",
        )
    if batch.rows_rejected >= batch.rows_total:
        raise ImportsError(_("No row of this file can be imported."), code="nothing_clean")
    job = job_start(
        actor=actor,
        kind=IMPORT_JOB,
        title=_("Import %(file)s") % {"file": batch.file_name},
        estate=batch.estate,
        params={"batch_id": batch.pk},
    )
    batch.status = ImportBatch.Status.QUEUED
    batch.job = job
    batch.save(update_fields=["status", "job"])
    return job


def batch_job_run(job: Job, progress) -> None:
    batch = ImportBatch.objects.select_related("estate").get(pk=job.params["batch_id"])
    if batch.status == ImportBatch.Status.DONE:
        return  # a repeated message: the import already ran
    actor = job.requested_by
    checked = check(batch.kind, _sheet(batch), batch.mapping)
    try:
        summary = _apply(batch, checked, actor, progress)
    except Exception:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.FAILED)
        raise
    batch.summary = summary
    batch.status = ImportBatch.Status.DONE
    batch.save(update_fields=["summary", "status"])
    job.message = summary_text(summary)


def summary_text(summary: dict) -> str:
    counts = summary.get("counts", {})
    return _(
        "Units %(units)s, owners %(owners)s, ownerships %(ownerships)s, residents "
        "%(residents)s, vehicles %(vehicles)s, opening arrears %(charges)s, past payments "
        "%(payments)s (new / changed / unchanged); rows refused while importing: %(refused)s."
    ) % {
        "units": _triple(counts.get("unit")),
        "owners": _triple(counts.get("owner")),
        "ownerships": _triple(counts.get("ownership")),
        "residents": _triple(counts.get("resident")),
        "vehicles": _triple(counts.get("vehicle")),
        "charges": _triple(counts.get("charge")),
        "payments": _triple(counts.get("payment")),
        "refused": summary.get("refused", 0),
    }


def _triple(counts: dict | None) -> str:
    counts = counts or {}
    return "/".join(
        str(counts.get(w, 0)) for w in (intake.CREATED, intake.CHANGED, intake.UNCHANGED)
    )


def _apply(batch: ImportBatch, checked: Checked, actor, progress) -> dict[str, Any]:
    counts: dict[str, dict[str, int]] = {}
    refused = 0
    units: dict[str, Unit] = {}
    since = batch.default_since or timezone.localdate()
    total = len(checked.records)

    def count(model: str, what: str, n: int = 1) -> None:
        if not n:
            return
        counts.setdefault(model, {}).setdefault(what, 0)
        counts[model][what] += n

    records = checked.records
    if batch.kind == Kind.HC_PAYMENTS:
        return {"counts": counts, "refused": _apply_payments(batch, records, count, progress)}
    if batch.kind in HOUSEHOLDS:
        records = _apply_households(batch, records, actor, since, count, progress)
    done = total - len(records)
    # One transaction per row, not one for the file: the progress bar and the job's lease
    # (renewed by ``progress``) must be seen by other connections while the job runs. A run
    # cut short and repeated adds only what is missing (every write is a no-op when done).
    for record in records:
        done += 1
        try:
            with transaction.atomic():  # a row refused here leaves the others in
                warnings = _apply_record(batch, record, actor, units, since, count)
        except DeskError as error:
            refused += 1
            units.pop(record.unit.code, None)  # its unit may have been rolled back with it
            _late_problem(batch, record.row, error.message, is_error=True)
        else:
            for warning in warnings:
                _late_problem(batch, record.row, warning, is_error=False)
        if done % 50 == 0 or done == total:
            progress(done, total)
    return {"counts": counts, "refused": refused}


def _apply_households(batch, records: list[Record], actor, since, count, progress):
    """A chunk of units at a time: those the estate does not have yet written in bulk, those
    it holds exactly as the file says counted unchanged (``owners.services.intake``); returns
    the records left for the row-by-row path (what changes, what to warn of)."""
    by_unit: dict[str, list[Record]] = {}
    for record in records:
        by_unit.setdefault(record.unit.code, []).append(record)
    left: list[Record] = []
    done = 0
    codes = list(by_unit)
    for start in range(0, len(codes), HOUSEHOLD_CHUNK):
        chunk = [_household(by_unit[code]) for code in codes[start : start + HOUSEHOLD_CHUNK]]
        made, not_new = intake.intake_new_households(
            actor=actor, estate=batch.estate, households=chunk, since=since
        )
        for model, n in made.items():
            count("owner" if model == "reused" else model, _MADE[model], n)
        unchanged, not_taken = intake.intake_unchanged_households(
            estate=batch.estate, households=not_new
        )
        for model, n in unchanged.items():
            count(model, intake.UNCHANGED, n)
        for household in not_taken:
            left += by_unit[household.key]
        done += sum(len(by_unit[h.key]) for h in chunk) - sum(
            len(by_unit[h.key]) for h in not_taken
        )
        progress(done, len(records))
    return sorted(left, key=lambda r: r.row)


def _apply_payments(batch, records: list[Record], count, progress) -> int:
    """Payments of the old system, kept as the unit's history (``PastPayment``), a chunk at a
    time; a row whose unit the estate does not have is refused (import the houses first)."""
    units = dict(
        Unit.objects.filter(estate=batch.estate).values_list("code", "pk")
    )  # one query: an estate's units fit in memory (100,000 codes are a few MB)
    refused = 0
    for start in range(0, len(records), PAYMENT_CHUNK):
        chunk: dict[str, PastPayment] = {}
        for record in records[start : start + PAYMENT_CHUNK]:
            unit_id = units.get(record.unit.code)
            if unit_id is None:
                refused += 1
                _late_problem(
                    batch,
                    record.row,
                    _("Unit %(code)s is not in the estate: import the houses first.")
                    % {"code": record.unit.code},
                    is_error=True,
                )
                continue
            payment = _past_payment(batch, record, unit_id)
            if payment.key in chunk:
                count("payment", intake.UNCHANGED)  # the same line twice in the file
            chunk[payment.key] = payment
        held = set(
            PastPayment.objects.filter(estate=batch.estate, key__in=chunk).values_list(
                "key", flat=True
            )
        )
        PastPayment.objects.bulk_create([p for k, p in chunk.items() if k not in held])
        count("payment", intake.CREATED, len(chunk) - len(held))
        count("payment", intake.UNCHANGED, len(held))
        progress(min(start + PAYMENT_CHUNK, len(records)), len(records))
    return refused


def _past_payment(batch, record: Record, unit_id: int) -> PastPayment:
    values = record.values
    key = "|".join(
        [
            record.unit.code,
            values["fee"],
            str(values["paid_on"]),
            str(values["amount"]),
            values["receipt"],
            str(values["start"] or ""),
            str(values["end"] or ""),
        ]
    )[:200]
    return PastPayment(
        estate_id=batch.estate_id,
        unit_id=unit_id,
        key=key,
        fee=values["fee"],
        period_start=values["start"],
        period_end=values["end"],
        amount=values["amount"],
        paid_on=values["paid_on"],
        receipt_number=values["receipt"],
        method=values["method"],
        payer=values["payer"],
        batch=batch,
    )


_MADE = {
    "unit": intake.CREATED,
    "owner": intake.CREATED,
    "reused": intake.UNCHANGED,
    "ownership": intake.CREATED,
    "resident": intake.CREATED,
}


def _household(records: list[Record]) -> intake.NewHousehold:
    first = records[0]
    values, code = first.values, first.unit
    household = intake.NewHousehold(
        building=code.building,
        entrance=code.entrance,
        room=code.room,
        area=values.get("area"),
        floor=values.get("floor") or code.floor,
        building_floors=values.get("floors"),
        use=values.get("use"),
        status=values.get("status"),
        key=code.code,
    )
    for record in records:
        person = record.values["person"]
        if not person["name"]:
            continue
        new = intake.NewPerson(
            name=person["name"],
            kind=Owner.Kind.COMPANY if person["kind"] == "company" else Owner.Kind.PERSON,
            id_type=person["id_type"],
            id_number=person["id_number"],
            phone=person["phone"],
            contact_person=person["contact"],
            share=person["share"],
            since=person["since"],
        )
        if person["role"] == schemas.ROLE_OWNER:
            household.owners.append(new)
        else:
            new.kind = schemas.RESIDENT_KIND[person["role"]]
            household.residents.append(new)
    return household


def _late_problem(batch: ImportBatch, row: int, message: str, *, is_error: bool) -> None:
    ImportProblem.objects.create(batch=batch, row=row, message=message[:300], is_error=is_error)
    field = "rows_rejected" if is_error else "warnings"
    ImportBatch.objects.filter(pk=batch.pk).update(**{field: getattr(batch, field) + 1})
    setattr(batch, field, getattr(batch, field) + 1)


def _unit(batch, record: Record, actor, units, count) -> Unit:
    """The record's unit: made or brought in step by a house sheet; only found by the others
    (a fee or vehicle row says nothing of the unit itself)."""
    code = record.unit.code
    if code in units:
        return units[code]
    if batch.kind not in HOUSEHOLDS:
        unit = Unit.objects.filter(estate=batch.estate, code=code).first()
        if unit is None:
            raise ImportsError(
                _("Unit %(code)s is not in the estate: import the houses first.") % {"code": code},
                code="no_unit",
            )
        units[code] = unit
        return unit
    values = record.values
    outcome = intake.intake_unit(
        actor=actor,
        estate=batch.estate,
        building=record.unit.building,
        entrance=record.unit.entrance,
        room=record.unit.room,
        area=values.get("area"),
        floor=values.get("floor") or record.unit.floor,
        building_floors=values.get("floors"),
        use=values.get("use"),
        status=values.get("status"),
    )
    count("unit", outcome.what)
    units[code] = outcome.obj
    return outcome.obj


def _apply_record(batch, record: Record, actor, units, since, count) -> list[str]:
    unit = _unit(batch, record, actor, units, count)
    if batch.kind == Kind.HC_FEES:
        _opening_charge(batch, record, actor, unit, count)
        return []
    if batch.kind == Kind.HC_VEHICLES:
        outcome = intake.intake_vehicle(
            actor=actor,
            unit=unit,
            plate=record.values["plate"],
            description=record.values["description"],
            parking_space=record.values["space"],
        )
        count("vehicle", outcome.what)
        return []
    person = record.values["person"]
    if not person["name"]:
        return []
    if person["role"] == schemas.ROLE_OWNER:
        owner = intake.intake_owner(
            actor=actor,
            estate=batch.estate,
            name=person["name"],
            kind=Owner.Kind.COMPANY if person["kind"] == "company" else Owner.Kind.PERSON,
            id_type=person["id_type"],
            id_number=person["id_number"],
            phone=person["phone"],
            contact_person=person["contact"],
            unit=unit,
        )
        count("owner", owner.what)
        ownership = intake.intake_ownership(
            actor=actor,
            unit=unit,
            owner=owner.obj,
            share=person["share"],
            since=person["since"] or since,
        )
        count("ownership", ownership.what)
        return owner.warnings
    resident = intake.intake_resident(
        actor=actor,
        unit=unit,
        name=person["name"],
        kind=schemas.RESIDENT_KIND[person["role"]],
        phone=person["phone"],
        id_number=person["id_number"],
    )
    count("resident", resident.what)
    return []


def _opening_charge(batch, record: Record, actor, unit: Unit, count) -> None:
    """An opening arrear as a charge through fees (so the arrears list, collection and the
    release slip see it on day one); the same row imported again charges nothing."""
    values = record.values
    start, end = values["start"], values["end"]
    key = "|".join(
        [unit.code, values["fee"], str(start or ""), str(end or ""), str(values["amount"])]
    )[:200]
    if OpeningCharge.objects.filter(estate_id=batch.estate_id, key=key).exists():
        count("charge", intake.UNCHANGED)
        return
    kind = "property" if not values["fee"] or "物业" in values["fee"] else "other"
    fee_type = fee_type_of_kind(estate_id=batch.estate_id, kind=kind) or fee_type_of_kind(
        estate_id=batch.estate_id, kind="property"
    )
    if fee_type is None:
        raise ImportsError(
            _(
                "The estate has no property fee type to charge opening arrears to; set it up in "
                "fees first."
            ),
            code="no_fee_type",
        )
    period = " ".join(d.strftime("%Y-%m-%d") for d in (start, end) if d)
    description = _("Opening arrears %(fee)s %(period)s") % {
        "fee": values["fee"] or fee_type.name,
        "period": period,
    }
    charge = charge_create(
        actor=actor,
        estate_id=batch.estate_id,
        fee_type=fee_type,
        amount=values["amount"],
        unit=unit,
        description=description.strip()[:200],
        due_date=end or timezone.localdate(),
    )
    OpeningCharge.objects.create(
        estate_id=batch.estate_id, key=key, unit=unit, charge=charge, batch=batch
    )
    count("charge", intake.CREATED)


def rejected_rows_csv(batch: ImportBatch) -> bytes:
    """The rejected rows as the file had them, with their problems in a last column, in
    UTF-8 with BOM (Excel on Chinese Windows opens it right)."""
    sheet = _sheet(batch)
    reasons: dict[int, list[str]] = {}
    for problem in batch.problems.filter(is_error=True).order_by("row", "id"):
        cell = f"{problem.column}: " if problem.column else ""
        reasons.setdefault(problem.row, []).append(cell + problem.message)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Row"), *sheet.headers, _("Problems")])
    for number, cells in sheet.rows:
        if number in reasons:
            writer.writerow([number, *(text(c) for c in cells), "；".join(reasons[number])])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_csv(kind: str) -> bytes:
    """A template: the headers (required ones marked *), then one line of allowed values."""
    columns = schemas.columns(kind)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.aliases[0] + ("*" if c.required else "") for c in columns])
    writer.writerow(["、".join(dict.fromkeys(c.values)) if c.values else "" for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
