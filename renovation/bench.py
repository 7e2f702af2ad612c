"""Renovations' rows of ``manage.py bench``: the lists and panels, the dossier section, the
guard's pass check, and a sheet of 8 pass cards against its Latin floor.

The estate gets its renovations first (in BIG: 20,000, one per unit for the first units,
with 5 passes each: 100,000), inserted once in batches; a second run adds nothing.
"""

import datetime
import random
import re
import time

from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from weasyprint import HTML

from frontdesk import roles
from frontdesk.bench import AppBench, Measurement, Target, bench_user
from frontdesk.pdf import PRINT_CSS, _font_config, render_pdf
from owners.models import Owner, Unit

from . import pdf, services
from .models import Renovation, WorkerPass
from .services.application import CODE_ALPHABET, CODE_LENGTH

SHARE_OF_UNITS = 0.2  # BIG's 100,000 units: 20,000 renovations
MAX_RENOVATIONS = 20_000
PASSES_EACH = 5
BATCH = 2_000
SEED = 20261205
GATE = Target(p95_ms=60, max_queries=8)
LIST = Target(p95_ms=60, max_queries=10)
CJK = re.compile(r"[^\x00-\x7f]")
NAMES = ("刘师傅", "陈师傅", "王师傅", "张师傅", "李师傅", "赵师傅")
TRADES = ("水电工", "瓦工", "木工", "油漆工", "杂工")


def _code(rng: random.Random, taken: set[str]) -> str:
    code = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    while code in taken:
        code = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    taken.add(code)
    return code


def _seed(app_bench: AppBench, user, unit_ids: list[int], owner_id: int) -> int:
    estate = app_bench.estate
    have = Renovation.objects.filter(estate=estate).count()
    total = len(unit_ids)
    if have >= total:
        return 0
    rng = random.Random(SEED + have)
    now = timezone.now()
    today = timezone.localdate()
    Status = Renovation.Status
    codes: set[str] = set(WorkerPass.objects.filter(estate=estate).values_list("code", flat=True))
    permit_codes: set[str] = set()
    batch: list[Renovation] = []

    def flush() -> None:
        created = Renovation.objects.bulk_create(batch)
        passes = []
        for renovation in created:
            if renovation.status not in (Status.WORKING, Status.COMPLETED):
                continue
            for k in range(PASSES_EACH):
                passes.append(
                    WorkerPass(
                        estate=estate,
                        renovation_id=renovation.pk,
                        number=f"GPB-{renovation.pk:07d}-{k}",
                        code=_code(rng, codes),
                        name=NAMES[(renovation.pk + k) % len(NAMES)],
                        id_masked="110105********0012",
                        trade=TRADES[k % len(TRADES)],
                        valid_from=renovation.planned_start,
                        valid_until=renovation.planned_end,
                        issued_by=user,
                        issued_at=now,
                    )
                )
        WorkerPass.objects.bulk_create(passes)
        batch.clear()

    # Mostly completed works of the past years; the newest few running or under review.
    for n in range(have, total):
        recent = n >= total - 300
        status = Status.COMPLETED
        if recent:
            status = rng.choice((Status.WORKING, Status.WORKING, Status.SUBMITTED, Status.APPROVED))
        start = today - datetime.timedelta(
            days=rng.randint(5, 30) if recent else rng.randint(90, 1000)
        )
        end = start + datetime.timedelta(days=60)
        working = status in (Status.WORKING, Status.COMPLETED)
        batch.append(
            Renovation(
                estate=estate,
                unit_id=unit_ids[n],
                owner_id=owner_id,
                number=f"ZXB-{n:07d}",
                status=status,
                applicant="owner",
                applicant_name=f"业主{n}",
                id_masked="110105********0012",
                applicant_phone="13900001111",
                contractor="北京美家装饰工程有限公司",
                contractor_code="91110000600037341L",
                contractor_licence="renovation/licences/bench.pdf",
                site_manager="赵强",
                site_manager_phone="13800002222",
                scope="full",
                description="全屋翻新",
                planned_start=start,
                planned_end=end,
                workers=PASSES_EACH,
                permit_number=f"SGB-{n:07d}" if working else "",
                permit_code=_code(rng, permit_codes) if working else "",
                permit_issued_at=now if working else None,
                next_patrol_on=today - datetime.timedelta(days=rng.randint(0, 2))
                if status == Status.WORKING
                else None,
                weekday_hours="08:00–18:00",
                weekend_hours="09:00–17:00",
                created_by=user,
                created_at=now,
            )
        )
        if len(batch) == BATCH:
            flush()
    flush()
    return total - have


def _analyze() -> None:
    with connection.cursor() as cursor:
        for model in (Renovation, WorkerPass):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _latin_floor(context: dict):
    """The same sheet with every non-ASCII character a Latin letter: no CJK font to subset."""
    html = render_to_string(
        "renovation/pdf/passes.html", {"print_css": PRINT_CSS.as_uri(), **context}
    )
    latin = CJK.sub("W", html)
    return lambda: HTML(string=latin, base_url=str(settings.BASE_DIR)).write_pdf(
        font_config=_font_config()
    )


def measurements(app_bench: AppBench) -> list[Measurement]:
    estate = app_bench.estate
    user = bench_user(estate, roles.RECEPTIONIST)
    units = Unit.objects.filter(estate=estate).count()
    total = min(MAX_RENOVATIONS, max(1, int(units * SHARE_OF_UNITS)))
    unit_ids = list(
        Unit.objects.filter(estate=estate).order_by("pk").values_list("pk", flat=True)[:total]
    )
    owner = Owner.objects.filter(estate=estate).order_by("pk").first()
    rows: list[Measurement] = []
    if owner is None or not unit_ids:
        app_bench.say("renovation: no owners or units in the estate, skipped")
        return rows
    started = time.monotonic()
    added = _seed(app_bench, user, unit_ids, owner.pk)
    if added:
        _analyze()
        app_bench.say(
            f"renovation: added {added} renovations to {estate.code} "
            f"in {time.monotonic() - started:.1f} s"
        )
    desk = app_bench.client(roles.CS_SUPERVISOR)
    guard = app_bench.client(roles.SECURITY_GUARD)
    url = reverse("renovation:list")
    for which in ("open", "review", "working", "patrols", "closed"):
        rows.append(app_bench.page(f"renovation: list {which}", f"{url}?list={which}", LIST, desk))
    deep = (
        Renovation.objects.filter(estate=estate, status=Renovation.Status.COMPLETED)
        .order_by("-pk")
        .values_list("pk", flat=True)[5_000:5_001]
    )
    if deep:
        rows.append(
            app_bench.page(
                "renovation: list closed, deep page",
                f"{url}?list=closed&after={deep[0]}",
                LIST,
                desk,
            )
        )
    for key in ("renovation-review", "renovation-patrols"):
        rows.append(
            app_bench.page(
                f"renovation: panel {key}", reverse("today-panel", args=[key]), LIST, desk
            )
        )
    rows.append(
        app_bench.page(
            "renovation: dossier section",
            reverse("owners:unit-section", args=[unit_ids[-1], "renovation"]),
            LIST,
            desk,
        )
    )
    worker_pass = (
        WorkerPass.objects.filter(estate=estate, renovation__status=Renovation.Status.WORKING)
        .order_by("pk")
        .first()
    )
    if worker_pass is None:
        return rows
    # The guard's rate limit would refuse a bench's hundreds of lookups a minute.
    limit = services.passes.GATE_LOOKUPS_PER_MINUTE
    services.passes.GATE_LOOKUPS_PER_MINUTE = 10**9
    try:
        rows.append(
            app_bench.page(
                "renovation: gate pass check by code",
                f"{reverse('renovation:gate')}?q={worker_pass.code}",
                GATE,
                guard,
            )
        )
    finally:
        services.passes.GATE_LOOKUPS_PER_MINUTE = limit
    renovation = worker_pass.renovation
    cards = [
        (p, f"https://desk.example/renovation/gate/?q={p.code}")
        for p in list(renovation.passes.order_by("pk")) * 2
    ][: pdf.CARDS_PER_PAGE]
    with translation.override(pdf.PRINT_LANGUAGE):
        context = {
            "renovation": renovation,
            "pages": pdf.pass_pages(cards),
            "LANGUAGE_CODE": pdf.PRINT_LANGUAGE,
        }
        floor = app_bench.call(
            "renovation: 8 pass cards A4, Latin floor",
            _latin_floor(context),
            Target(),
            rounds=app_bench.pdf_requests,
        )
        printed = app_bench.call(
            "renovation: 8 pass cards A4, Chinese",
            lambda: render_pdf("renovation/pdf/passes.html", context),
            Target(),
            rounds=app_bench.pdf_requests,
        )
    ratio = printed.p50 / floor.p50
    printed.remark = f"p50 {ratio:.2f}× the Latin floor's (target: within 2×)"
    if ratio > 2:
        printed.missed.append("2×floor")
    return [*rows, floor, printed]
