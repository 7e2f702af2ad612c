"""The check-in forms, by workflow: ``movein``, ``custody`` and the ``meters`` both read."""
