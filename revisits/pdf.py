"""The printed return-visit record (one visit) and the monthly summary, A4, in the print
language (the site's default, Simplified Chinese) whatever the UI language."""

from django.utils import timezone

from frontdesk.pdf import print_language, render_pdf

from .models import AnalysisReport, Revisit
from .summary import Summary


def _bars(rows: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    """Rows with each bar's width in percent of the largest, for a chart drawn in CSS."""
    top = max((n for _label, n in rows), default=0) or 1
    return [(label, n, round(100 * n / top)) for label, n in rows]


def render_record(revisit: Revisit, attempts: list) -> bytes:
    with print_language():
        context = {
            "revisit": revisit,
            "attempts": attempts,
            "estate": revisit.estate,
            "printed_at": timezone.localtime(),
        }
        return render_pdf("revisits/pdf/record.html", context)


def render_summary(summary: Summary, *, estates: list) -> bytes:
    with print_language():
        context = {
            "summary": summary,
            "estates": estates,
            "results": _bars(summary.by_result),
            "sources": _bars(summary.by_source),
            "categories": _bars(summary.by_category),
            "problem_categories": _bars(summary.problems_by_category),
            "buildings": _bars(summary.problems_by_building),
            "printed_at": timezone.localtime(),
        }
        return render_pdf("revisits/pdf/summary.html", context)


def render_report(report: AnalysisReport, summary: Summary) -> bytes:
    """The analysis report for the director: the supervisor's text, with the month's
    problems drawn by category and by building, and the repeat repairs."""
    with print_language():
        context = {
            "report": report,
            "summary": summary,
            "categories": _bars(summary.problems_by_category),
            "buildings": _bars(summary.problems_by_building),
            "printed_at": timezone.localtime(),
        }
        return render_pdf("revisits/pdf/report.html", context)
