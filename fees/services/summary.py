"""The arrears summary: derived data the arrears list reads (see ``ArrearsSnapshot``).

Rebuilt in short batches of units, each its own transaction, so the desk's writes (a
payment rewrites its unit's row inside its own transaction) never wait for a whole estate:
on SQLite one writer holds the database at a time, and a rebuild of 100,000 units in one
transaction would hold it for seconds."""

import datetime
import time
from collections.abc import Callable

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from frontdesk.maintenance import analyze_database
from owners.models import Unit

from .. import selectors
from ..models import ArrearsSnapshot, Charge, UnitArrears
from ..selectors import OPEN

# Units per rebuild transaction: a few tens of milliseconds of the write lock each.
SNAPSHOT_BATCH = 1000
# A batch that meets a row a desk write inserted meanwhile (PostgreSQL) is simply redone.
BATCH_ATTEMPTS = 3
# Seconds a long write leaves the SQLite lock free between two batches (``desk_turn``).
DESK_TURN = 0.11


def desk_turn() -> None:
    """Between two batches of a long write, let the desk's writers in.

    SQLite has one writer, and a writer that waits for it sleeps between tries (up to 100 ms
    apart): a long write that begins its next batch at once would take the lock again before
    they wake, and a payment would wait for the whole run. So it pauses a little longer than
    their longest sleep. PostgreSQL locks rows, and a payment waits for one batch at most.
    Inside a transaction (the bench's rolled-back billing) the lock is held anyway: no pause."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        time.sleep(DESK_TURN)


COLUMNS = ("unit_id", "estate_id", "building_id", "total", "oldest")


def _insert_owing(queryset, *, upsert: bool = False) -> None:
    """INSERT … SELECT of ``owing_by_unit`` rows: the aggregate never leaves the database.

    ``upsert``: a row a rebuild batch inserted meanwhile (PostgreSQL, after this
    transaction's DELETE had looked) takes this fresher computation instead of failing."""
    sql, params = queryset.query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(UnitArrears._meta.db_table)
    columns = ", ".join(quote(column) for column in COLUMNS)
    conflict = ""
    if upsert:
        updates = ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in COLUMNS[1:])
        conflict = f" ON CONFLICT ({quote('unit_id')}) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}{conflict}", params)


def arrears_changed(unit_ids: list[int]) -> None:
    """Rewrite these units' summary rows, where their estate keeps a summary: three queries
    inside the caller's transaction, one when no estate does."""
    if not unit_ids:
        return
    snapshot_day = ArrearsSnapshot.objects.filter(estate_id=OuterRef("estate_id")).values("as_of")
    units = (
        Unit.objects.filter(pk__in=unit_ids)
        .annotate(as_of=Subquery(snapshot_day[:1]))
        .filter(as_of__isnull=False)
        .values_list("pk", "as_of")
    )
    by_day: dict[datetime.date, list[int]] = {}
    for unit_id, as_of in units:
        by_day.setdefault(as_of, []).append(unit_id)
    if not by_day:
        return
    UnitArrears.objects.filter(unit_id__in=unit_ids).delete()
    for as_of, ids in by_day.items():
        # by unit only: the unit's own charges, through its index, whatever the estate holds
        _insert_owing(selectors.owing_by_unit(as_of=as_of, unit_ids=ids), upsert=True)


def _lock_for_rewrite(unit_ids: list[int]) -> None:
    """PostgreSQL: lock the units, then their open charges, in id order, as a payment does
    (its unit, then its open charges), and as a waiver (the charge) or a new charge (its unit)
    do: whoever comes second waits, and then reads or rewrites what the first committed.
    NO KEY UPDATE: rows of other tables may still name these units meanwhile (a visit, a
    summary row's own key check). SQLite has one writer: nothing to lock."""
    if not connection.features.has_select_for_update:
        return
    list(
        Unit.objects.select_for_update(no_key=True)
        .filter(pk__in=unit_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    list(
        Charge.objects.select_for_update(no_key=True)
        .filter(unit_id__in=unit_ids, status__in=OPEN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def units_rewrite(unit_ids: list[int], as_of: datetime.date) -> None:
    """Rewrite these units' rows for ``as_of`` in one short transaction of their own.

    The units and their open charges are locked first (``_lock_for_rewrite``): a desk write
    either commits before the batch reads the charges or waits for the batch and rewrites
    its unit's row after it, so the batch never leaves a stale row behind. Idempotent: a
    batch run twice leaves the same rows.
    """
    if not unit_ids:
        return
    for attempt in range(1, BATCH_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                _lock_for_rewrite(unit_ids)
                UnitArrears.objects.filter(unit_id__in=unit_ids).delete()
                _insert_owing(selectors.owing_by_unit(as_of=as_of, unit_ids=unit_ids))
            return
        except (IntegrityError, OperationalError):
            # A desk write that does not lock the unit (a new charge, a waiver) inserted a row
            # after this batch's DELETE had looked (PostgreSQL): the batch never overwrites it
            # (its own reading of the charges may be the older one); it is redone, and reads
            # the charges as they are now. (A lock wait gone wrong, a deadlock: redone too.)
            if attempt == BATCH_ATTEMPTS:
                raise


def arrears_snapshot_build(
    *,
    estate_id: int,
    as_of: datetime.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    batch: int = SNAPSHOT_BATCH,
    paced: bool = True,
) -> int:
    """Rebuild an estate's arrears summary for ``as_of`` (today); returns its rows.

    No actor: derived data, rebuilt by the nightly task, billing, the demo and the bench
    (the system, not a person; it changes no money).

    In batches of ``batch`` units, each in its own transaction (``units_rewrite``), so
    payments go on meanwhile. The snapshot day is set first, so that a payment between two
    batches already rewrites its unit's row for the new day: at the end every row equals a
    fresh computation. Until then the rows of the batches not yet rewritten are the previous
    ones; if the rebuild fails half-way the snapshot is dropped, and the list aggregates live
    (slower, never wrong) until the next rebuild. Two rebuilds at once write the same rows.
    ``paced`` (the default) lets the desk's writes in between batches (``desk_turn``); the
    demo and the bench, with no desk open, rebuild unpaced.
    """
    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        ArrearsSnapshot.objects.update_or_create(
            estate_id=estate_id, defaults={"as_of": as_of, "built_at": timezone.now()}
        )
    unit_ids = list(
        Unit.objects.filter(estate_id=estate_id).order_by("pk").values_list("pk", flat=True)
    )
    try:
        for start in range(0, len(unit_ids), batch):
            if start and paced:
                desk_turn()
            units_rewrite(unit_ids[start : start + batch], as_of)
            if progress:
                progress(min(start + batch, len(unit_ids)), len(unit_ids))
        # rows of the estate's charges on units now in another estate: rewritten too
        moved = UnitArrears.objects.filter(estate_id=estate_id).exclude(unit__estate_id=estate_id)
        units_rewrite(list(moved.values_list("unit_id", flat=True)), as_of)
        with transaction.atomic():
            ArrearsSnapshot.objects.filter(estate_id=estate_id).update(built_at=timezone.now())
    except BaseException:
        if not connection.needs_rollback:  # (inside a broken outer transaction: it goes too)
            ArrearsSnapshot.objects.filter(estate_id=estate_id).delete()
        raise
    # The table was just rewritten: without fresh statistics the planner may walk the
    # estate instead of one building (20 ms instead of 1 at 100,000 units).
    analyze_database(UnitArrears)
    return UnitArrears.objects.filter(estate_id=estate_id).count()
