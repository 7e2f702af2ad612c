from django.db import connection


def analyze_database() -> None:
    """Refresh the query planner's statistics (after bulk loads; daily on SQLite)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
