"""The desk under load: receptionists and cashiers doing their day's work (scripts/load.sh).

Each simulated person signs in once, as a demo user (owners/demo/staff.py); when everybody
has (the start of a shift: sign-in is left out of the figures), each, with a pause between
steps, searches, opens unit dossiers with their sections and owners, reads the
arrears list, records phone calls and visitors (receptionists) and takes payments, opening
the receipt PDF (cashiers). Every form is read from the page the server rendered and posted
as a browser would. A POST that creates something must answer 302 to the object it created
(a new one: the same id twice would be a double booking); anything else is a failure.

Environment: LOAD_PREPARED (the JSON desk_check.py prepare wrote: units, owing units, names),
LOAD_SUMMARY (where to write the figures for desk_check.py check), LOAD_PASSWORD.
"""

import contextlib
import itertools
import json
import os
import random
import re
import sys
import time
import urllib.parse
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from pathlib import Path

import gevent.event
from locust import FastHttpUser, between, events, task
from locust.stats import StatsEntry

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.load.htmlforms import FormNotFound, links, read_form  # noqa: E402

PREPARED = json.loads(Path(os.environ.get("LOAD_PREPARED", "prepared.json")).read_text())
PASSWORD = os.environ.get("LOAD_PASSWORD", "frontdesk-demo")
HTMX = {"HX-Request": "true"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
CENT = Decimal("0.01")
SIGN_IN_WAIT = 180  # seconds a user waits for the others to sign in before starting work

# What the run saw, for the summary (one locust process: greenlets share these).
created: dict[str, int] = {"payment": 0, "call": 0, "visit": 0}
created_ids: dict[str, set[int]] = {kind: set() for kind in created}
problems: list[str] = []
tally = {"server_errors": 0, "failures": 0, "user_errors": 0}
_people = itertools.count()
# The shift starts once everybody has signed in: sign-in (PBKDF2, most of a second of CPU)
# neither slows the work measured nor counts in its request rate.
signed_in = {"count": 0, "work_started": 0.0}
everybody_in = gevent.event.Event()


class Refused(Exception):
    """A step failed (already counted as a failure): the task stops there."""


def _fail(response, message: str) -> None:
    tally["failures"] += 1
    if len(problems) < 50:
        problems.append(f"{response.request_meta['name']}: {message}")
    response.failure(message)


class DeskUser(FastHttpUser):
    abstract = True
    wait_time = between(1.0, 2.5)  # a person reads the page before the next click
    role = ""

    def on_start(self):
        self.number = next(_people)
        names = sorted(n for n, u in PREPARED["users"].items() if u["role"] == self.role)
        if not names:
            raise RuntimeError(f"no demo user for the role {self.role!r}: run seed_demo")
        self.username = names[self.number % len(names)]
        estate = str(PREPARED["users"][self.username]["estates"][0])
        self.units = PREPARED["units"][estate]
        self.owing = PREPARED["owing"][estate]
        self.names = PREPARED["names"][estate] or [code for _pk, code in self.units]
        try:
            self.sign_in()
        finally:
            signed_in["count"] += 1
            if signed_in["count"] >= (self.environment.parsed_options.num_users or 1):
                signed_in["work_started"] = time.time()
                everybody_in.set()
        everybody_in.wait(timeout=SIGN_IN_WAIT)

    # --- requests --------------------------------------------------------------------------

    def _judge(self, response, expect: int) -> None:
        if response.status_code >= 500:
            tally["server_errors"] += 1
        if response.status_code != expect:
            where = response.headers.get("Location", "") if response.headers else ""
            _fail(response, f"expected {expect}, got {response.status_code} {where}".strip())
            raise Refused

    def get(self, url: str, name: str, *, kind: str = "page", headers=None, expect: int = 200):
        with self.client.get(
            url,
            name=f"{kind}: {name}",
            headers=headers,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            self._judge(response, expect)
            return response

    def post(self, url: str, fields, name: str, *, expect: int = 302):
        body = urllib.parse.urlencode(fields)
        with self.client.post(
            url,
            data=body,
            name=f"post: {name}",
            headers=FORM,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            self._judge(response, expect)
            return response

    def created(self, response, kind: str, pattern: str) -> str:
        """The 302 of a form that creates: to the new object's page, never a known one."""
        location = urllib.parse.urlsplit(response.headers.get("Location", "")).path
        match = re.fullmatch(pattern, location)
        if not match:
            _fail(response, f"302 to {location!r}, not to a new {kind}")
            raise Refused
        pk = int(match.group(1))
        if pk in created_ids[kind]:
            _fail(response, f"302 to {kind} {pk}, which an earlier form created")
            raise Refused
        created_ids[kind].add(pk)
        created[kind] += 1
        response.success()
        return location

    def sign_in(self):
        page = self.get("/accounts/login/", "form", kind="sign-in")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        fields = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "username": self.username,
            "password": PASSWORD,
            "next": "/",
        }
        with self.client.post(
            "/accounts/login/",
            data=urllib.parse.urlencode(fields),
            name="sign-in: post",
            headers=FORM,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            self._judge(response, 302)

    def form(self, response, marker: str):
        try:
            return read_form(response.text, marker)
        except FormNotFound as error:
            _fail(response, str(error))
            raise Refused from error

    # --- what both roles do ----------------------------------------------------------------

    def attempt(self, step) -> None:
        with contextlib.suppress(Refused):  # counted as a failure already
            step()

    def _home(self):
        page = self.get("/", "home")
        for url in links(page.text, r"/panels/[\w-]+/"):
            self.get(url, "home panel", headers=HTMX)

    def _search(self):
        if random.random() < 0.5:
            query = random.choice(self.units)[1]
        else:
            query = random.choice(self.names)[:2]
        self.get("/search/?" + urllib.parse.urlencode({"q": query}), "search")

    def _dossier(self):
        pk = random.choice(self.units)[0]
        page = self.get(f"/units/{pk}/", "unit dossier")
        for url in links(page.text, r"/units/\d+/(?:sections/[\w-]+|history)/"):
            key = url.rstrip("/").rsplit("/", 1)[-1]
            self.get(url, f"dossier section {key}", headers=HTMX)
        owners = links(page.text, r"/owners/\d+/")
        if owners:
            self.get(owners[0], "owner")

    def _arrears(self):
        self.get("/fees/arrears/", "arrears list")

    @task(2)
    def home(self):
        self.attempt(self._home)

    @task(4)
    def search(self):
        self.attempt(self._search)

    @task(5)
    def dossier(self):
        self.attempt(self._dossier)

    @task(2)
    def arrears(self):
        self.attempt(self._arrears)


class Receptionist(DeskUser):
    weight = 3
    role = "receptionist"

    def _call(self):
        pk = random.choice(self.units)[0]
        page = self.get(f"/reception/calls/new/?unit={pk}", "call form")
        form = self.form(page, "call-form").fill(
            unit=str(pk),
            caller_kind="owner",
            caller_name=f"压测来电{random.randint(1, 9999)}",
            caller_phone=f"139{random.randint(10000000, 99999999)}",
            topic="repair",
            content="厨房水管漏水，请安排维修。",
            resolution="contact_left",
            contact_phone=f"139{random.randint(10000000, 99999999)}",
            reply_method="call",
        )
        response = self.post("/reception/calls/new/", form.data(), "call")
        location = self.created(response, "call", r"/reception/calls/(\d+)/")
        self.get(location, "call detail")

    def _visit(self):
        page = self.get("/reception/visits/new/", "visit form")
        form = self.form(page, "visit-form").fill(
            name=f"压测访客{random.randint(1, 9999)}",
            id_type="passport",
            identity_checked="on",
            party_size=str(random.randint(1, 3)),
            purpose="office",
            host_name="李经理",
        )
        response = self.post("/reception/visits/new/", form.data(), "visit")
        location = self.created(response, "visit", r"/reception/visits/(\d+)/")
        self.get(location, "visit detail")

    @task(2)
    def call(self):
        self.attempt(self._call)

    @task(2)
    def visit(self):
        self.attempt(self._visit)


class Cashier(DeskUser):
    weight = 2
    role = "cashier"

    def on_start(self):
        super().on_start()
        # Each cashier takes money for units of their own: two desks never race for the same
        # charges (that conflict is the pay page's to explain, tested in tests/fees).
        share = max(self.environment.parsed_options.num_users or 1, 1)
        self.queue = self.owing[self.number % share :: share]
        random.shuffle(self.queue)

    def _pay(self):
        if not self.queue:
            return
        pk = self.queue[-1]
        page = self.get(f"/fees/units/{pk}/pay/", "pay form")
        form = self.form(page, "pay-form")
        try:
            owed = Decimal((form.get("amount") or "0").replace(",", ""))
        except InvalidOperation:
            owed = Decimal(0)
        if owed <= 0:  # paid up: the next unit
            self.queue.pop()
            return
        if random.random() < 0.5 or owed <= 10:
            amount = owed
            self.queue.pop()
        else:
            share = Decimal(random.uniform(0.2, 0.8))
            amount = max((owed * share).quantize(CENT, rounding=ROUND_DOWN), Decimal(1))
        form = form.fill(amount=str(amount), method="cash", reference="")
        confirm = self.post(form.action or page.url, form.data(), "pay (to confirm)", expect=200)
        confirmed = self.form(confirm, "pay-confirm")
        extra = {"confirm": "1"}
        if "above_ceiling_confirmed" in confirm.text:
            extra["above_ceiling_confirmed"] = "on"
        confirmed = confirmed.fill(**extra)
        response = self.post(confirmed.action or form.action, confirmed.data(), "payment")
        location = self.created(response, "payment", r"/fees/payments/(\d+)/")
        self.get(location, "payment detail")
        with self.client.get(
            location + "receipt.pdf", name="pdf: receipt", catch_response=True
        ) as receipt:
            if receipt.status_code >= 500:
                tally["server_errors"] += 1
            if receipt.status_code != 200 or not (receipt.content or b"").startswith(b"%PDF"):
                _fail(receipt, f"no PDF: {receipt.status_code}")

    @task(6)
    def pay(self):
        self.attempt(self._pay)


@events.user_error.add_listener
def count_user_error(user_instance, exception, tb, **_kwargs):
    """A simulated person's code broke (not a response): the run cannot be trusted."""
    tally["user_errors"] += 1
    if len(problems) < 50:
        problems.append(f"{type(user_instance).__name__} stopped: {exception!r}")


# --- the summary -------------------------------------------------------------------------------


def _figures(entry: StatsEntry) -> dict:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "p50": entry.get_response_time_percentile(0.5) or 0,
        "p95": entry.get_response_time_percentile(0.95) or 0,
        "max": entry.max_response_time or 0,
    }


@events.quitting.add_listener
def write_summary(environment, **_kwargs):
    stats = environment.stats
    kinds: dict[str, StatsEntry] = {}
    per_name = []
    for (name, method), entry in sorted(stats.entries.items()):
        kind = name.split(":", 1)[0]
        kinds.setdefault(kind, StatsEntry(stats, kind, "", use_response_times_cache=False))
        kinds[kind].extend(entry)
        per_name.append({"name": f"{method} {name}", "kind": kind, **_figures(entry)})
    started = signed_in["work_started"] or stats.start_time or 0
    duration = max((stats.last_request_timestamp or 0) - started, 1e-9)
    working = sum(e.num_requests for k, e in kinds.items() if k != "sign-in")
    failures = sum(e.num_failures for e in stats.entries.values())
    summary = {
        "users": environment.parsed_options.num_users,
        "duration_s": duration,
        "kinds": {kind: _figures(entry) for kind, entry in kinds.items()},
        "total": {"requests": working, "rps": working / duration},
        "failures": failures,
        "server_errors": tally["server_errors"],
        "user_errors": tally["user_errors"],
        "failure_samples": problems[:20]
        + [f"{e.method} {e.name}: {e.error}" for e in list(stats.errors.values())[:10]],
        "created": created,
        "per_name": per_name,
    }
    target = os.environ.get("LOAD_SUMMARY")
    if target:
        Path(target).write_text(json.dumps(summary, ensure_ascii=False, indent=1))
