"""The load test's two looks at the database (scripts/load.sh runs them around locust).

python -m tests.load.desk_check setup PREPARED.json
    migrates, seeds the demo data (SEED_SCALE), collects the static files, then prepares;
python -m tests.load.desk_check prepare PREPARED.json
    what the simulated staff need (their units, owing units, names to search) and the
    counts before the run;
python -m tests.load.desk_check check PREPARED.json SUMMARY.json SERVER.log
    the gates: locust's figures (tests/load/figures.py), the server log, and the
    integrity of the money: every payment has its receipt, receipt numbers gapless and
    unique in each series, no charge or payment over-allocated, the arrears summary equal
    to a fresh computation, and as many new payments, calls and visits as locust saw
    created. Prints the figures; exits 1 when a gate fails.
"""

import datetime
import json
import os
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdesk.settings")
    import django

    django.setup()


# The demo users the simulated staff sign in as (owners/demo/staff.py).
STAFF = {"receptionist": ["reception", "reception2"], "cashier": ["cashier"]}


def counts() -> dict[str, int]:
    from fees.models import Payment
    from reception.models import PhoneCall, Visit

    return {
        "payment": Payment.objects.count(),
        "call": PhoneCall.objects.count(),
        "visit": Visit.objects.count(),
    }


def prepare() -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from fees import selectors as fee_selectors
    from owners.models import Owner, Unit

    users = {}
    for role, names in STAFF.items():
        for user in get_user_model().objects.filter(username__in=names):
            estate_ids = sorted(user.staff_profile.estates.values_list("pk", flat=True))
            users[user.username] = {"role": role, "estates": estate_ids}
    estate_ids = sorted({pk for user in users.values() for pk in user["estates"]})
    units: dict[str, list] = {}
    owing: dict[str, list[int]] = {}
    names: dict[str, list[str]] = {}
    today = timezone.localdate()
    for estate_id in estate_ids:
        key = str(estate_id)
        units[key] = list(
            Unit.objects.filter(estate_id=estate_id).order_by("pk").values_list("pk", "code")
        )
        owing[key] = sorted(
            row["unit_id"]
            for row in fee_selectors.owing_by_unit(as_of=today, estate_ids=[estate_id])
        )
        names[key] = list(
            Owner.objects.filter(ownerships__unit__estate_id=estate_id)
            .order_by("pk")
            .values_list("name", flat=True)
            .distinct()[:200]
        )
    return {
        "users": users,
        "units": units,
        "owing": owing,
        "names": names,
        "before": counts(),
    }


# --- integrity -------------------------------------------------------------------------------


def receipt_problems() -> list[str]:
    """Every payment carries a number of a series; each series is 1..N, each number once."""
    from fees.models import Payment
    from fees.services.payments import RECEIPT
    from fees.services.reversals import REVERSAL
    from frontdesk.models import DocumentSequence

    prefixes = {RECEIPT[0]: RECEIPT[1], REVERSAL[0]: REVERSAL[1]}
    problems: list[str] = []
    numbers: dict[tuple[int, str], list[int]] = defaultdict(list)
    for estate_id, number in Payment.objects.values_list("estate_id", "receipt_number"):
        head, _, tail = number.rpartition("-")
        if not head or not tail.isdigit():
            problems.append(f"payment with a receipt number outside every series: {number!r}")
            continue
        numbers[(estate_id, head)].append(int(tail))
    series = {
        (row.estate_id, f"{prefixes[row.kind]}{row.year}"): row.last_number
        for row in DocumentSequence.objects.filter(kind__in=prefixes)
    }
    for key in sorted(set(numbers) | set(series)):
        got = sorted(numbers.get(key, []))
        last = series.get(key)
        name = f"estate {key[0]} series {key[1]}"
        if last is None:
            problems.append(f"{name}: {len(got)} payments but no sequence")
            continue
        if len(got) != len(set(got)):
            problems.append(f"{name}: a receipt number is used twice")
        if got != list(range(1, last + 1)):
            missing = sorted(set(range(1, last + 1)) - set(got))[:10]
            problems.append(
                f"{name}: {len(got)} receipts for {last} numbers (missing {missing}, "
                f"beyond {[n for n in got if n > last][:10]})"
            )
    return problems


def allocation_problems() -> list[str]:
    from django.db.models import DecimalField, Sum, Value
    from django.db.models.functions import Coalesce

    from fees.models import Charge, Payment

    zero = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))
    problems: list[str] = []
    charges = Charge.objects.annotate(allocated=Coalesce(Sum("allocations__amount"), zero))
    for charge in charges.values("pk", "amount", "paid_amount", "waived_amount", "allocated"):
        allocated = Decimal(charge["allocated"]).quantize(Decimal("0.01"))
        if allocated != charge["paid_amount"]:
            problems.append(
                f"charge {charge['pk']}: paid {charge['paid_amount']}, allocations {allocated}"
            )
        if charge["paid_amount"] + charge["waived_amount"] > charge["amount"]:
            problems.append(
                f"charge {charge['pk']}: over-allocated, paid {charge['paid_amount']} + "
                f"waived {charge['waived_amount']} > {charge['amount']}"
            )
    payments = Payment.objects.filter(reverses__isnull=True).annotate(
        allocated=Coalesce(Sum("allocations__amount"), zero)
    )
    for payment in payments.values("pk", "amount", "allocated"):
        # compared in Python: SQLite sums decimals as floats
        allocated = Decimal(payment["allocated"]).quantize(Decimal("0.01"))
        if allocated > payment["amount"]:
            problems.append(f"payment {payment['pk']}: allocated {allocated} > {payment['amount']}")
    return problems


def arrears_problems() -> list[str]:
    """The summary each estate keeps, against the arrears computed afresh for its day."""
    from fees import selectors as fee_selectors
    from fees.models import ArrearsSnapshot, UnitArrears

    problems: list[str] = []
    for snapshot in ArrearsSnapshot.objects.all():
        kept = {
            row["unit_id"]: (Decimal(row["total"]).quantize(Decimal("0.01")), row["oldest"])
            for row in UnitArrears.objects.filter(estate_id=snapshot.estate_id).values(
                "unit_id", "total", "oldest"
            )
        }
        fresh = {
            row["unit_id"]: (Decimal(row["total"]).quantize(Decimal("0.01")), row["oldest"])
            for row in fee_selectors.owing_by_unit(
                as_of=snapshot.as_of, estate_ids=[snapshot.estate_id]
            )
        }
        if kept != fresh:
            differ = sorted(u for u in set(kept) | set(fresh) if kept.get(u) != fresh.get(u))
            problems.append(
                f"estate {snapshot.estate_id}: arrears summary differs from a fresh computation "
                f"for {len(differ)} units, e.g. "
                + ", ".join(f"{u}: {kept.get(u)} vs {fresh.get(u)}" for u in differ[:3])
            )
    if not ArrearsSnapshot.objects.exists():
        problems.append("no estate keeps an arrears summary: nothing was compared")
    return problems


def created_problems(before: dict[str, int], created: dict[str, int]) -> list[str]:
    """As many new rows as locust saw created (302 to a new object), no more, no fewer."""
    after = counts()
    problems = []
    for kind, count in after.items():
        new = count - before.get(kind, 0)
        seen = created.get(kind, 0)
        if new != seen:
            problems.append(f"{kind}: {new} new in the database, {seen} created by locust")
    return problems


def integrity(before: dict[str, int], created: dict[str, int]) -> list[str]:
    return (
        receipt_problems()
        + allocation_problems()
        + arrears_problems()
        + created_problems(before, created)
    )


def set_up(*, scale: str) -> None:
    """The throwaway database and static files, in one process (each start costs seconds)."""
    from django.conf import settings
    from django.core.management import call_command

    started = datetime.datetime.now()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = datetime.datetime.now()
    call_command("seed_demo", scale=float(scale), stdout=open(os.devnull, "w"))  # noqa: SIM115
    seeded = datetime.datetime.now()
    # Both databases' runs of CI share one folder of static files: collected once.
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    if settings.CELERY_BROKER_URL.startswith("sqla+"):
        call_command("init_broker", stdout=open(os.devnull, "w"))  # noqa: SIM115
    done = datetime.datetime.now()
    print(
        f"set up: migrate {(migrated - started).total_seconds():.0f} s, "
        f"demo data {(seeded - migrated).total_seconds():.0f} s, "
        f"static files and broker {(done - seeded).total_seconds():.0f} s"
    )


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] in ("prepare", "setup"):
        setup_django()
        if argv[0] == "setup":
            set_up(scale=os.environ.get("SEED_SCALE", "1"))
        Path(argv[1]).write_text(json.dumps(prepare(), ensure_ascii=False, default=str))
        return 0
    if len(argv) >= 4 and argv[0] == "check":
        from tests.load import figures

        prepared = json.loads(Path(argv[1]).read_text())
        summary = json.loads(Path(argv[2]).read_text())
        log = Path(argv[3]).read_text(errors="replace")
        print(figures.report(summary))
        failures = figures.gate_failures(summary, log, limits=figures.limits_from(os.environ))
        setup_django()
        started = datetime.datetime.now()
        failures += [f"integrity: {p}" for p in integrity(prepared["before"], summary["created"])]
        took = (datetime.datetime.now() - started).total_seconds()
        print(f"integrity checks took {took:.1f} s")
        for failure in failures:
            print(f"GATE FAILED: {failure}")
        if not failures:
            print("All gates passed.")
        return 1 if failures else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
