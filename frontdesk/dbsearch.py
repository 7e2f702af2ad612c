"""Indexed prefix search that works on SQLite and PostgreSQL.

SQLite: a range ``value <= col < value + U+10FFFF`` uses the column's B-tree index (BINARY
collation is code-point order). PostgreSQL: ``LIKE 'value%'`` uses the ``varchar_pattern_ops``
index Django adds beside every indexed CharField, whatever the database's collation.
Suffixes are prefixes of the reversed columns.
"""

from django.db import connection
from django.db.models import Q

_TOP = "\U0010ffff"


def prefix_q(field: str, value: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__startswith": value})
    return Q(**{f"{field}__gte": value, f"{field}__lt": value + _TOP})
