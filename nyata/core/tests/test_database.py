"""The prepared cursor of the hot paths: Django's own cursor on SQLite; on PostgreSQL, statements bound on the
server and planned once per connection, while Django's own queries stay unprepared (connection poolers)."""

import select

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nyata.core.database import prepared_cursor
from nyata.core.tests.test_environment import _nyata
from nyata.core.tests.vendors import postgresql_only

pytestmark = pytest.mark.django_db


STATEMENT = "SELECT %s + 1 AS prepared_cursor_probe"


def _prepared(fragment: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{fragment}%"]
        )
        return cursor.fetchone()[0]


def test_a_statement_through_the_prepared_cursor_answers_and_is_logged_like_any_other():
    with CaptureQueriesContext(connection) as seen, prepared_cursor() as cursor:
        cursor.execute(STATEMENT, [41])
        assert cursor.fetchone()[0] == 42
    (logged,) = [q["sql"] for q in seen.captured_queries]
    assert "prepared_cursor_probe" in logged
    assert "41" in logged


@postgresql_only
def test_on_postgresql_a_statement_run_again_is_planned_once_for_the_connection():
    for value in (1, 2, 3):
        with prepared_cursor() as cursor:
            cursor.execute(STATEMENT, [value])
            assert cursor.fetchone()[0] == value + 1
    assert _prepared("prepared_cursor_probe") == 1


@postgresql_only
def test_on_postgresql_djangos_own_queries_are_never_prepared():
    for _ in range(10):
        Session.objects.filter(session_key="nobody-prepared").exists()
    assert _prepared("nobody-prepared") == 0


def test_prepared_statements_can_be_turned_off_for_an_old_connection_pooler(tmp_path):
    show = (
        "from django.conf import settings as s; print(s.DATABASES['default']['OPTIONS']['prepare_threshold'])"
    )
    url = "postgres://nyata@db.example:5432/nyata"  # settings only: no connection is made
    on = _nyata(["shell", "-c", show], DATABASE_URL=url, NYATA_VAR_DIR=str(tmp_path))
    off = _nyata(
        ["shell", "-c", show], DATABASE_URL=url, NYATA_DB_PREPARED="false", NYATA_VAR_DIR=str(tmp_path)
    )
    assert (on.returncode, off.returncode) == (0, 0), on.stderr + off.stderr
    assert on.stdout.splitlines()[-1] == "0"
    assert off.stdout.splitlines()[-1] == "None"


def _kept_connection(conn) -> int:
    """A connection opened now, to be kept (a connection of earlier tests may be past CONN_MAX_AGE, and a
    request would then replace it before any check); the server's process that holds it."""
    conn.close()
    return _server_process(conn)


def _server_process(conn) -> int:
    with conn.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _as_at_a_new_request(conn) -> None:
    """What Django does as a request starts (close_old_connections): the kept connection is to be checked."""
    conn.close_if_unusable_or_obsolete()
    assert conn.connection is not None
    assert not conn.health_check_done


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_the_server_still_holds_is_used_without_a_round_trip(monkeypatch):
    pid = _kept_connection(connection)
    _as_at_a_new_request(connection)
    checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append("SELECT 1") or True)
    with prepared_cursor() as cursor:
        cursor.execute(STATEMENT, [1])
        assert cursor.fetchone()[0] == 2
    assert checks == []
    assert _server_process(connection) == pid


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_the_server_ended_is_replaced_before_the_statement_runs():
    pid = _kept_connection(connection)
    _as_at_a_new_request(connection)
    with connection.get_new_connection(connection.get_connection_params()) as administrator:
        administrator.execute("SELECT pg_terminate_backend(%s)", [pid])
    # The server's word arrives on the kept connection's socket: waited for, not guessed with a sleep.
    poller = select.poll()
    poller.register(connection.connection.fileno(), select.POLLIN)
    assert poller.poll(10_000), "the server never told the kept connection that it ended it"
    with prepared_cursor() as cursor:
        cursor.execute(STATEMENT, [1])
        assert cursor.fetchone()[0] == 2
    assert _server_process(connection) != pid
