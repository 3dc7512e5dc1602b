"""The yardstick for a write: the smallest Django site whose one view stores one posted row and redirects.

Kept honest against the survey path it is compared with (bench/skm_submissions.py):
- the same database in the same run, configured as Nyata configures it (DATABASE_URL, or Nyata's own SQLite
  file with its pragmas and IMMEDIATE transactions; the same NYATA_DB_CONN_MAX_AGE);
- the same request: the whole survey form is posted, parsed by Django and its values stored as one row of
  the same width as a response (profile, nine answers, suggestion, time), in a transaction;
- the same answer: a 302 redirect to a thank-you address.
It has no middleware, no CSRF check, no validation, no screening and no tally: that is what "minimal" means.
"""

import os
from datetime import UTC, datetime
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection, transaction
from django.http import HttpResponseRedirect
from django.urls import path

# Nyata's default (nyata/settings.py): persistent connections on PostgreSQL, none on SQLite.
postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
conn_max_age = int(os.environ.get("NYATA_DB_CONN_MAX_AGE", "60" if postgres else "0"))
if os.environ.get("DATABASE_URL"):
    database = dj_database_url.parse(
        os.environ["DATABASE_URL"], conn_max_age=conn_max_age, conn_health_checks=conn_max_age > 0
    )
else:
    database = {
        "ENGINE": "django.db.backends.sqlite3",
        # Nyata's own database file, not a file of its own: opening a connection reads the schema, and a
        # one-table file would make every request of the yardstick cheaper than Nyata's could ever be.
        "NAME": str(Path(os.environ["NYATA_VAR_DIR"]) / "nyata.sqlite3"),
        "CONN_MAX_AGE": conn_max_age,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        },
    }

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    SECRET_KEY="bench-only-minimal-insert-site",  # noqa: S106
    MIDDLEWARE=[],
    DATABASES={"default": database},
    USE_TZ=True,
)

COLUMNS = [
    "submitted_at",
    "sex",
    "age",
    "education",
    "occupation",
    *[f"u{i}" for i in range(1, 10)],
    "suggestion",
]
INSERT = (
    f"INSERT INTO bench_minimal_row ({', '.join(COLUMNS)}) "  # noqa: S608
    f"VALUES ({', '.join(['%s'] * len(COLUMNS))})"
)


def insert(request):
    data = request.POST
    values = [datetime.now(UTC).isoformat(), *(data.get(name, "") for name in COLUMNS[1:])]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(INSERT, values)
    return HttpResponseRedirect("/done/")


urlpatterns = [path("", insert)]
application = get_wsgi_application()
with connection.cursor() as cursor:
    key = "INTEGER PRIMARY KEY" if connection.vendor == "sqlite" else "BIGSERIAL PRIMARY KEY"
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS bench_minimal_row (id {key}, {', '.join(f'{c} TEXT' for c in COLUMNS)})"
    )
connection.close()
