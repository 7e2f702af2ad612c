"""The monthly complaint statistics: by verdict (the effective rate), cause, department,
channel and building; stages overdue, time to close and reopenings; a chart, an Excel
workbook and a PDF for the director. A constant number of queries whatever the rows: one
aggregate and one grouped count per breakdown."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.models import Department
from frontdesk.months import midnight, next_month
from frontdesk.sheets import Sheet
from owners.models import Building

from .choices import UNRESOLVED_STATUSES, Cause, Channel, Status, Verdict
from .models import Complaint


@dataclass
class MonthReport:
    month: datetime.date
    total: int = 0
    by_verdict: list[tuple[str, int]] = field(default_factory=list)
    by_cause: list[tuple[str, int]] = field(default_factory=list)
    by_department: list[tuple[str, int]] = field(default_factory=list)
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_building: list[tuple[str, int]] = field(default_factory=list)
    effective: int = 0
    judged: int = 0
    respond_late: int = 0
    resolve_late: int = 0
    closed: int = 0
    reopenings: int = 0
    reopened: int = 0
    escalated: int = 0
    average_close_hours: Decimal | None = None

    @property
    def effective_rate(self) -> Decimal | None:
        """Effective complaints per judged (valid or not) complaint, in percent."""
        if not self.judged:
            return None
        rate = Decimal(self.effective * 100) / Decimal(self.judged)
        return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def chart(self) -> dict[str, Any]:
        return {
            "labels": [label for label, _n in self.by_cause],
            "counts": [n for _label, n in self.by_cause],
            "name": _("Complaints by cause"),
        }

    @property
    def breakdowns(self) -> list[tuple[str, list[tuple[str, int]]]]:
        return [
            (_("By verdict"), self.by_verdict),
            (_("By cause"), self.by_cause),
            (_("By department"), self.by_department),
            (_("By channel"), self.by_channel),
            (_("By building"), self.by_building),
        ]

    def summary(self) -> list[tuple[str, Any]]:
        rate = self.effective_rate
        return [
            (_("Complaints received"), self.total),
            (_("Judged"), self.judged),
            (_("Effective complaints"), self.effective),
            (_("Effective rate (%)"), rate if rate is not None else "—"),
            (_("Responses overdue"), self.respond_late),
            (_("Resolutions overdue"), self.resolve_late),
            (_("Escalated"), self.escalated),
            (_("Closed"), self.closed),
            (
                _("Average time to close (hours)"),
                self.average_close_hours if self.average_close_hours is not None else "—",
            ),
            (_("Complaints reopened"), self.reopened),
            (_("Reopenings"), self.reopenings),
        ]


def _grouped(queryset, key: str) -> list[tuple[Any, int]]:
    rows = queryset.values(key).annotate(n=Count("id")).order_by("-n", key)
    return [(row[key], row["n"]) for row in rows]


def monthly_report(*, estate_ids, month: datetime.date, now=None) -> MonthReport:
    """The complaints received in ``month`` in ``estate_ids`` (None: every estate)."""
    now = now or timezone.now()
    month = month.replace(day=1)
    complaints = Complaint.objects.filter(
        received_at__gte=midnight(month), received_at__lt=midnight(next_month(month))
    )
    if estate_ids is not None:
        complaints = complaints.filter(estate_id__in=list(estate_ids))
    to_close = ExpressionWrapper(F("closed_at") - F("received_at"), output_field=DurationField())
    closed = Q(status=Status.CLOSED)
    # One pass over the month's rows, grouped by what the breakdowns need; summed here.
    groups = list(
        complaints.values("verdict", "cause", "channel", "department_id")
        .annotate(
            n=Count("id"),
            respond_late=Count(
                "id",
                filter=Q(responded_at__gt=F("respond_due"))
                | Q(responded_at__isnull=True, respond_due__lt=now),
            ),
            resolve_late=Count(
                "id",
                filter=Q(handled_at__gt=F("resolve_due"))
                | Q(handled_at__isnull=True, status__in=UNRESOLVED_STATUSES, resolve_due__lt=now),
            ),
            closed=Count("id", filter=closed),
            reopenings=Sum("reopen_count"),
            reopened=Count("id", filter=Q(reopen_count__gt=0)),
            escalated=Count("id", filter=Q(escalation__gt=0)),
            close_time=Sum(to_close, filter=closed),
        )
        .order_by()
    )
    report = MonthReport(month=month)
    close_time = datetime.timedelta()
    by: dict[str, dict[Any, int]] = {"verdict": {}, "cause": {}, "channel": {}, "department": {}}
    for row in groups:
        n = row["n"]
        report.total += n
        report.respond_late += row["respond_late"]
        report.resolve_late += row["resolve_late"]
        report.closed += row["closed"]
        report.reopenings += row["reopenings"] or 0
        report.reopened += row["reopened"]
        report.escalated += row["escalated"]
        close_time += _duration(row["close_time"])
        if row["verdict"] == Verdict.EFFECTIVE:
            report.effective += n
        if row["verdict"] != Verdict.PENDING:
            report.judged += n
        for key, value in (
            ("verdict", row["verdict"]),
            ("cause", row["cause"]),
            ("channel", row["channel"]),
            ("department", row["department_id"]),
        ):
            by[key][value] = by[key].get(value, 0) + n
    if report.closed:
        hours = Decimal(close_time.total_seconds()) / Decimal(3600 * report.closed)
        report.average_close_hours = hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if not report.total:
        return report
    verdicts, causes, channels = dict(Verdict.choices), dict(Cause.choices), dict(Channel.choices)
    report.by_verdict = _ranked((str(verdicts[k]), n) for k, n in by["verdict"].items())
    report.by_cause = _ranked((str(causes[k]), n) for k, n in by["cause"].items() if k)
    report.by_channel = _ranked((str(channels[k]), n) for k, n in by["channel"].items())
    several = estate_ids is None or len(set(estate_ids)) > 1  # name the estate with its rows
    departments = Department.objects.filter(pk__in=[k for k in by["department"] if k])
    names = {
        d.pk: f"{d.estate.name} · {d}" if several else str(d)
        for d in departments.select_related("estate")
    }
    report.by_department = _ranked(
        (names.get(k, str(_("No department"))), n) for k, n in by["department"].items()
    )
    buildings = _grouped(complaints, "unit__building_id")
    labels = {
        pk: _("Building %(n)s") % {"n": number} + (f" · {estate}" if several else "")
        for pk, number, estate in Building.objects.filter(
            pk__in=[k for k, _n in buildings if k]
        ).values_list("pk", "number", "estate__name")
    }
    report.by_building = _ranked(
        (labels[k] if k else str(_("Public areas / no unit")), n) for k, n in buildings
    )
    return report


def _duration(value) -> datetime.timedelta:
    """A summed duration as a timedelta (SQLite may hand back microseconds)."""
    if value is None:
        return datetime.timedelta()
    if isinstance(value, datetime.timedelta):
        return value
    return datetime.timedelta(microseconds=int(value))


def _ranked(pairs) -> list[tuple[str, int]]:
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))


def report_workbook(report: MonthReport) -> bytes:
    sheet = Sheet(_("Complaints %(month)s") % {"month": report.month.strftime("%Y-%m")})
    sheet.append([_("Complaint statistics"), report.month.strftime("%Y-%m")])
    for label, value in report.summary():
        sheet.append([label, value])
    for title, rows in report.breakdowns:
        sheet.append([])
        sheet.append([title, _("Complaints")])
        for label, n in rows:
            sheet.append([label, n])
    return sheet.to_bytes()
