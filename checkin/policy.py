"""The custody share of the property fee, answered to fees through its ratio seam.

Billing rule: a month is billed at 70% when the house is in custody on the month's FIRST
day (custody started on or before it and not ended by then). A custody starting on the 15th
is billed in full that month and at 70% from the next; ending custody on the 10th leaves that
month at 70% and bills the next month at 100% again. One ratio per monthly charge keeps the
bill readable and needs no day-by-day split.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import CUSTODY_RATIO, Custody

PROPERTY_FEE = "property"


def custody_ratio(
    unit_ids: Iterable[int], fee_kind: str, period: datetime.date
) -> dict[int, tuple[Decimal, str]]:
    """70% for each unit of the batch in custody on ``period``'s first day; one query."""
    if fee_kind != PROPERTY_FEE:
        return {}
    first = period.replace(day=1)
    ids = list(unit_ids)
    if not ids:
        return {}
    in_custody = Custody.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=first),
        start_date__lte=first,
    )
    if len(ids) <= 500:
        in_custody = in_custody.filter(unit_id__in=ids)
        wanted = None
    else:
        # A whole estate's batch: fetch the (few) custody units rather than a huge IN list.
        wanted = set(ids)
    reason = _("Vacant house in custody: %(percent)s%% of the property fee") % {
        "percent": int(CUSTODY_RATIO * 100)
    }
    return {
        unit_id: (CUSTODY_RATIO, reason)
        for unit_id in in_custody.values_list("unit_id", flat=True)
        if wanted is None or unit_id in wanted
    }
