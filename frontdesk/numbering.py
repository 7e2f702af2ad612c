"""Gapless document numbers: per estate, per kind, per year.

The number is taken inside the caller's transaction with the sequence row locked, so a
rollback gives the number back and two desks never get the same one.
"""

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .errors import DeskError
from .models import DocumentSequence


class NumberingError(DeskError):
    """A number could not be allocated (a programming error: no transaction)."""


def allocate_number(*, estate_id: int, kind: str, prefix: str, year: int | None = None) -> str:
    """Next number, e.g. ``SK2026-000042``; must run inside the caller's transaction."""
    if not connection.in_atomic_block:
        raise NumberingError(
            "allocate_number must run inside the transaction that saves the document",
            code="no_transaction",
        )
    year = year or timezone.localdate().year
    sequence = _locked_sequence(estate_id, kind, year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{prefix}{year}-{sequence.last_number:06d}"


def _locked_sequence(estate_id: int, kind: str, year: int) -> DocumentSequence:
    rows = DocumentSequence.objects.select_for_update()
    try:
        return rows.get(estate_id=estate_id, kind=kind, year=year)
    except DocumentSequence.DoesNotExist:
        pass
    # First number of the year: two desks may race to create the row; the loser's insert
    # fails inside a savepoint and it then waits on the winner's lock.
    try:
        with transaction.atomic():
            DocumentSequence.objects.create(estate_id=estate_id, kind=kind, year=year)
    except IntegrityError:
        pass
    return rows.get(estate_id=estate_id, kind=kind, year=year)
