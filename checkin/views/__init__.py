"""The check-in pages, by workflow: ``movein`` and ``custody``; routes in ``checkin.urls``."""
