"""Server time and SQL queries of the desk's pages on a large estate, as a table."""

import os
import sqlite3
import time
import warnings
from urllib.parse import unquote, urlencode

import django
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from frontdesk import bench
from frontdesk.bench import BenchError, Measurement, Target
from frontdesk.pdf import fast_font_subsetting
from frontdesk.registry import app_modules
from owners.demo import big_estate_spec
from owners.models import Estate, Unit

# From the issue: search answers while the receptionist types, the dossier while the owner
# waits at the desk; no page may grow its query count with the data.
MAX_QUERIES = 12
SEARCH = Target(p95_ms=50, max_queries=MAX_QUERIES)
DOSSIER = Target(p95_ms=60, max_queries=MAX_QUERIES)
PAGE = Target(max_queries=MAX_QUERIES)
FLOOR = Target(max_queries=0)


class Command(BaseCommand):
    help = (
        "Time the desk's pages (p50/p95 server time and SQL queries per request) on the large "
        "benchmark estate BIG, seeding it with seed_demo first if it is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--units", type=int, default=100_000, help="Size of BIG (default 100000)."
        )
        parser.add_argument(
            "--requests", type=int, default=200, help="Timed requests per page (default 200)."
        )
        parser.add_argument(
            "--warmup", type=int, default=10, help="Untimed requests per page first (default 10)."
        )
        parser.add_argument(
            "--pdf-requests",
            type=int,
            default=20,
            help="Timed requests of the registration PDF (default 20).",
        )
        parser.add_argument(
            "--app",
            action="append",
            dest="only_apps",
            metavar="LABEL",
            help="Measure only these apps' rows besides the desk's (repeatable; default: all).",
        )
        parser.add_argument(
            "--strict", action="store_true", help="Exit non-zero when a target is missed."
        )

    def handle(self, *args, units, requests, warmup, pdf_requests, strict, only_apps, **options):
        self.only_apps = only_apps
        if min(units, requests, warmup, pdf_requests) < 1:
            raise CommandError("--units, --requests, --warmup and --pdf-requests must be >= 1.")
        estate = self._big_estate(units)
        user = bench.bench_user(estate)
        try:
            samples = bench.sample(estate)
        except BenchError as error:
            raise CommandError(str(error)) from error

        self._header(estate)
        pages = self._pages(samples)
        self.stdout.write("Samples:")
        for label, url, _target in pages:
            self.stdout.write(f"  {label:<26} {unquote(url) if url else '(no URL yet)'}")
        self.stdout.write("")

        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        # DEBUG off as in production: no debug cursor, no technical error pages.
        with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts), warnings.catch_warnings():
            # WhiteNoise warns once that collectstatic has not run; pages do not need it.
            warnings.filterwarnings("ignore", "No directory at", UserWarning)
            try:
                rows = self._measure(estate, pages, user, requests, warmup, pdf_requests)
            except BenchError as error:
                raise CommandError(str(error)) from error
        floor = rows[0]

        for line in bench.table(rows, floor):
            self.stdout.write(line)
        for row in rows:
            if row.remark:
                self.stdout.write(f"  {row.label}: {row.remark}")
        self.stdout.write("")
        self.stdout.write(
            f"{requests} timed requests per page ({pdf_requests} for the PDF) after {warmup} "
            "untimed; queries counted on the untimed ones (all but the first). ×floor = p50 over "
            "the floor's p50."
        )
        missed = [f"{row.label} ({'+'.join(row.misses())})" for row in rows if row.misses()]
        if missed:
            message = "Targets missed: " + "; ".join(missed)
            if strict:
                raise CommandError(message)
            self.stdout.write(self.style.WARNING(message))
        else:
            self.stdout.write(self.style.SUCCESS("All targets met."))

    # -- steps --

    def _big_estate(self, units: int) -> Estate:
        code = big_estate_spec(units).code
        estate = Estate.objects.filter(code=code).first()
        if estate is None:
            self.stdout.write(f"Seeding the demo estates and {code} with {units} units…")
            started = time.monotonic()
            call_command("seed_demo", units=units, stdout=self.stdout, stderr=self.stderr)
            self.stdout.write(f"Seed took {time.monotonic() - started:.1f} s.")
            self.stdout.write("")
            estate = Estate.objects.get(code=code)
        else:
            existing = Unit.objects.filter(estate=estate).count()
            if existing < units:
                # seed_demo builds BIG once; a bigger one needs a fresh database.
                self.stdout.write(
                    self.style.WARNING(
                        f"{code} exists with {existing} units, fewer than the {units} asked; "
                        "measuring it as it is (use a fresh DATABASE_URL for a bigger one)."
                    )
                )
        return estate

    def _header(self, estate: Estate) -> None:
        if connection.vendor == "sqlite":
            version = sqlite3.sqlite_version
        else:
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                version = cursor.fetchone()[0]
        big = Unit.objects.filter(estate=estate).count()
        self.stdout.write(
            f"Database: {connection.vendor} {version} ({connection.settings_dict['NAME']})"
        )
        self.stdout.write(
            f"Units: {Unit.objects.count()} in all, {big} in {estate.code} {estate.name}"
        )
        self.stdout.write(f"Planner statistics: {bench.planner_statistics()}")
        self.stdout.write(
            f"Django {django.get_version()}; DEBUG={settings.DEBUG} in settings, forced off "
            f"while measuring; PDF font subsetting by HarfBuzz: {fast_font_subsetting()}"
        )
        load = os.getloadavg()[0]
        self.stdout.write(f"Load average {load:.2f} on {os.cpu_count()} CPUs at the start")
        self.stdout.write("")

    def _pages(self, samples: bench.Samples) -> list[tuple[str, str | None, Target]]:
        def search(q: str) -> str:
            return f"{reverse('owners:search')}?{urlencode({'q': q})}"

        try:
            owner_url = reverse("owners:owner-detail", args=[samples.owner_id])
        except NoReverseMatch:
            owner_url = None
        return [
            ("desk home", reverse("home"), PAGE),
            ("search: 2-char name", search(samples.name2), SEARCH),
            ("search: 3-char name", search(samples.name3), SEARCH),
            ("search: pinyin initials", search(samples.initials), SEARCH),
            ("search: phone tail", search(samples.phone_tail), SEARCH),
            ("search: full unit code", search(samples.unit_code), SEARCH),
            ("search: partial unit code", search(samples.unit_code_part), SEARCH),
            ("unit dossier", reverse("owners:unit-detail", args=[samples.unit_id]), DOSSIER),
            ("owner page", owner_url, PAGE),
            (
                "registration PDF",
                reverse("owners:registration-pdf", args=[samples.unit_id]),
                PAGE,
            ),
        ]

    def _measure(self, estate, pages, user, requests: int, warmup: int, pdf_requests: int):
        rows = [self._floor(requests, warmup), self._render_only(requests, warmup)]
        client = Client()
        client.force_login(user)
        for label, url, target in pages:
            row = Measurement(label, target)
            if url is None:
                row.note = "URL owners:owner-detail does not resolve yet"
                self.stdout.write(self.style.WARNING(f"{label}: skipped, {row.note}."))
            elif label == "registration PDF":
                # WeasyPrint takes far longer than a page: fewer rounds, still warmed up.
                bench.measure(
                    row, bench.getter(client, url), requests=pdf_requests, warmup=min(warmup, 2)
                )
            else:
                bench.measure(row, bench.getter(client, url), requests=requests, warmup=warmup)
            rows.append(row)
        app_bench = bench.AppBench(estate, requests, warmup, pdf_requests, self.stdout.write)
        # Each app measures its own pages and services in its optional ``bench`` module.
        for label, module in app_modules("bench", skip=("frontdesk",)):
            if not self.only_apps or label in self.only_apps:
                rows.extend(module.measurements(app_bench))
        return rows

    def _floor(self, requests: int, warmup: int) -> Measurement:
        """An anonymous request for a view that only renders base.html, through the same
        client, URL resolver and middleware as the pages."""
        row = Measurement("floor: base.html view", FLOOR)
        with override_settings(ROOT_URLCONF="frontdesk.bench"):
            bench.measure(
                row, bench.getter(Client(), bench.FLOOR_PATH), requests=requests, warmup=warmup
            )
        if max(row.queries):
            raise BenchError(f"the floor ran {max(row.queries)} queries, expected none")
        return row

    def _render_only(self, requests: int, warmup: int) -> Measurement:
        """base.html rendered with the context processors, no request handling around it."""
        row = Measurement("  base.html render only", FLOOR)
        request = RequestFactory().get("/")
        request.user = AnonymousUser()

        def call() -> int:
            render_to_string("base.html", request=request)
            return 200

        with translation.override(settings.LANGUAGE_CODE):
            bench.measure(row, call, requests=requests, warmup=warmup)
        with CaptureQueriesContext(connection) as captured:
            call()
        if len(captured):
            raise BenchError(f"base.html alone ran {len(captured)} queries, expected none")
        return row
