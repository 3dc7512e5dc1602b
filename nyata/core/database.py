"""What Nyata asks of the database beyond Django: fresh statistics after a bulk write (a demo load, a
restore), and prepared statements for the busiest path, on a kept connection checked without a round trip."""

import select
from contextlib import contextmanager

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


@contextmanager
def prepared_cursor(alias: str = DEFAULT_DB_ALIAS):
    """A cursor for the few statements run on every public submission.

    On PostgreSQL Django binds parameters on the client, so the server parses and plans each statement
    anew; a statement of the survey's hot path spent longer being planned than being run. This cursor
    binds on the server and prepares each statement once per connection (with kept connections, once
    per worker and statement). Statements run through it take only bound parameters, as everywhere.
    Elsewhere (SQLite) it is Django's own cursor."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    # What connection.cursor() does, with the server-binding cursor in place of Django's client-binding one.
    close_if_server_hung_up(connection)
    connection.ensure_connection()
    connection.validate_thread_sharing()
    from django.db.backends.postgresql.base import ServerBindingCursor  # noqa: PLC0415 (needs psycopg)

    with connection.wrap_database_errors:
        raw = ServerBindingCursor(connection.connection)
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    with wrap(raw) as cursor:
        yield cursor


def close_if_server_hung_up(connection) -> None:
    """Django's health check of a kept connection, without its round trip where nothing calls for one.

    Before the first query of each request Django checks a kept connection with a SELECT 1: a round trip
    that was a tenth of the survey's POST on PostgreSQL (bench/skm_submissions.py). A server that ends a
    connection (a restart, an administrator, an idle timeout) says so on it: the client's socket turns
    readable. An idle connection receives nothing unasked otherwise, so while its socket has nothing to read
    no round trip is needed; when it has, Django's own check runs and closes the connection if it fails.
    (The database drivers of other platforms check a pooled connection the same way; a server that vanishes
    without a word is no sooner noticed by a SELECT 1: both wait on the network.)
    """
    if connection.connection is None or not connection.health_check_enabled or connection.health_check_done:
        return
    if _readable(connection.connection.fileno()):
        connection.close_if_health_check_failed()
    connection.health_check_done = True


def _readable(fd: int) -> bool:
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))
