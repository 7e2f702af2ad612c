"""The rent cycle and the expiry reminders, run each morning by Celery (no human actor).

The cycle charges, through ``fees``, every rent cycle that has started and is not charged
yet: one ``LeaseCharge`` per contract and period (a unique row), and the contract's cursor
(``next_rent_on``) moved past it in the same transaction, so it is safe to run twice, late
or after a gap. Contracts whose term is over become ended. Reminders go 90 and 30 days before
a contract ends, to the estate's CS supervisors, once each."""

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fees import services as fees
from frontdesk.services import notification_send

from .. import permissions
from ..models import Contract, ExpiryReminder, LeaseCharge
from .contracts import RENT_KINDS, fee_type
from .terms import cycles, next_cycle_start

REMINDER_DAYS = (90, 30)
BATCH = 2000


def _lines(contracts: list[Contract], today: datetime.date):
    """For each contract: its cycles due by today, and its next cursor."""
    for contract in contracts:
        due = cycles(
            start=contract.start,
            last_day=contract.last_day,
            rent=contract.rent,
            cycle=contract.cycle,
            rent_free_months=contract.rent_free_months,
            escalation=contract.escalation,
            since=contract.next_rent_on,
            until=today,
        )
        following = contract.next_rent_on
        if due:
            following = next_cycle_start(
                start=contract.start,
                last_day=contract.last_day,
                cycle=contract.cycle,
                after=due[-1].start,
            )
        yield contract, due, following


@transaction.atomic
def _run_estate(estate_id: int, contracts: list[Contract], today: datetime.date) -> int:
    locked = list(
        Contract.objects.select_for_update()
        .filter(pk__in=[c.pk for c in contracts], next_rent_on__lte=today)
        .select_related("space", "lessee")
        .order_by("pk")
    )
    types: dict[str, int] = {}
    lines, links, moved = [], [], []
    for contract, due, following in _lines(locked, today):
        kind = RENT_KINDS[contract.space.kind]
        if kind not in types:
            types[kind] = fee_type(estate_id, kind).pk
        for cycle in due:
            if cycle.amount <= 0:
                continue  # rent-free
            lines.append(
                fees.PayerChargeLine(
                    fee_type_id=types[kind],
                    payer_name=contract.lessee.name,
                    amount=cycle.amount,
                    description=_("Rent %(start)s – %(end)s, contract %(number)s")
                    % {"start": cycle.start, "end": cycle.end, "number": contract.number},
                    due_date=cycle.start + datetime.timedelta(days=contract.due_days),
                    period=cycle.start.replace(day=1),
                )
            )
            links.append((contract, cycle))
        contract.next_rent_on = following
        moved.append(contract)
    charges = fees.payer_charges_bill(
        estate_id=estate_id, lines=lines, reason=_("Rent cycle %(day)s") % {"day": today}
    )
    LeaseCharge.objects.bulk_create(
        [
            LeaseCharge(
                contract=contract,
                kind=LeaseCharge.Kind.RENT,
                period_start=cycle.start,
                period_end=cycle.end,
                amount=cycle.amount,
                charge=charge,
            )
            for (contract, cycle), charge in zip(links, charges, strict=True)
        ],
        batch_size=500,
    )
    Contract.objects.bulk_update(moved, ["next_rent_on"], batch_size=500)
    return len(charges)


def rent_cycle_run(*, today: datetime.date | None = None) -> int:
    """Charge every rent cycle started by ``today`` and not charged yet; returns how many
    charges were made. Each estate's batch is one transaction; an estate without its rent
    fee type is skipped (and tried again the next day)."""
    from ..errors import LeasingError

    today = today or timezone.localdate()
    Contract.objects.filter(status=Contract.Status.ACTIVE, end__lt=today).update(
        status=Contract.Status.ENDED
    )
    made = 0
    due = (
        Contract.objects.filter(next_rent_on__lte=today)
        .only("pk", "estate_id")
        .order_by("estate_id", "pk")
    )
    by_estate: dict[int, list[Contract]] = defaultdict(list)
    for contract in due:
        by_estate[contract.estate_id].append(contract)
    for estate_id, contracts in by_estate.items():
        for first in range(0, len(contracts), BATCH):
            try:
                made += _run_estate(estate_id, contracts[first : first + BATCH], today)
            except (LeasingError, IntegrityError):
                break  # no fee type yet, or a run at the same time: the next run goes on
    return made


def expiry_reminders_send(*, today: datetime.date | None = None) -> int:
    """Tell the CS supervisors of contracts ending in 90 and in 30 days; once each."""
    today = today or timezone.localdate()
    sent = 0
    for days in REMINDER_DAYS:
        contracts = (
            Contract.objects.filter(
                status=Contract.Status.ACTIVE,
                end__gte=today,
                end__lte=today + datetime.timedelta(days=days),
            )
            .exclude(reminders__days=days)
            .select_related("space", "lessee")
            .order_by("end", "pk")
        )
        if days != min(REMINDER_DAYS):  # within 30 days only the 30-day reminder is news
            contracts = contracts.filter(
                end__gt=today + datetime.timedelta(days=min(REMINDER_DAYS))
            )
        for contract in contracts:
            try:
                with transaction.atomic():
                    ExpiryReminder.objects.create(contract=contract, days=days)
                    notification_send(
                        users=_supervisors(contract.estate_id),
                        title=_("Lease %(number)s (%(space)s, %(lessee)s) ends on %(end)s")
                        % {
                            "number": contract.number,
                            "space": contract.space,
                            "lessee": contract.lessee,
                            "end": contract.end,
                        },
                        url=reverse("leasing:contract", args=[contract.pk]),
                    )
            except IntegrityError:
                continue  # reminded already
            sent += 1
    return sent


def _supervisors(estate_id: int) -> list:
    return list(
        get_user_model()
        .objects.filter(
            groups__name__in=permissions.REMINDER_ROLES,
            staff_profile__estates=estate_id,
            is_active=True,
        )
        .distinct()
    )
