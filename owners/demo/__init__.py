"""Demo and benchmark data: estates, units, owners, residents, agents and demo staff.

Everything is generated from a seeded ``random.Random`` (one per estate), so a run is
reproducible, and without Faker: ``seed_demo`` runs in ``make run`` with the main
dependencies only. Rows are written with ``bulk_create`` in chunks, which skips ``save()``
(so derived columns are filled by calling ``refresh_derived()`` here) and signal-based
history (the small demo estates get their "created" history rows written in bulk; the large
benchmark estate gets none, for speed).
"""

import time
from collections.abc import Callable

from frontdesk.maintenance import analyze_database

from ..models import Unit
from .builder import EstateBuilder, seed_estate
from .estates import DEMO_ESTATES, EstateSpec, big_estate_spec, scaled
from .people import People, Person
from .staff import DEMO_ESTATE_CODES, DEMO_PASSWORD, DEMO_USERS, seed_users

__all__ = [
    "DEMO_ESTATES",
    "DEMO_ESTATE_CODES",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "EstateBuilder",
    "EstateSpec",
    "People",
    "Person",
    "big_estate_spec",
    "scaled",
    "seed_all",
    "seed_estate",
    "seed_users",
]


def seed_all(
    *,
    scale: float = 1.0,
    big_units: int | None = None,
    seed: int = 1,
    report: Callable[[str], None] = lambda line: None,
) -> None:
    """The demo estates (scaled), optionally the large estate BIG; each once."""
    specs = [scaled(spec, scale) for spec in DEMO_ESTATES]
    if big_units:
        specs.append(big_estate_spec(big_units))
    for spec in specs:
        started = time.monotonic()
        result = seed_estate(spec, seed=seed)
        if result is None:
            existing = Unit.objects.filter(estate__code=spec.code).count()
            report(f"{spec.code} {spec.name}: already seeded ({existing} units), skipped")
            continue
        counts = result[1]
        report(
            f"{spec.code} {spec.name}: {counts.units} units, {counts.owners} owners, "
            f"{counts.ownerships} ownerships, {counts.residents} residents, "
            f"{counts.authorizations} authorizations in {time.monotonic() - started:.1f} s"
        )
    # Bulk inserts leave the query planner without statistics; without them SQLite walks a
    # whole estate for each search (65-130 ms at 100,000 units, 13-16 ms after).
    analyze_database()
