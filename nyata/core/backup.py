"""One archive holds an installation: its database, its stored files, and a manifest with their checksums.

Format (a gzip-compressed tar, `nyata-backup` version 1):

    database/nyata.sqlite3   SQLite, copied with SQLite's online backup API (consistent while people work)
      or database/nyata.pgdump  PostgreSQL, `pg_dump --format=custom`
    media/<storage name>     every file in the default storage
    manifest.json            what the archive holds: each member's size and SHA-256, the database's
                             vendor and applied migrations, when and by which version it was made

The database is copied before the files: evidence files are never deleted, so every row of the copied
database finds its file in the archive (a file written after the copy is at worst a harmless orphan).

Restoring checks the whole archive against its manifest before touching anything, refuses an archive made
by a newer Nyata or for another database, and refuses to overwrite a database or storage that holds data
unless told to (`force`). Files are restored first, the database last: an interrupted restore leaves at
most files without rows, never rows without files, and can simply be run again with `force`.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.core.database import refresh_statistics
from nyata.core.media import stored_files

FORMAT = "nyata-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/nyata.sqlite3"
POSTGRES_MEMBER = "database/nyata.pgdump"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024
# Rows that `nyata migrate` writes into a fresh database: a database holding only these is empty.
REGISTRY_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})


class BackupError(Exception):
    """A refusal or failure, worded for the person running the command."""


@dataclass(frozen=True)
class Summary:
    path: Path
    vendor: str
    media_files: int
    media_bytes: int
    created_at: str
    version: str


def _sha256(handle) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _version() -> str:
    try:
        return metadata.version("nyata")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- the database ---------------------------------------------------------------------------------------


def _vendor(alias: str = DEFAULT_DB_ALIAS) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor})
    return vendor


def _postgres_environment(alias: str) -> tuple[list[str], dict[str, str]]:
    """pg_dump's and pg_restore's connection arguments, with the password in the environment only."""
    db = connections[alias].settings_dict
    arguments = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        arguments += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", str(db["USER"])]
    environment = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = str(db["PASSWORD"])
    return arguments, environment


def _postgres_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _("%(tool)s is needed for a PostgreSQL database: install the postgresql-client package.")
            % {"tool": name}
        )
    return found


def _run(command: list[str], environment: dict[str, str]) -> None:
    # The command is pg_dump or pg_restore found on PATH, with the settings' own connection arguments.
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": Path(command[0]).name, "error": done.stderr.strip()[-2000:]}
        )


def dump_database(target: Path, *, alias: str = DEFAULT_DB_ALIAS) -> str:
    """Copy the database to `target`; its archive member name."""
    vendor = _vendor(alias)
    connection = connections[alias]
    if vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # The online backup API copies a consistent snapshot while other processes keep writing.
            connection.connection.backup(copy)
            # One self-contained file: no -wal beside it in the archive.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        return SQLITE_MEMBER
    arguments, environment = _postgres_environment(alias)
    _run(
        [_postgres_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)]
        + arguments,
        environment,
    )
    return POSTGRES_MEMBER


def _applied_migrations(alias: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[alias])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def database_holds_data(*, alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether any table other than those `migrate` fills by itself has a row."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in REGISTRY_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                return True
    return False


# --- writing ---------------------------------------------------------------------------------------------


def _add(archive: tarfile.TarFile, name: str, handle, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o600
    archive.addfile(info, handle)


def write_backup(path: Path, *, storage: Storage | None = None, alias: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the archive to `path` (via a temporary name: a half-written archive never has the final name)."""
    storage = storage or default_storage
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    entries: list[dict] = []
    media_bytes = 0
    with tempfile.TemporaryDirectory(prefix="nyata-backup-") as work:
        dumped = Path(work) / "database"
        member = dump_database(dumped, alias=alias)
        try:
            with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
                with dumped.open("rb") as handle:
                    digest, size = _sha256(handle)
                    handle.seek(0)
                    _add(archive, member, handle, size)
                entries.append({"path": member, "size": size, "sha256": digest})
                for name in sorted(stored_files(storage)):
                    with storage.open(name, "rb") as handle:
                        digest, size = _sha256(handle)
                        handle.seek(0)
                        _add(archive, MEDIA_PREFIX + name, handle, size)
                    entries.append({"path": MEDIA_PREFIX + name, "size": size, "sha256": digest})
                    media_bytes += size
                manifest = {
                    "format": FORMAT,
                    "version": VERSION,
                    "created_at": timezone.now().isoformat(timespec="seconds"),
                    "nyata": _version(),
                    "database": {"vendor": _vendor(alias), "member": member},
                    "migrations": _applied_migrations(alias),
                    "files": entries,
                }
                data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                _add(archive, MANIFEST, io.BytesIO(data), len(data))
            with partial.open("rb") as handle:
                os.fsync(handle.fileno())
            os.chmod(partial, 0o600)  # it holds everything, password hashes included
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return Summary(
        path,
        manifest["database"]["vendor"],
        len(entries) - 1,
        media_bytes,
        manifest["created_at"],
        manifest["nyata"],
    )


# --- checking and restoring ------------------------------------------------------------------------------


def _safe_member_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return bool(name) and not pure.is_absolute() and ".." not in pure.parts and "\\" not in name


def verify(path: Path) -> dict:
    """The archive's manifest, once every member is checked against it; BackupError saying what is wrong."""
    if not path.is_file():
        raise BackupError(_("No such archive: %(path)s") % {"path": path})
    found: dict[str, tuple[int, str]] = {}
    manifest = None
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                if not member.isfile() or not _safe_member_name(member.name):
                    raise BackupError(
                        _("The archive holds an entry that is not a plain file: %(name)s.")
                        % {"name": member.name}
                    )
                if member.name in found or (member.name == MANIFEST and manifest is not None):
                    raise BackupError(_("The archive holds %(name)s twice.") % {"name": member.name})
                with archive.extractfile(member) as handle:
                    if member.name == MANIFEST:
                        manifest = json.loads(handle.read(16 * 1024 * 1024))
                    else:
                        found[member.name] = _sha256(handle)[::-1]
    except (tarfile.TarError, OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BackupError(
            _("The archive is damaged: %(error)s.") % {"error": str(error).rstrip(".")}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("This is not a Nyata backup: it has no manifest."))
    if manifest.get("version") != VERSION:
        raise BackupError(
            _("This backup has format version %(version)s, which this Nyata cannot read.")
            % {"version": manifest.get("version")}
        )
    expected = {entry["path"]: (entry["size"], entry["sha256"]) for entry in manifest.get("files", [])}
    problems = []
    for name, (size, digest) in expected.items():
        if name not in found:
            problems.append(_("%(name)s is missing") % {"name": name})
        elif found[name] != (size, digest):
            problems.append(_("%(name)s does not match its checksum") % {"name": name})
    problems += [
        _("%(name)s is not in the manifest") % {"name": name} for name in sorted(set(found) - set(expected))
    ]
    if manifest.get("database", {}).get("member") not in expected:
        problems.append(_("the database is missing"))
    if problems:
        raise BackupError(
            _("The archive is damaged: %(problems)s. Nothing was restored.")
            % {"problems": "; ".join(problems)}
        )
    return manifest


def _check_migrations(manifest: dict, alias: str) -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    # Migrations of a former app that a moving or squashing migration replaced are known too.
    known = set(loader.disk_migrations) | {key for m in loader.disk_migrations.values() for key in m.replaces}
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if tuple((app, name)) not in known]
    if unknown:
        raise BackupError(
            _(
                "This backup was made by a newer Nyata (%(version)s): update Nyata first. "
                "Unknown migrations: %(names)s."
            )
            % {"version": manifest.get("nyata", "?"), "names": ", ".join(unknown[:5])}
        )


def _restore_sqlite(extracted: Path, alias: str) -> None:
    check = sqlite3.connect(extracted)
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(
                _("The database in the archive fails SQLite's integrity check. Nothing was restored.")
            )
    finally:
        check.close()
    target = Path(connections[alias].settings_dict["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    source = sqlite3.connect(extracted)
    destination = sqlite3.connect(target, timeout=60)
    try:
        # Page by page into the live file, under its write lock: readers see the old or the new database.
        source.backup(destination)
        destination.execute("PRAGMA journal_mode=WAL")
    finally:
        destination.close()
        source.close()


def _restore_postgres(extracted: Path, alias: str, *, replace: bool) -> None:
    arguments, environment = _postgres_environment(alias)
    command = [
        _postgres_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
    ]
    if replace:
        command += ["--clean", "--if-exists"]
    connections.close_all()
    _run(command + arguments + [str(extracted)], environment)


def restore_backup(
    path: Path, *, force: bool = False, storage: Storage | None = None, alias: str = DEFAULT_DB_ALIAS
) -> Summary:
    storage = storage or default_storage
    manifest = verify(path)
    vendor = _vendor(alias)
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            _(
                "This backup holds a %(archive)s database; this installation uses %(here)s. "
                "Nothing was restored."
            )
            % {"archive": manifest["database"]["vendor"], "here": vendor}
        )
    _check_migrations(manifest, alias)
    if not force:
        if database_holds_data(alias=alias):
            raise BackupError(
                _("The database already holds data: nothing was restored. Add --force to replace it.")
            )
        if next(stored_files(storage), None) is not None:
            raise BackupError(
                _("The file storage already holds files: nothing was restored. Add --force to replace them.")
            )
    tables_exist = bool(connections[alias].introspection.table_names())
    member = manifest["database"]["member"]
    media_bytes = media_files = 0
    with tempfile.TemporaryDirectory(prefix="nyata-restore-") as work, tarfile.open(path, "r:gz") as archive:
        extracted = Path(work) / "database"
        for entry in archive:
            if entry.name == member:
                with archive.extractfile(entry) as source, extracted.open("wb") as target:
                    shutil.copyfileobj(source, target, CHUNK)
            elif entry.name.startswith(MEDIA_PREFIX):
                name = entry.name[len(MEDIA_PREFIX) :]
                if storage.exists(name):
                    storage.delete(name)
                with archive.extractfile(entry) as source:
                    saved = storage.save(name, File(source, name=name))
                if saved != name:
                    raise BackupError(
                        _("%(name)s could not be restored under its own name.") % {"name": name}
                    )
                media_files += 1
                media_bytes += entry.size
        if vendor == "sqlite":
            _restore_sqlite(extracted, alias)
        else:
            _restore_postgres(extracted, alias, replace=tables_exist)
    refresh_statistics(alias)
    connections.close_all()
    return Summary(path, vendor, media_files, media_bytes, manifest["created_at"], manifest.get("nyata", "?"))
