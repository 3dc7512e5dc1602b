"""The IKM of one unit for one period with 1,000,000 responses in the database: Nyata's results query
(running tallies) against DuckDB aggregating the same response table, in the same run, same figures.

The responses are bulk-generated into a temporary SQLite file (one unit, five services, a year, plus
other units' noise), the tallies rebuilt once, and the table copied into an in-memory DuckDB (the copy is
not timed: DuckDB's SQLite reader is an extension fetched from the internet, which this machine lacks).
Prints one JSON line; each timing is the median of repeated runs.
"""

import csv
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESPONSES = 1_000_000
REPEAT = 15


def _setup_django(var: str) -> None:
    os.environ["NYATA_VAR_DIR"] = var
    os.environ.pop("DATABASE_URL", None)  # the table is bulk-built in a SQLite file, as the issue asks
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nyata.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _generate():
    from django.db import connection, transaction

    from nyata.org import actions as org
    from nyata.surveys import actions
    from nyata.surveys.models import Response

    instansi = org.save_instansi(by=None, name="Kota Bench", code="kota-bench")
    unit = org.save_unit(instansi=instansi, by=None, code="disdukcapil", name="Disdukcapil", kind="opd")
    other = org.save_unit(instansi=instansi, by=None, code="dinkes", name="Dinkes", kind="opd")
    services = [
        actions.save_service(unit=unit, by=None, name=f"Layanan {i}", population=20000) for i in range(5)
    ] + [actions.save_service(unit=other, by=None, name=f"Lain {i}", population=5000) for i in range(3)]
    period = actions.save_period(
        instansi=instansi, by=None, name="SKM", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
    )
    rng = random.Random(14)
    fields = [
        "service_id",
        "period_id",
        "submitted_at",
        "day",
        "channel",
        "sex",
        "education",
        "occupation",
        "suggestion",
        "suspicious",
        "flags",
        "included",
        "client_hash",
        "prefix_hash",
        "start_token",
    ] + [f"u{i}" for i in range(1, 10)]
    sql = (
        f"INSERT INTO {Response._meta.db_table} ({', '.join(fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['?'] * len(fields))})"
    )
    start = date(2024, 11, 1)  # two months before the period: rows the period query must leave out
    rows = []
    for _index in range(RESPONSES):
        service = services[rng.randrange(8)] if rng.random() < 0.3 else services[rng.randrange(5)]
        day = start + timedelta(days=rng.randrange(426))
        flagged = rng.random() < 0.01
        answers = [min(4, max(1, round(rng.gauss(3.1 - 0.1 * (i % 3), 0.7)))) for i in range(9)]
        if rng.random() < 0.02:
            answers[3] = None  # a paper form with Biaya left blank
        in_period = period.starts_on <= day <= period.ends_on
        rows.append(
            (
                service.pk,
                period.pk if in_period else None,
                f"{day} 02:00:00",
                str(day),
                "online",
                "P",
                "sma",
                "swasta",
                "",
                flagged,
                '["too_fast"]' if flagged else "[]",
                not flagged,
                "",
                "",
                "",
                *answers,
            )
        )
    raw = connection.connection
    with transaction.atomic():
        raw.executemany(sql, rows)
    actions.rebuild_tallies()
    return unit, period


def _median_ms(function) -> tuple[float, object]:
    timings = []
    result = None
    for _run in range(REPEAT):
        started = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), result


def main() -> None:
    import duckdb

    with tempfile.TemporaryDirectory(prefix="nyata-bench-ikm-") as var:
        _setup_django(var)
        from django.db import connection

        from nyata.surveys import queries
        from nyata.surveys.ikm import IkmResult, Tally
        from nyata.surveys.models import Response, Service

        generated = time.perf_counter()
        unit, period = _generate()
        generated = time.perf_counter() - generated
        service_ids = list(Service.objects.filter(unit=unit).values_list("pk", flat=True))

        def nyata_query() -> IkmResult:
            return queries.unit_result(unit, period)

        # The same table, moved through a CSV file (untimed): DuckDB's own SQLite reader is an extension
        # downloaded at run time, which this machine cannot fetch.
        table = Response._meta.db_table
        columns = ["service_id", "day", "included"] + [f"u{i}" for i in range(1, 10)]
        dump = Path(var) / "responses.csv"
        with connection.cursor() as cursor, dump.open("w", newline="") as handle:
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608
            writer = csv.writer(handle)
            writer.writerow(columns)
            while batch := cursor.fetchmany(50_000):
                writer.writerows(batch)
        duck = duckdb.connect()
        types = {"service_id": "BIGINT", "day": "DATE", "included": "BOOLEAN"} | {
            f"u{i}": "SMALLINT" for i in range(1, 10)
        }
        duck.execute(
            f"CREATE TABLE responses AS SELECT * FROM read_csv('{dump}', header = true, columns = {types})"  # noqa: S608
        )

        def duck_query() -> IkmResult:
            aggregates = ", ".join(f"count(u{i}), coalesce(sum(u{i}), 0)" for i in range(1, 10))
            row = duck.execute(  # noqa: S608  (constant names; the ids are integers from the database)
                f"SELECT count(*), {aggregates} FROM responses WHERE included AND day BETWEEN ? AND ? "  # noqa: S608
                f"AND service_id IN ({', '.join(map(str, service_ids))})",
                [period.starts_on, period.ends_on],
            ).fetchone()
            tally = Tally(n=row[0], counts=tuple(row[1::2]), sums=tuple(int(v) for v in row[2::2]))
            return IkmResult(tally=tally)

        nyata_ms, ours = _median_ms(nyata_query)
        duck_ms, theirs = _median_ms(duck_query)
        if ours.tally != theirs.tally:
            raise RuntimeError(f"Different figures: {ours.tally} vs {theirs.tally}")
        print(
            json.dumps(
                {
                    "bench": "skm_ikm_query",
                    "responses": Response.objects.count(),
                    "unit_responses_in_period": ours.n,
                    "ikm": float(ours.rounded_ikm()),
                    "mutu": ours.band.mutu,
                    "nyata_ms": round(nyata_ms, 3),
                    "duckdb_ms": round(duck_ms, 3),
                    "speedup": round(duck_ms / nyata_ms, 1),
                    "figures_equal": True,
                    "generate_seconds": round(generated, 1),
                }
            )
        )


if __name__ == "__main__":
    main()
