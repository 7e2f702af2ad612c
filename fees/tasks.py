"""Celery tasks of the fees app (being built)."""
