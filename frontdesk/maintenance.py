from django.db import connection


def analyze_database(*models) -> None:
    """Refresh the query planner's statistics (after bulk loads; daily on SQLite): of the
    tables of ``models``, or of the whole database when none is named."""
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    with connection.cursor() as cursor:
        for table in tables or [""]:
            cursor.execute(f"ANALYZE {table}".strip())


def vacuum_tables(*models) -> None:
    """After a table was rewritten: on PostgreSQL, VACUUM (ANALYZE) it, so its dead rows go
    and index-only scans work (autovacuum would, later, where it is on); elsewhere, and inside
    a transaction, where VACUUM cannot run, ANALYZE only."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        analyze_database(*models)
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
