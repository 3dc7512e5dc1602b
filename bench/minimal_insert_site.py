"""The yardstick for a write: the smallest Django site whose one view inserts one row and redirects.

Same database as Nyata in the same run (SQLite file with Nyata's pragmas, or DATABASE_URL), no middleware.
"""

import os
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection, transaction
from django.http import HttpResponseRedirect
from django.urls import path

if os.environ.get("DATABASE_URL"):
    database = dj_database_url.parse(os.environ["DATABASE_URL"])
else:
    database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(Path(os.environ["NYATA_VAR_DIR"]) / "minimal.sqlite3"),
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
)


def insert(request):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_minimal_row (answer) VALUES (%s)", [request.POST.get("u1", "0")])
    return HttpResponseRedirect("/done/")


urlpatterns = [path("", insert)]
application = get_wsgi_application()
with connection.cursor() as cursor:
    key = "INTEGER PRIMARY KEY" if connection.vendor == "sqlite" else "BIGSERIAL PRIMARY KEY"
    cursor.execute(f"CREATE TABLE IF NOT EXISTS bench_minimal_row (id {key}, answer TEXT)")
connection.close()
