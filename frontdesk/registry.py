"""Where workflow apps plug into the desk without the desk importing them.

An app registers, in its ``AppConfig.ready()``:

- a **quick action** on the desk home (``quick_actions``),
- a **today panel** of due items on the desk home (``today_panels``),
- a **section** of the unit dossier (``dossier_sections``),
- a **menu entry** (``menu``), in one of the menu's groups (``frontdesk.menu.GROUPS``),
- an **action on a unit** in the dossier's header (``unit_actions``): its ``unit_url(unit)``
  gives the link and ``shortcut`` the one key that takes it.

Each entry names the roles that may see it; the pages behind it still check roles themselves.
Today panels and dossier sections are each loaded by the page on a request of their own
(``/panels/<key>/``, ``/units/<id>/sections/<key>/``): their ``context(request, **kwargs)``
gives what their template reads as ``panel`` or ``section``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import module_has_submodule

from .scoping import has_role


@dataclass(frozen=True)
class Entry:
    key: str
    label: Any  # a lazy translation
    roles: tuple[str, ...] = ()  # empty: every signed-in user
    order: int = 100
    url_name: str = ""
    icon: str = "circle"
    group: str = ""  # menu entries: the key of their group in frontdesk.menu.GROUPS
    shortcut: str = ""  # unit actions: the one key that takes it on the dossier
    # today panels and dossier sections: a template and a function giving its context
    template: str = ""
    context: Callable[..., dict] | None = field(default=None, compare=False)
    # unit actions: the action's link for a unit
    unit_url: Callable[[Any], str] | None = field(default=None, compare=False)

    def visible_to(self, user) -> bool:
        return not self.roles or has_role(user, *self.roles)

    @property
    def url(self) -> str:
        return reverse(self.url_name) if self.url_name else ""

    def url_for(self, unit) -> str:
        return self.unit_url(unit) if self.unit_url else self.url


class Registry:
    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}

    def register(self, entry: Entry) -> Entry:
        self._entries[entry.key] = entry  # re-registering replaces: ready() may run twice
        return entry

    def get(self, key: str) -> Entry | None:
        return self._entries.get(key)

    def for_user(self, user) -> list[Entry]:
        entries = (e for e in self._entries.values() if e.visible_to(user))
        return sorted(entries, key=lambda e: (e.order, e.key))


quick_actions = Registry()
today_panels = Registry()
dossier_sections = Registry()
menu = Registry()
unit_actions = Registry()


def panel_context(entry: Entry, request, **kwargs) -> dict:
    """What a panel's or section's template reads as ``panel``/``section``."""
    return {"entry": entry, **(entry.context(request, **kwargs) if entry.context else {})}


def app_modules(name: str, *, skip: tuple[str, ...] = ()) -> list[tuple[str, Any]]:
    """``(app label, module)`` of every installed app with a submodule ``name`` (its
    ``demo.py`` for seed_demo, its ``bench.py`` for the bench), in INSTALLED_APPS order."""
    return [
        (config.label, import_module(f"{config.name}.{name}"))
        for config in apps.get_app_configs()
        if config.name not in skip and module_has_submodule(config.module, name)
    ]
