from typing import Any


def stamp(instance: Any, actor: Any) -> None:
    """Name the user that simple-history records for the next save of ``instance``."""
    instance._history_user = actor
