"""`nyata backup` writes one archive of an installation and `nyata restore` brings it back on a fresh machine.

Run as an operator runs them: the `nyata` command in processes of their own, on the demo city (with a few
evidence files added, since the demo's evidence is links), restored into an empty var/ folder and compared
table by table and file by file.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from nyata.core.tests.files import pdf_bytes

ATTACH = """
from datetime import date, timedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from nyata.evaluations.actions.evidence import attach_files
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Assessment, Phase, PhaseWindow
from nyata.org.models import Membership
operator = Membership.objects.filter(role="opd_operator").order_by("pk").first()
assessment = Assessment.objects.get(period__year=2025, unit=operator.unit)
PhaseWindow.objects.filter(period=assessment.period, phase=Phase.SELF_ASSESSMENT).update(
    starts_at=timezone.now() - timedelta(days=1), ends_at=timezone.now() + timedelta(days=1))
code, node = next((c, n) for c, n in indicators_of(assessment.period.instrument).items() if n.evidence)
files = [
    SimpleUploadedFile(f"Bukti {i}.pdf", open(f"{{folder}}/bukti-{i}.pdf", "rb").read()) for i in range(3)
]
attach_files(assessment=assessment, indicator=code, item=node.evidence[0].code, uploads=files,
             effective_date=date(2025, 1, 15), by=operator.user)
"""


def _nyata(*args: str, env: dict[str, str], ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "nyata", *args], env=env, capture_output=True, text=True, timeout=900
    )
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def _sqlite_env(var: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{var / 'nyata.sqlite3'}", "NYATA_VAR_DIR": str(var)}


def _sqlite_tables(db: Path) -> dict[str, tuple[int, str]]:
    """Every table: its row count and a digest of all its rows in primary-key order."""
    with sqlite3.connect(db) as connection:
        names = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master "
                "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        found = {}
        for table in names:
            rows = connection.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()  # noqa: S608
            found[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return found


def _media(var: Path) -> dict[str, str]:
    root = var / "media"
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _damaged_copy(archive: Path, target: Path) -> None:
    """The same archive with one byte of one stored file changed (the gzip stream itself is intact)."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        damaged = False
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("media/") and not damaged:
                data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
                damaged = True
            copy.addfile(member, io.BytesIO(data))


def test_a_backup_of_the_demo_restores_on_a_fresh_machine_table_for_table_and_file_for_file(
    tmp_path, demo_installation
):
    source = tmp_path / "source"
    shutil.copytree(demo_installation, source)
    for i in range(3):
        (tmp_path / f"bukti-{i}.pdf").write_bytes(pdf_bytes(f"Bukti dukung nomor {i}"))
    _nyata("shell", "-c", ATTACH.replace("{{folder}}", str(tmp_path)), env=_sqlite_env(source))
    archive = tmp_path / "cadangan.tar.gz"
    written = _nyata("backup", "--output", str(archive), env=_sqlite_env(source)).stdout
    assert f"Cadangan ditulis ke {archive}" in written
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive, "r:gz") as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
    assert manifest["database"] == {"vendor": "sqlite", "member": "database/nyata.sqlite3"}
    assert len([f for f in manifest["files"] if f["path"].startswith("media/")]) == 3

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    restored = _nyata("restore", str(archive), env=_sqlite_env(fresh)).stdout
    assert "Basis data sqlite dan 3 berkas tersimpan" in restored

    before, after = _sqlite_tables(source / "nyata.sqlite3"), _sqlite_tables(fresh / "nyata.sqlite3")
    assert before["surveys_response"][0] > 30_000  # the demo really is in it
    assert before["evidence_evidence"][0] > 1000
    assert after == before
    assert _media(fresh) == _media(source)
    assert len(_media(fresh)) == 3
    _nyata("migrate", "--check", env=_sqlite_env(fresh))  # nothing left to migrate: exits 0

    again = _nyata("restore", str(archive), env=_sqlite_env(fresh), ok=False)
    assert again.returncode != 0
    assert "Basis data sudah berisi data: tidak ada yang dipulihkan." in again.stderr

    damaged = tmp_path / "rusak.tar.gz"
    _damaged_copy(archive, damaged)
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = _nyata("restore", str(damaged), env=_sqlite_env(empty), ok=False)
    assert refused.returncode != 0
    assert "Arsip rusak" in refused.stderr
    assert "tidak cocok dengan checksum-nya" in refused.stderr
    # Refused before anything was touched: no file restored, no table created.
    assert not (empty / "media").exists() or not any((empty / "media").rglob("*"))
    assert not (empty / "nyata.sqlite3").exists() or _sqlite_tables(empty / "nyata.sqlite3") == {}

    truncated = tmp_path / "terpotong.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert "Arsip rusak" in _nyata("restore", str(truncated), env=_sqlite_env(empty), ok=False).stderr

    # Told to, a restore replaces what is there.
    _nyata("restore", "--force", str(archive), env=_sqlite_env(fresh))
    assert _sqlite_tables(fresh / "nyata.sqlite3") == before


def _postgres_admin_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.mark.skipif(
    _postgres_admin_url() is None, reason="PostgreSQL runs in CI's second pass (DATABASE_URL)"
)
def test_a_postgresql_installation_round_trips_through_pg_dump(tmp_path):
    import psycopg

    server = urlsplit(_postgres_admin_url())
    names = [f"nyata_backup_{tag}_{uuid.uuid4().hex[:8]}" for tag in ("source", "fresh")]
    admin = server._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    urls = [server._replace(path=f"/{name}").geturl() for name in names]
    source, fresh = tmp_path / "source", tmp_path / "fresh"
    try:
        env = {**os.environ, "DATABASE_URL": urls[0], "NYATA_VAR_DIR": str(source)}
        _nyata("migrate", "-v0", env=env)
        _nyata(
            "shell",
            "-c",
            "from nyata.org.demo import DEFAULT_CITY, load_city, read_city\n"
            "load_city(read_city(DEFAULT_CITY))",
            env=env,
        )
        (source / "media" / "evidence").mkdir(parents=True)
        (source / "media" / "evidence" / "bukti").write_bytes(pdf_bytes("Bukti"))
        archive = tmp_path / "cadangan.tar.gz"
        _nyata("backup", "--output", str(archive), env=env)
        fresh_env = {**os.environ, "DATABASE_URL": urls[1], "NYATA_VAR_DIR": str(fresh)}
        _nyata("restore", str(archive), env=fresh_env)
        assert _postgres_tables(urls[1]) == _postgres_tables(urls[0])
        # pg_restore brings back no planner statistics; the restore gathers them (the demo's lesson: 79 s
        # for one page without them).
        assert _analysed(urls[1]) == set(_postgres_tables(urls[1]))
        assert _postgres_tables(urls[0])["org_unit"][0] > 20
        assert _media(fresh) == _media(source)
        refused = _nyata("restore", str(archive), env=fresh_env, ok=False)
        assert "Basis data sudah berisi data" in refused.stderr
        _nyata("restore", "--force", str(archive), env=fresh_env)
        assert _postgres_tables(urls[1]) == _postgres_tables(urls[0])
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres_tables(url: str) -> dict[str, tuple[int, str]]:
    import psycopg

    with psycopg.connect(url) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        found = {}
        for table in tables:
            rows = connection.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()  # noqa: S608
            found[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return found


def _analysed(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT relname FROM pg_stat_user_tables "
            "WHERE last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL"
        )
        return {name for (name,) in rows}
