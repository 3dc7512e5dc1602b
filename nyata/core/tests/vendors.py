"""Markers for tests of one database's behaviour: the suite runs on SQLite, and on PostgreSQL in CI's
second pass (DATABASE_URL)."""

import pytest
from django.db import connection

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's behaviour: CI's second pass runs it"
)
