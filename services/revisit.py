"""The return visit after a service, behind a plug.

The return-visit engine (``revisits``) hears ``services.signals.service_accepted``, plans the
visit and plugs itself in here with ``engine_plug``: where a service's visit is made, and the
owners' satisfaction per service for the report. The dependency points one way: revisits
knows services, never the reverse; without the engine the page shows no visit and the report
no satisfaction.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Satisfaction:
    visited: int = 0
    satisfied: int = 0  # satisfied or basically satisfied

    @property
    def rate(self) -> float | None:
        return None if not self.visited else round(100 * self.satisfied / self.visited, 1)


_visit_url: Callable[[int], str | None] | None = None
_satisfaction: Callable[[Iterable[int]], Satisfaction] | None = None


def engine_plug(
    *,
    visit_url: Callable[[int], str | None],
    satisfaction: Callable[[Iterable[int]], Satisfaction],
) -> None:
    global _visit_url, _satisfaction
    _visit_url, _satisfaction = visit_url, satisfaction


def visit_url(service_id: int) -> str | None:
    """The service's return visit, when the engine planned one."""
    return None if _visit_url is None else _visit_url(service_id)


def satisfaction(service_ids: Iterable[int]) -> Satisfaction:
    return Satisfaction() if _satisfaction is None else _satisfaction(service_ids)
