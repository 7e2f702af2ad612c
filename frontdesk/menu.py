"""The desk's menu: the entries the apps register (``registry.menu``), in the groups a property
front desk thinks in, one dropdown each, so the menu stays one row however many apps plug in.

An entry names its group (``Entry(group="fees")``); one naming no known group lands in "More",
never out of sight. A group shows only when the user may open one of its entries: the entries'
roles decide, as they did when the menu was flat.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import registry


@dataclass(frozen=True)
class Group:
    key: str
    label: Any  # a lazy translation
    icon: str
    dropdown: bool = True  # False: its entries are links in the bar itself


GROUPS = (
    Group("search", pgettext_lazy("menu group", "Search"), "search", dropdown=False),
    Group("reception", pgettext_lazy("menu group", "Reception"), "telephone"),
    Group("owners", pgettext_lazy("menu group", "Owners"), "people"),
    Group("fees", pgettext_lazy("menu group", "Fees"), "cash-coin"),
    Group("works", pgettext_lazy("menu group", "Works and quality"), "tools"),
    Group("community", pgettext_lazy("menu group", "Community"), "calendar-event"),
    Group("manage", pgettext_lazy("menu group", "Management"), "sliders"),
    Group("more", pgettext_lazy("menu group", "More"), "three-dots"),
)
OTHER = "more"
_KNOWN = {group.key for group in GROUPS}

# Django's admin is for staff accounts, whatever their roles: not an app's entry.
ADMIN = registry.Entry(
    key="admin",
    label=_("Administration"),
    group="manage",
    order=1000,
    url_name="admin:index",
    icon="gear",
)


@dataclass(frozen=True)
class Item:
    entry: registry.Entry
    url: str
    active: bool


@dataclass(frozen=True)
class MenuGroup:
    group: Group
    items: list[Item]

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)


def menu_for(user, path: str) -> list[MenuGroup]:
    """The groups ``user`` may see, in order, each with its entries; the entry whose page
    ``path`` is (or is under, the longest such) and its group are marked active."""
    entries = registry.menu.for_user(user)
    if user.is_staff:
        entries.append(ADMIN)
    urls = {entry.key: entry.url for entry in entries}
    current = max(
        (key for key, url in urls.items() if url and path.startswith(url)),
        key=lambda key: len(urls[key]),
        default=None,
    )
    by_group: dict[str, list[Item]] = defaultdict(list)
    for entry in entries:
        group = entry.group if entry.group in _KNOWN else OTHER
        by_group[group].append(Item(entry, urls[entry.key], entry.key == current))
    return [MenuGroup(group, by_group[group.key]) for group in GROUPS if by_group[group.key]]
