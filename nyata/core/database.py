"""What the database needs after a bulk write (a demo load, a restore) to plan queries well."""

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_statistics(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Gather PostgreSQL's table statistics now.

    PostgreSQL plans its queries from them; after a bulk load autovacuum gathers them only a while later,
    and never inside the transaction that made the load (the crawl's tests), and pg_restore brings none
    back. Without them one complaints page of the demo took 79 s instead of 5 ms. ANALYZE takes about a
    second for a city and may run inside a transaction. SQLite keeps its own statistics in the database
    file, which a restore copies whole."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
