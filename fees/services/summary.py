"""The arrears summary: derived data the arrears list reads (see ``ArrearsSnapshot``)."""

import datetime

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from frontdesk.maintenance import analyze_database
from owners.models import Unit

from .. import selectors
from ..models import ArrearsSnapshot, UnitArrears


def _insert_owing(queryset) -> None:
    """INSERT … SELECT of ``owing_by_unit`` rows: the aggregate never leaves the database."""
    sql, params = queryset.query.sql_with_params()
    table = connection.ops.quote_name(UnitArrears._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (unit_id, estate_id, building_id, total, oldest) {sql}", params
        )


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
        _insert_owing(selectors.owing_by_unit(as_of=as_of, unit_ids=ids))


@transaction.atomic
def arrears_snapshot_build(*, estate_id: int, as_of: datetime.date | None = None) -> int:
    """Rebuild an estate's arrears summary for ``as_of`` (today); returns its rows.

    No actor: derived data, rebuilt by the nightly task, billing, the demo and the bench
    (the system, not a person; it changes no money)."""
    as_of = as_of or timezone.localdate()
    # Locked: two rebuilds at once would insert the same units twice.
    snapshot = ArrearsSnapshot.objects.select_for_update().filter(estate_id=estate_id).first()
    UnitArrears.objects.filter(estate_id=estate_id).delete()
    _insert_owing(selectors.owing_by_unit(as_of=as_of, estate_ids=[estate_id]))
    if snapshot is None:
        snapshot = ArrearsSnapshot(estate_id=estate_id)
    snapshot.as_of, snapshot.built_at = as_of, timezone.now()
    snapshot.save()
    # The table was just rewritten: without fresh statistics the planner may walk the
    # estate instead of one building (20 ms instead of 1 at 100,000 units).
    analyze_database(UnitArrears)
    return UnitArrears.objects.filter(estate_id=estate_id).count()
