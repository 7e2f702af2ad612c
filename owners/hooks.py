"""What the apps above owners say before a unit changes hands.

owners sits below fees and the workflow apps, so it cannot ask them whether a unit still owes
money or has works open. They tell it instead: each registers a check that reads the unit and
returns a sentence to show the desk, or None. Ending an ownership shows the sentences and asks
again before it goes on."""

from collections.abc import Callable
from typing import Any

OwnershipEndCheck = Callable[[Any], str | None]

_ownership_end_checks: list[OwnershipEndCheck] = []


def on_ownership_end(check: OwnershipEndCheck) -> OwnershipEndCheck:
    """Register ``check(unit)`` (usable as a decorator); registering twice keeps one."""
    if check not in _ownership_end_checks:
        _ownership_end_checks.append(check)
    return check


def ownership_end_warnings(unit) -> list[str]:
    return [warning for check in _ownership_end_checks if (warning := check(unit))]
