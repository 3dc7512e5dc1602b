"""A throw-away PostgreSQL cluster on loopback for a benchmark run, when PostgreSQL's binaries are installed.

Yields a DATABASE_URL, or None when PostgreSQL is not available here (the benchmark then reports SQLite
only). initdb refuses to run as root, so as root the cluster runs as the `postgres` system user.
"""

import glob
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from loopback import free_port


def _bindir() -> Path | None:
    if shutil.which("pg_config"):
        found = Path(subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip())
        if (found / "initdb").exists():
            return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


@contextmanager
def temporary_postgres():
    bindir = _bindir()
    as_root = os.geteuid() == 0
    if bindir is None or (as_root and shutil.which("runuser") is None):
        yield None
        return
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    with tempfile.TemporaryDirectory(prefix="nyata-bench-pg-") as folder:
        data = Path(folder) / "data"
        if as_root:
            shutil.chown(folder, "postgres", "postgres")
        port = free_port()
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": True}
        subprocess.run(
            [
                *prefix,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ],
            **quiet,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=on"
        log = Path(folder) / "server.log"
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"],
            **quiet,
        )
        try:
            subprocess.run(
                [
                    str(bindir / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-U",
                    "postgres",
                    "nyata_bench",
                ],
                **quiet,
            )
            yield f"postgres://postgres@127.0.0.1:{port}/nyata_bench"
        finally:
            subprocess.run(
                [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], **quiet
            )
