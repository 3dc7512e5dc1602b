"""The SKM export of one unit with 65,000 counted responses, as CSV and as XLSX, through the real view.

An export of 65,000 rows once took 37.6 s, beyond gunicorn's 30 s worker timeout (issue 14). This builds
the responses in a temporary SQLite database (one unit, three services, a year, a suggestion on every
fifth), signs in the unit's operator and downloads both files through Django's test client, reading the
body as a browser would. Reports per format: seconds to the first byte, seconds in all, the size, and the
rows read back from the file (header excluded), which must equal the responses. One JSON line.
"""

import csv
import io
import json
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESPONSES = int(os.environ.get("NYATA_BENCH_EXPORT_ROWS", "65000"))


def _setup_django(var: str) -> None:
    os.environ["NYATA_VAR_DIR"] = var
    os.environ.pop("DATABASE_URL", None)
    os.environ["NYATA_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nyata.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _generate():
    from nyata.org import actions as org
    from nyata.surveys import actions
    from nyata.surveys.models import Response

    instansi = org.save_instansi(by=None, name="Kota Bench", code="kota-bench")
    unit = org.save_unit(instansi=instansi, by=None, code="disdukcapil", name="Disdukcapil", kind="opd")
    services = [
        actions.save_service(unit=unit, by=None, name=f"Layanan {i}", population=20000) for i in range(3)
    ]
    period = actions.save_period(
        instansi=instansi, by=None, name="SKM 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
    )
    operator = org.save_person(instansi=instansi, by=None, name="Operator Bench", username="operator.bench")
    org.assign_role(person=operator, role="opd_operator", unit=unit, by=None)
    rng = random.Random(14)
    batch = []
    for index in range(RESPONSES):
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(365))
        batch.append(
            Response(
                service=services[index % 3],
                period=period,
                submitted_at=datetime(day.year, day.month, day.day, 2, rng.randrange(60), tzinfo=UTC),
                day=day,
                sex=rng.choice("LP"),
                age=rng.randrange(17, 70),
                education="sma",
                occupation="swasta",
                suggestion='Antrean; perlu ditambah loket, "cepat"' if index % 5 == 0 else "",
                **{f"u{i}": rng.randrange(1, 5) for i in range(1, 10)},
            )
        )
        if len(batch) == 5000:
            Response.objects.bulk_create(batch)
            batch = []
    Response.objects.bulk_create(batch)
    actions.rebuild_tallies()
    return unit, period, operator


def _download(client, url: str) -> tuple[float, float, bytes]:
    """(seconds to the first byte, seconds in all, the body) of one GET, read as it arrives."""
    started = time.perf_counter()
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    if getattr(response, "streaming", False):
        chunks = iter(response.streaming_content)
        first = next(chunks)
        first_byte = time.perf_counter() - started
        body = first + b"".join(chunks)
    else:
        first_byte = time.perf_counter() - started
        body = response.content
    return first_byte, time.perf_counter() - started, body


def _csv_rows(body: bytes) -> int:
    return sum(1 for _row in csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")) - 1


def _xlsx_rows(body: bytes) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(body), read_only=True)
    return sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True)) - 1


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="nyata-bench-export-") as var:
        _setup_django(var)
        from django.test import Client
        from django.urls import reverse

        generated = time.perf_counter()
        unit, period, operator = _generate()
        generated = time.perf_counter() - generated
        client = Client()
        client.force_login(operator)
        result = {"bench": "skm_export", "responses": RESPONSES, "generate_seconds": round(generated, 1)}
        for fmt, count_rows in (("csv", _csv_rows), ("xlsx", _xlsx_rows)):
            url = reverse("surveys:export", args=[unit.instansi.code, unit.pk, fmt]) + f"?periode={period.pk}"
            first_byte, total, body = _download(client, url)
            rows = count_rows(body)
            if rows != RESPONSES:
                raise RuntimeError(f"{fmt}: {rows} rows read back, {RESPONSES} expected")
            result |= {
                f"{fmt}_first_byte_s": round(first_byte, 3),
                f"{fmt}_total_s": round(total, 2),
                f"{fmt}_bytes": len(body),
                f"{fmt}_rows": rows,
            }
        print(json.dumps(result))


if __name__ == "__main__":
    main()
