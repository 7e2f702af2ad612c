"""The check-in app's printed papers: ``movein`` (registration form, handover confirmation,
acceptance form) and ``custody`` (the custody agreement)."""
