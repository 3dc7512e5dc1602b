"""On SQLite, concurrent writers wait for the one write lock instead of failing with "database is locked".

What settings.py sets, proven on a real file database with Nyata's own connection settings: WAL, the busy
timeout, and IMMEDIATE transactions. One writer holds the lock for six seconds (longer than the five the
settings used to allow; a 150-unit finalisation once held it 7,8 s); meanwhile four threads each run ten
transactions that read and then write. Every one of them must wait and succeed, and none may lose an update.
"""

import json
import os
import subprocess
import sys

HOLD_SECONDS = 6
WRITERS = 4
EACH = 10

SCRIPT = f"""
import json, threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, who TEXT, n INTEGER UNIQUE)")
    pragmas = {{
        name: cursor.execute(f"PRAGMA {{name}}").fetchone()[0]
        for name in ("journal_mode", "busy_timeout", "synchronous")
    }}
connection.close()
held = threading.Event()
outcomes = []

def holder():
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO counter (who, n) VALUES ('holder', 0)")
        held.set()
        time.sleep({HOLD_SECONDS})
    connection.close()

def writer(index):
    held.wait()
    done, errors, waited = 0, [], 0.0
    for _ in range({EACH}):
        started = time.monotonic()
        try:
            # Read, then write: without IMMEDIATE the upgrade to a writer fails at once, whatever the timeout.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT MAX(n) FROM counter")
                top = cursor.fetchone()[0]
                cursor.execute("INSERT INTO counter (who, n) VALUES (%s, %s)", [f"w{{index}}", top + 1])
            done += 1
        except Exception as error:
            errors.append(str(error))
        waited = max(waited, time.monotonic() - started)
    outcomes.append({{"done": done, "errors": errors, "longest_wait": waited}})
    connection.close()

threads = [threading.Thread(target=holder)]
threads += [threading.Thread(target=writer, args=(i,)) for i in range({WRITERS})]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter ORDER BY n")
    values = [row[0] for row in cursor.fetchall()]
print(json.dumps({{"pragmas": pragmas, "outcomes": outcomes, "values": values}}))
"""  # noqa: S608 (the PRAGMA names are the script's own)


def test_concurrent_writers_wait_for_a_long_writer_and_lose_no_update(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'nyata.sqlite3'}",
        "NYATA_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "nyata.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["pragmas"] == {"journal_mode": "wal", "busy_timeout": 20_000, "synchronous": 1}
    assert [o["errors"] for o in report["outcomes"]] == [[]] * WRITERS
    assert [o["done"] for o in report["outcomes"]] == [EACH] * WRITERS
    # The first writer waited for the holder's whole transaction instead of failing after five seconds.
    assert max(o["longest_wait"] for o in report["outcomes"]) > 5
    # Each read-then-write saw every earlier one: 0 (the holder), then 1 .. 40, none lost or repeated.
    assert report["values"] == list(range(WRITERS * EACH + 1))
