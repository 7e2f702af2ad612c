"""The morning flag: yesterday's differences between the slips issued and those used at the
gate: an issued slip never used (expired, or still open), or a slip whose goods were partly
held back. Both want a look from the supervisors (did goods leave unchecked? why held?)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.services import notification_send

from .. import permissions
from ..models import ReconciliationFlag, ReleaseItem, ReleaseSlip


def reconciliation_notify(*, day: datetime.date) -> int:
    """Flag each estate whose slips of ``day`` are not all accounted for, once per estate and
    day (the unique flag row decides); returns the estates flagged now."""
    unused = (ReleaseSlip.Status.ISSUED, ReleaseSlip.Status.EXPIRED)
    rows = (
        ReleaseSlip.objects.filter(valid_on=day)
        .exclude(number="")
        .filter(Q(status__in=unused) | Q(items__outcome=ReleaseItem.Outcome.HELD))
        .values("estate_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by("estate_id")
    )
    flagged = 0
    for row in rows:
        try:
            with transaction.atomic():
                ReconciliationFlag.objects.create(
                    estate_id=row["estate_id"],
                    day=day,
                    unaccounted=row["n"],
                    flagged_at=timezone.now(),
                )
                users = (
                    get_user_model()
                    .objects.filter(
                        groups__name__in=permissions.RECONCILE_ROLES,
                        staff_profile__estates=row["estate_id"],
                        is_active=True,
                    )
                    .distinct()
                )
                notification_send(
                    users=users,
                    title=_(
                        "Release slips of %(day)s: %(n)s to look at (unused or goods held back)"
                    )
                    % {"day": day.isoformat(), "n": row["n"]},
                    url=reverse("releases:reconciliation") + f"?day={day.isoformat()}",
                )
        except IntegrityError:
            continue  # flagged already (the task ran twice)
        flagged += 1
    return flagged
