"""Moving Evidence from the former `evidence` app into evaluations moved no rows.

A database loaded with `nyata demo` before the move has the evidence tables created by `evidence 0001` and
that migration recorded as applied. Such a database is made here in a file of its own: migrate and load the
demo, then record the migrations as the old code left them (the tables of `evaluations 0003_evidence` are
the old ones, byte for byte, which the first test proves against the schema the old app wrote). Then
`nyata migrate` runs as it would on upgrade, and every table must hold exactly the rows it held before."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

OLD_SCHEMA = Path(__file__).with_name("evidence_0001_sqlite.sql")
# New rows that Django adds after any migration for the moved models; nothing of the project's.
REGISTRY_TABLES = {"auth_permission", "django_content_type", "django_migrations"}


def _nyata(*args: str, var: Path) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{var / 'nyata.sqlite3'}", "NYATA_VAR_DIR": str(var)}
    done = subprocess.run(
        [sys.executable, "-m", "nyata", *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _evidence_schema(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name LIKE 'evidence_%' AND sql IS NOT NULL "
            "ORDER BY type, name"
        ).fetchall()
    return "".join(f"{sql};\n" for (sql,) in rows)


def _fingerprint(db: Path) -> dict[str, tuple[int, str]]:
    with sqlite3.connect(db) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found = {}
        for table in sorted(set(tables) - REGISTRY_TABLES):
            rows = connection.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()  # noqa: S608
            found[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return found


def _as_before_the_move(db: Path) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute(
            "DELETE FROM django_migrations WHERE app = 'evaluations' AND name = '0003_evidence'"
        )
        connection.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('evidence', '0001_initial', '2026-11-30')"
        )


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory, demo_installation) -> Path:
    var = tmp_path_factory.mktemp("before-the-move") / "var"
    shutil.copytree(demo_installation, var)
    return var


def test_the_moved_tables_are_the_ones_the_old_evidence_app_created(demo_database):
    assert _evidence_schema(demo_database / "nyata.sqlite3") == OLD_SCHEMA.read_text()


def test_upgrading_a_demo_database_moves_no_rows(demo_database):
    db = demo_database / "nyata.sqlite3"
    _as_before_the_move(db)
    before = _fingerprint(db)
    assert before["evidence_evidence"][0] > 1000  # the demo's data dukung, so that a loss would show

    _nyata("migrate", "-v0", var=demo_database)

    assert _fingerprint(db) == before
    with sqlite3.connect(db) as connection:
        applied = set(connection.execute("SELECT app, name FROM django_migrations"))
    assert ("evaluations", "0003_evidence") in applied  # recorded as applied, never run
    assert "unapplied" not in _nyata("migrate", "--check", var=demo_database)
