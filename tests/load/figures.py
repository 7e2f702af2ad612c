"""The load test's figures and gates, from locust's summary and the server's log.

Pure Python (no locust, no Django): the locustfile writes the summary, desk_check reads it.
Kinds of request: ``page`` (a page or a fragment of one), ``post`` (a form that creates
something, ending in a 302), ``pdf`` (a receipt), ``sign-in`` (left out of the percentiles
and the request rate: PBKDF2 costs most of a second of CPU by design).
"""

import re
from collections.abc import Mapping

LIMIT_DEFAULTS = {"PAGE_P95_MS": 500.0, "PDF_P95_MS": 1500.0}
# What the server log must not hold: SQLite's lock error, a 5xx (the request log's JSON, the
# access log), a traceback of an unhandled error, a worker killed for taking too long.
_LOCKED = re.compile(r"database is locked", re.IGNORECASE)
_SERVER_ERROR = re.compile(
    r'"status": ?5\d\d\b|HTTP/\d(?:\.\d)?" 5\d\d |Internal Server Error|WORKER TIMEOUT'
)


def limits_from(environ: Mapping[str, str]) -> dict[str, float]:
    return {key: float(environ.get(key, default)) for key, default in LIMIT_DEFAULTS.items()}


def log_counts(log: str) -> dict[str, int]:
    lines = log.splitlines()
    return {
        "database_locked": sum(1 for line in lines if _LOCKED.search(line)),
        "server_errors": sum(1 for line in lines if _SERVER_ERROR.search(line)),
    }


def gate_failures(
    summary: dict, log: str, *, limits: Mapping[str, float] | None = None
) -> list[str]:
    """Every gate the run failed, each said in one line; empty when the run passed."""
    limits = {**LIMIT_DEFAULTS, **(limits or {})}
    failures = []
    kinds = summary["kinds"]
    if summary["failures"]:
        samples = "; ".join(summary.get("failure_samples", [])[:5])
        failures.append(f"{summary['failures']} failed requests (e.g. {samples})")
    if summary["server_errors"]:
        failures.append(f"{summary['server_errors']} server errors (5xx) seen by locust")
    if summary.get("user_errors"):
        samples = "; ".join(summary.get("failure_samples", [])[:5])
        failures.append(f"{summary['user_errors']} errors in the simulated users (e.g. {samples})")
    in_log = log_counts(log)
    if in_log["server_errors"]:
        failures.append(f"{in_log['server_errors']} server errors in the server log")
    if in_log["database_locked"]:
        failures.append(f'{in_log["database_locked"]} "database is locked" in the server log')
    for kind, limit_key in (("page", "PAGE_P95_MS"), ("pdf", "PDF_P95_MS")):
        figures = kinds.get(kind)
        if not figures or not figures["requests"]:
            failures.append(f"no {kind} requests were made")
        elif figures["p95"] >= limits[limit_key]:
            failures.append(f"{kind} p95 {figures['p95']:.0f} ms >= {limits[limit_key]:.0f} ms")
    for kind in ("payment", "call", "visit"):
        if not summary["created"].get(kind):
            failures.append(f"no {kind} was created")
    return failures


def report(summary: dict) -> str:
    """The figures, as a table for a person (CI log, make load)."""
    lines = [
        f"Load: {summary['users']} users for {summary['duration_s']:.0f} s; "
        f"{summary['total']['requests']} requests, {summary['total']['rps']:.1f} requests/s "
        f"(sign-in left out), {summary['failures']} failures, "
        f"{summary['server_errors']} server errors, {summary.get('user_errors', 0)} user errors",
        f"created: {', '.join(f'{n} {k}s' for k, n in sorted(summary['created'].items()))}",
        f"{'kind / request':<40} {'count':>6} {'fail':>5} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}",
    ]

    def row(name: str, figures: dict) -> str:
        return (
            f"{name:<40} {figures['requests']:>6} {figures['failures']:>5} "
            f"{figures['p50']:>7.0f} {figures['p95']:>7.0f} {figures.get('max', 0):>7.0f}"
        )

    for kind in ("page", "post", "pdf", "sign-in"):
        if kind in summary["kinds"]:
            lines.append(row(f"[{kind}]", summary["kinds"][kind]))
    lines.append("")
    for entry in summary.get("per_name", []):
        lines.append(row(entry["name"], entry))
    return "\n".join(lines)
