"""The ratio seam: other apps decide which share of a fee a unit pays for a period.

Vacant-house custody bills the property fee at 70%; the custody app registers a policy here
so fees never imports it. A policy takes the whole batch (one query, not one per unit) and
returns ``{unit_id: (ratio, reason)}`` for the units it concerns; the lowest ratio wins.
"""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal

RatioPolicy = Callable[[Iterable[int], str, datetime.date], dict[int, tuple[Decimal, str]]]

_policies: dict[str, RatioPolicy] = {}


def register_ratio_policy(name: str, policy: RatioPolicy) -> None:
    _policies[name] = policy


def unregister_ratio_policy(name: str) -> None:
    _policies.pop(name, None)


def ratios_for(
    unit_ids: list[int], fee_kind: str, period: datetime.date
) -> dict[int, tuple[Decimal, str]]:
    """The ratio and its reason for each unit that pays less than 100% in ``period``."""
    found: dict[int, tuple[Decimal, str]] = {}
    for policy in _policies.values():
        for unit_id, (ratio, reason) in policy(unit_ids, fee_kind, period).items():
            if unit_id not in found or ratio < found[unit_id][0]:
                found[unit_id] = (ratio, reason)
    return found
