"""Release slips' rows of ``manage.py bench``: the gate check, the desk's lists and panel, the
dossier section, and the slip PDF against its Latin floor.

The estate gets its slips first (in BIG: 200,000 over the past year, two per unit), inserted
once in batches; a second run finds them and adds nothing.
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
from frontdesk.pdf import PRINT_CSS, _font_config, qr_data_uri, render_pdf
from owners.models import Unit

from . import pdf, services
from .models import ReleaseItem, ReleaseSlip
from .services.desk import CODE_ALPHABET, CODE_LENGTH

SLIPS_PER_UNIT = 2.0
BATCH = 5_000
SEED = 20261204
GATE = Target(p95_ms=30, max_queries=8)
LIST = Target(p95_ms=60, max_queries=10)
CJK = re.compile(r"[^\x00-\x7f]")
ITEMS = ("沙发", "双人床", "冰箱", "洗衣机", "纸箱", "衣柜", "电视机", "书桌")


def _seed(app_bench: AppBench, user, unit_ids: list[int], *, total: int) -> int:
    estate = app_bench.estate
    have = ReleaseSlip.objects.filter(estate=estate).count()
    if have >= total:
        return 0
    rng = random.Random(SEED + have)
    now = timezone.now()
    today = timezone.localdate()
    codes = set(ReleaseSlip.objects.filter(estate=estate).values_list("code", flat=True))
    Status = ReleaseSlip.Status
    statuses = [Status.USED] * 85 + [Status.EXPIRED] * 8 + [Status.CANCELLED] * 5
    statuses += [Status.WAITING, Status.ISSUED]
    slips: list[ReleaseSlip] = []

    def flush() -> None:
        created = ReleaseSlip.objects.bulk_create(slips)
        ReleaseItem.objects.bulk_create(
            ReleaseItem(
                slip_id=slip.pk,
                description=ITEMS[slip.pk % len(ITEMS)],
                quantity=1 + slip.pk % 3,
                outcome=ReleaseItem.Outcome.RELEASED
                if slip.status == Status.USED
                else ReleaseItem.Outcome.PENDING,
            )
            for slip in created
        )
        slips.clear()

    for n in range(have, total):
        recent = n >= total - 200  # the last few are today's: issued, waiting, used
        day = today if recent else today - datetime.timedelta(days=rng.randint(1, 365))
        status = rng.choice(statuses)
        if recent:
            status = rng.choice((Status.ISSUED, Status.WAITING, Status.USED))
        elif status in (Status.WAITING, Status.ISSUED):
            status = Status.EXPIRED
        at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(9))
        ) + datetime.timedelta(minutes=rng.randrange(600))
        issued = status != Status.WAITING
        code = ""
        if issued:
            code = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            while code in codes:
                code = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            codes.add(code)
        slips.append(
            ReleaseSlip(
                estate=estate,
                unit_id=rng.choice(unit_ids),
                number=f"FXB-{n:07d}" if issued else "",
                code=code,
                status=status,
                requester_name=f"申请人{n}",
                relation=rng.choice(ReleaseSlip.Relation.values),
                id_type="resident_id",
                id_masked="110105********0012",
                reason=rng.choice(ReleaseSlip.Reason.values),
                plate="京A12345" if n % 3 else "",
                valid_on=day,
                created_by=user,
                created_at=min(at, now),
                issued_at=min(at, now) if issued else None,
                issued_by=user if issued else None,
                used_at=min(at, now) if status == Status.USED else None,
                used_by=user if status == Status.USED else None,
                gate="东门" if status == Status.USED else "",
            )
        )
        if len(slips) == BATCH:
            flush()
    flush()
    return total - have


def _analyze() -> None:
    with connection.cursor() as cursor:
        for model in (ReleaseSlip, ReleaseItem):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _latin_floor(slip: ReleaseSlip, context: dict):
    """The same slip with every non-ASCII character a Latin letter: no CJK font to subset."""
    html = render_to_string("releases/pdf/slip.html", {"print_css": PRINT_CSS.as_uri(), **context})
    latin = CJK.sub("W", html)
    return lambda: HTML(string=latin, base_url=str(settings.BASE_DIR)).write_pdf(
        font_config=_font_config()
    )


def measurements(app_bench: AppBench) -> list[Measurement]:
    estate = app_bench.estate
    user = bench_user(estate, roles.RECEPTIONIST)
    unit_ids = list(
        Unit.objects.filter(estate=estate).order_by("pk").values_list("pk", flat=True)[:5_000]
    )
    units = Unit.objects.filter(estate=estate).count()
    started = time.monotonic()
    added = _seed(app_bench, user, unit_ids, total=int(units * SLIPS_PER_UNIT))
    if added:
        _analyze()
        app_bench.say(
            f"releases: added {added} slips to {estate.code} in {time.monotonic() - started:.1f} s"
        )
    slip = (
        ReleaseSlip.objects.filter(
            estate=estate, status=ReleaseSlip.Status.ISSUED, valid_on=timezone.localdate()
        )
        .order_by("pk")
        .first()
    )
    desk = app_bench.client(roles.RECEPTIONIST)
    guard = app_bench.client(roles.SECURITY_GUARD)
    slips = reverse("releases:slips")
    rows = []
    if slip is not None:
        # The guard's rate limit would refuse a bench's hundreds of lookups a minute.
        limit = services.gate.GATE_LOOKUPS_PER_MINUTE
        services.gate.GATE_LOOKUPS_PER_MINUTE = 10**9
        try:
            rows.append(
                app_bench.page(
                    "releases: gate check by code",
                    f"{reverse('releases:gate')}?q={slip.code}",
                    GATE,
                    guard,
                )
            )
        finally:
            services.gate.GATE_LOOKUPS_PER_MINUTE = limit
    for which in ("today", "waiting", "used", "expired"):
        rows.append(app_bench.page(f"releases: list {which}", f"{slips}?list={which}", LIST, desk))
    deep = (
        ReleaseSlip.objects.filter(estate=estate, status=ReleaseSlip.Status.USED)
        .order_by("-pk")
        .values_list("pk", flat=True)[5_000:5_001]
    )
    if deep:
        rows.append(
            app_bench.page(
                "releases: list used, deep page", f"{slips}?list=used&after={deep[0]}", LIST, desk
            )
        )
    rows.append(
        app_bench.page(
            "releases: waiting panel",
            reverse("today-panel", args=["releases-waiting"]),
            LIST,
            desk,
        )
    )
    rows.append(
        app_bench.page(
            "releases: dossier section",
            reverse("owners:unit-section", args=[unit_ids[0], "releases"]),
            LIST,
            desk,
        )
    )
    if slip is None:
        return rows
    with translation.override(pdf.PRINT_LANGUAGE):
        context = {
            "slip": slip,
            "items": list(slip.items.all()),
            "issued_at": timezone.localtime(slip.issued_at),
            "qr": qr_data_uri(f"https://desk.example/releases/gate/?q={slip.code}"),
            "parts": ("guard", "requester"),
            "LANGUAGE_CODE": pdf.PRINT_LANGUAGE,
        }
        floor = app_bench.call(
            "releases: slip A5, Latin floor",
            _latin_floor(slip, context),
            Target(),
            rounds=app_bench.pdf_requests,
        )
        printed = app_bench.call(
            "releases: slip A5, Chinese",
            lambda: render_pdf("releases/pdf/slip.html", context),
            Target(),
            rounds=app_bench.pdf_requests,
        )
    ratio = printed.p50 / floor.p50
    printed.remark = f"p50 {ratio:.2f}× the Latin floor's (target: within 2×)"
    if ratio > 2:
        printed.missed.append("2×floor")
    return [*rows, floor, printed]
