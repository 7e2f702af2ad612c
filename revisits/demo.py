"""The demo estates' return visits: the revisits of the demo's completed work orders and
resolved complaints (by their events, or by the sweep as after an outage), one visit recorded
satisfied, one that found a problem and sent a rectification order to maintenance, and one
attempt with no answer; each resolved complaint's visit recorded satisfied and the complaint
closed. Everything goes through the services the desk uses. ``seed_demo`` calls ``seed``; an
estate with visits is left alone."""

from collections.abc import Callable

from django.contrib.auth import get_user_model

from complaints import services as complaint_services
from frontdesk import roles
from owners.models import Estate

from . import services
from .choices import OPEN_STATUSES, Result, SourceKind
from .models import Revisit

SCORES = {"score_timeliness": 5, "score_attitude": 5, "score_quality": 4, "score_overall": 5}


def _user(estate: Estate, role: str):
    return (
        get_user_model()
        .objects.filter(groups__name=role, staff_profile__estates=estate)
        .order_by("pk")
        .first()
    )


def seed(estates: list[Estate], *, seed: int = 1, report: Callable[[str], None]) -> None:
    result = services.revisits_sweep()
    report(f"return visits: {result['created']} created by the sweep")
    for estate in estates:
        revisits = Revisit.objects.filter(estate=estate)
        if revisits.filter(visited_at__isnull=False).exists():
            report(f"{estate.code} return visits: already seeded, skipped")
            continue
        desk = _user(estate, roles.RECEPTIONIST)
        if desk is None:
            report(f"{estate.code} return visits: no receptionist, skipped")
            continue
        _close_complaints(revisits, desk)
        open_ones = list(
            revisits.filter(status__in=OPEN_STATUSES, source_kind=SourceKind.WORK_ORDER).order_by(
                "due_at", "id"
            )[:3]
        )
        plans = [
            {"result": Result.SATISFIED, "owner_words": "师傅很准时，修得很好"},
            {"result": Result.BASICALLY_SATISFIED, "problem_found": "维修后地面未清扫干净"},
        ]
        for revisit, plan in zip(open_ones, plans, strict=False):
            services.revisit_record(
                actor=desk,
                revisit=revisit,
                channel="phone",
                scores=SCORES,
                manner=["warm", "explained", "thanked"],
                **plan,
            )
        if len(open_ones) == 3:
            services.attempt_record(
                actor=desk, revisit=open_ones[2], channel="phone", result="no_answer"
            )
        report(f"{estate.code} return visits: {min(len(open_ones), 2)} recorded")


def _close_complaints(revisits, desk) -> None:
    """The complainants reached and satisfied; their complaints closed."""
    for revisit in revisits.filter(
        status__in=OPEN_STATUSES, source_kind=SourceKind.COMPLAINT
    ).select_related("complaint"):
        services.revisit_record(
            actor=desk,
            revisit=revisit,
            channel="phone",
            result=Result.SATISFIED,
            scores=SCORES,
            owner_words="投诉处理及时，满意",
        )
        complaint_services.complaint_close(actor=desk, complaint=revisit.complaint)
