"""Helpers of ``manage.py bench``: sample queries from the big estate, time pages, print a table.

Pages are requested through Django's test client (the whole middleware stack, no network);
the time of a request is the time around ``client.get``. SQL queries are counted on the
warm-up requests only: query capture turns on the debug cursor, which on SQLite runs an
extra ``SELECT QUOTE(?)`` per query and would inflate the timed requests.
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Length
from django.shortcuts import render
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.utils.text import slugify

from frontdesk import roles
from frontdesk.models import StaffProfile
from owners.models import Authorization, Estate, Owner, Resident, Unit

BENCH_USERNAME = "bench"
FLOOR_PATH = "/__bench__/floor/"


class BenchError(Exception):
    pass


# --- the floor: a view that renders the base layout and nothing else --------------------------


def floor_view(request):
    return render(request, "base.html")


# Used as ROOT_URLCONF while the floor is measured, so it goes through the same URL resolver
# and middleware as the pages; the project's URLs stay reversible for base.html.
urlpatterns = [
    path(FLOOR_PATH.strip("/") + "/", floor_view),
    path("", include("frontdesk.urls")),
]


# --- who measures and what they search for ----------------------------------------------------


def bench_user(estate: Estate, role: str = roles.RECEPTIONIST):
    """A user of ``estate`` only with one ``role``; created once, reused afterwards."""
    username = BENCH_USERNAME if role == roles.RECEPTIONIST else f"{BENCH_USERNAME}-{slugify(role)}"
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": "Bench", "last_name": role}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    profile, _ = StaffProfile.objects.get_or_create(user=user)
    profile.estates.add(estate)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@dataclass
class Samples:
    name2: str
    name3: str
    initials: str
    phone_tail: str
    unit_code: str
    unit_code_part: str
    unit_id: int
    owner_id: int


def _most_common_name(owners, length: int) -> str:
    row = (
        owners.annotate(length=Length("name"))
        .filter(length=length)
        .values("name")
        .annotate(n=Count("id"))
        .order_by("-n", "name")
        .first()
    )
    if row is None:
        raise BenchError(f"no owner in the estate has a {length}-character name")
    return row["name"]


def sample(estate: Estate) -> Samples:
    """Real values from ``estate``: the most frequent names (the most rows to show) and the
    unit whose dossier has the most kinds of rows (owners, residents, an agent, a document)."""
    owners = Owner.objects.filter(estate=estate, kind=Owner.Kind.PERSON)
    name2 = _most_common_name(owners, 2)
    name3 = _most_common_name(owners, 3)
    initials = owners.filter(name=name3).values_list("name_initials", flat=True)[0]
    phone = (
        owners.filter(phone__regex=r"^1\d{10}$").order_by("pk").values_list("phone", flat=True)
    )[:1]
    if not phone:
        raise BenchError("no owner in the estate has a mobile phone")

    agent = (
        Authorization.objects.filter(unit__estate=estate, unit__residents__isnull=False)
        .order_by("pk")
        .values("unit_id", "owner_id")
        .first()
    )
    if agent:
        unit_id, owner_id = agent["unit_id"], agent["owner_id"]
    else:
        resident = Resident.objects.filter(unit__estate=estate).order_by("pk").first()
        unit = resident.unit if resident else Unit.objects.filter(estate=estate).first()
        if unit is None:
            raise BenchError("the estate has no units")
        unit_id = unit.pk
        owner_id = owners.order_by("pk").values_list("pk", flat=True)[0]
    code = Unit.objects.get(pk=unit_id).code
    return Samples(
        name2=name2,
        name3=name3,
        initials=initials,
        phone_tail=phone[0][-4:],
        unit_code=code,
        unit_code_part="-".join(code.split("-")[-2:]),
        unit_id=unit_id,
        owner_id=owner_id,
    )


def planner_statistics() -> str:
    """Whether the database has statistics on the search tables: without them both SQLite and
    PostgreSQL misjudge the estate filter (one value for every row) as selective."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return "none (ANALYZE never ran)"
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'owners_owner'")
            return "present" if cursor.fetchone()[0] else "none for owners_owner"
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT GREATEST(last_analyze, last_autoanalyze) FROM pg_stat_user_tables "
                "WHERE relname = 'owners_owner'"
            )
            row = cursor.fetchone()
            if row is None or row[0] is None:
                return "none for owners_owner (never analyzed)"
            return f"owners_owner analyzed {row[0]:%Y-%m-%d %H:%M}"
    return "unknown"


# --- measuring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    p95_ms: float | None = None
    max_queries: int | None = None

    def describe(self) -> str:
        parts = []
        if self.p95_ms is not None:
            parts.append(f"p95<={self.p95_ms:g}ms")
        if self.max_queries is not None:
            parts.append(f"q<={self.max_queries}")
        return ", ".join(parts) or "-"


@dataclass
class Measurement:
    label: str
    target: Target
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    note: str = ""  # set when the page was skipped
    remark: str = ""  # printed under the table
    missed: list[str] = field(default_factory=list)  # targets of the app's own

    @property
    def p50(self) -> float:
        return percentile(self.times_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.times_ms, 95)

    @property
    def queries_text(self) -> str:
        if not self.queries:
            return "-"
        low, high = min(self.queries), max(self.queries)
        return str(high) if low == high else f"{low}-{high}"

    def misses(self) -> list[str]:
        if self.note:
            return []
        missed = list(self.missed)
        if self.target.p95_ms is not None and self.p95 > self.target.p95_ms:
            missed.append("p95")
        if (
            self.target.max_queries is not None
            and self.queries
            and max(self.queries) > self.target.max_queries
        ):
            missed.append("queries")
        return missed


def percentile(values: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def measure(
    measurement: Measurement, call: Callable[[], int], *, requests: int, warmup: int
) -> Measurement:
    """Run ``call`` (which returns an HTTP status) ``warmup`` times counting queries, then
    ``requests`` times timing it. Any status but 200 raises BenchError."""
    counts = []
    for _ in range(warmup):
        with CaptureQueriesContext(connection) as captured:
            _check(measurement, call)
        counts.append(len(captured))
    # The first request may fill process caches (content types, translations); count the rest.
    measurement.queries = counts[1:] or counts
    for _ in range(requests):
        started = time.perf_counter()
        _check(measurement, call)
        measurement.times_ms.append((time.perf_counter() - started) * 1000)
    return measurement


def getter(client: Client, url: str) -> Callable[[], int]:
    """A GET of ``url`` returning its status, for ``measure``."""
    # secure=True: a production-like settings file may redirect plain HTTP.
    return lambda: client.get(url, secure=True).status_code


def _check(measurement: Measurement, call: Callable[[], int]) -> None:
    try:
        status = call()
    except Exception as error:
        raise BenchError(f"{measurement.label}: {error.__class__.__name__}: {error}") from error
    if status != 200:
        raise BenchError(f"{measurement.label}: status {status}, expected 200")


# --- the report -------------------------------------------------------------------------------

COLUMNS = ("page", "p50 ms", "p95 ms", "×floor", "queries", "target", "ok?")


def table(rows: list[Measurement], floor: Measurement) -> list[str]:
    cells = [COLUMNS]
    for row in rows:
        if row.note:
            cells.append((row.label, "-", "-", "-", "-", row.target.describe(), "skipped"))
            continue
        missed = row.misses()
        cells.append(
            (
                row.label,
                f"{row.p50:.2f}",
                f"{row.p95:.2f}",
                f"{row.p50 / floor.p50:.1f}",
                row.queries_text,
                row.target.describe(),
                "MISS " + "+".join(missed) if missed else "ok",
            )
        )
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = []
    for n, line in enumerate(cells):
        padded = [
            value.ljust(width) if i in (0, 5, 6) else value.rjust(width)
            for i, (value, width) in enumerate(zip(line, widths, strict=True))
        ]
        lines.append(" | ".join(padded).rstrip())
        if n == 0:
            lines.append("-+-".join("-" * width for width in widths))
    return lines


# --- apps' own rows -------------------------------------------------------------------------


@dataclass
class AppBench:
    """What ``manage.py bench`` hands to each app's ``bench.measurements(app_bench)``.

    An app with a ``bench`` module adds its own rows to the table: pages through ``page``,
    service calls and selectors through ``call``. It may prepare data of its own first
    (idempotently: the bench runs again on the same database) and print what it did with
    ``say``."""

    estate: Estate
    requests: int
    warmup: int
    pdf_requests: int
    say: Callable[[str], None]

    def client(self, role: str = roles.RECEPTIONIST) -> Client:
        client = Client()
        client.force_login(bench_user(self.estate, role))
        return client

    def page(self, label: str, url: str, target: Target, client: Client, *, pdf=False):
        row = Measurement(label, target)
        requests = self.pdf_requests if pdf else self.requests
        warmup = min(self.warmup, 2) if pdf else self.warmup
        call = getter(client, url)
        return measure(row, call, requests=requests, warmup=warmup)

    def call(self, label: str, function: Callable[[], object], target: Target, *, rounds=None):
        """Time ``function`` (a service or a selector) as if it were a page."""

        def call() -> int:
            function()
            return 200

        row = Measurement(label, target)
        return measure(row, call, requests=rounds or self.requests, warmup=self.warmup)
