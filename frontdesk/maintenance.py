from django.db import connection


def analyze_database(*models) -> None:
    """Refresh the query planner's statistics (after bulk loads; daily on SQLite): of the
    tables of ``models``, or of the whole database when none is named."""
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    with connection.cursor() as cursor:
        for table in tables or [""]:
            cursor.execute(f"ANALYZE {table}".strip())
