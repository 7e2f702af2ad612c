"""The demo estates' complaints: one of each kind at a different step, recorded through the
same services as the desk. ``seed_demo`` calls ``seed`` once the estates and users exist; an
estate that already has complaints is left alone."""

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils import timezone

from frontdesk import roles
from owners.models import Estate, Ownership

from . import services
from .revisit import engine_visit_url, record_return_visit


def _user(estate: Estate, role: str):
    return (
        get_user_model()
        .objects.filter(groups__name=role, staff_profile__estates=estate, is_active=True)
        .order_by("pk")
        .first()
    )


def seed(estates: list[Estate], *, seed: int = 1, report: Callable[[str], None]) -> None:
    from .models import Complaint

    for estate in estates:
        if Complaint.objects.filter(estate=estate).exists():
            report(f"{estate.code} complaints: already seeded, skipped")
            continue
        desk = _user(estate, roles.RECEPTIONIST)
        supervisor = _user(estate, roles.CS_SUPERVISOR)
        if desk is None or supervisor is None:
            report(f"{estate.code} complaints: no receptionist or supervisor, skipped")
            continue
        ownerships = list(
            Ownership.objects.current()
            .filter(unit__estate=estate)
            .select_related("unit", "owner")
            .order_by("pk")[:4]
        )
        if len(ownerships) < 4:
            report(f"{estate.code} complaints: too few owners, skipped")
            continue
        _seed_estate(estate, desk, supervisor, ownerships)
        report(f"{estate.code} complaints: 4 complaints at different steps")


def _seed_estate(estate: Estate, desk, supervisor, ownerships: list) -> None:
    now = timezone.now()

    def record(n, description, **extra):
        ownership = ownerships[n]
        return services.complaint_record(
            actor=desk,
            estate=estate,
            channel=extra.pop("channel", "desk"),
            complainant_kind="owner",
            complainant_name=ownership.owner.name,
            contact_phone=ownership.owner.phone,
            unit=ownership.unit,
            owner=ownership.owner,
            description=description,
            received_at=now - datetime.timedelta(hours=30 - 6 * n),
            **extra,
        )

    closed = record(0, "楼道垃圾连续三天无人清理，气味很大", place="楼道")
    services.complaint_judge(actor=desk, complaint=closed, verdict="effective", cause="cleaning")
    services.complaint_site_visit(
        actor=supervisor,
        complaint=closed,
        arrived_at=None,
        attendees="保洁主管",
        findings="楼道垃圾确未清运",
    )
    services.complaint_handle(
        actor=supervisor, complaint=closed, actions="当日清运并调整排班", result="已清理"
    )
    if engine_visit_url(closed) is None:  # else the return-visit engine's demo visits it
        record_return_visit(actor=desk, complaint=closed, result="satisfied", notes="业主满意")
        services.complaint_close(actor=desk, complaint=closed)

    helping = record(1, "卫生间防水层渗水，房屋在保修期内，要求维修", channel="phone")
    services.complaint_judge(actor=desk, complaint=helping, verdict="communication", cause="help")
    services.complaint_confirm_identity(actor=desk, complaint=helping)
    services.complaint_check_payment(actor=desk, complaint=helping)
    services.complaint_open_work_order(actor=desk, complaint=helping)

    consulting = record(2, "咨询小区车位租赁价格为何上涨", severity="ordinary")
    services.complaint_judge(
        actor=desk, complaint=consulting, verdict="communication", cause="consulting"
    )

    record(3, "夜间地下车库照明不足，存在安全隐患", severity="urgent", place="地下车库")
