"""The dashboard of results for a city of 31 units and a province of 1,000 units, each with three finished
(published) periods, an open period and a year of SKM tallies: SQL queries per page (the same whatever the
size) and median server CPU time against the smallest view of the same site (the health check, through the
same middleware).

Built with bulk_create in a temporary SQLite database (the results are the engine's, scored per unit);
the page is requested in-process by Django's test client as the pimpinan. Prints one JSON line."""

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parent.parent
SIZES = (31, 1000)
YEARS = (2023, 2024, 2025)
ROUNDS = 7


def build(instrument, size: int, code: str):
    from django.utils import timezone

    from nyata.evaluations import values
    from nyata.evaluations.demo import answers as demo_answers
    from nyata.evaluations.instrument import compiled_of, definition_of
    from nyata.evaluations.models import Assessment, Period, Phase, PhaseWindow, Result
    from nyata.org.models import Instansi, Membership, Role, Unit, User
    from nyata.scoring import ENGINE_VERSION
    from nyata.surveys.models import Service, ServiceDayTally, SurveyPeriod

    instansi = Instansi.objects.create(code=code, name=f"Bench {size}", time_zone="Asia/Makassar")
    units = Unit.objects.bulk_create(
        Unit(instansi=instansi, code=f"opd-{i}", name=f"OPD {i:04d}", kind=Unit.Kind.OPD) for i in range(size)
    )
    setda = Unit.objects.create(instansi=instansi, code="setda", name="Setda", kind=Unit.Kind.PIMPINAN)
    leader = User.objects.create(username=f"pimpinan.{code}", name="Pimpinan", instansi=instansi)
    Membership.objects.create(user=leader, unit=setda, role=Role.PIMPINAN)
    leaves = definition_of(instrument).leaves()
    compiled = compiled_of(instrument)
    rng = Random(size)
    now = timezone.now()
    previous = None
    for year in YEARS:
        period = Period.objects.create(
            instansi=instansi,
            year=year,
            title=f"Evaluasi {year}",
            instrument=instrument,
            previous=previous,
            status=Period.Status.FINALISED,
            finalised_at=now,
        )
        assessments = Assessment.objects.bulk_create(
            Assessment(period=period, unit=unit, status=Assessment.Status.FINALISED) for unit in units
        )
        results = []
        for assessment in assessments:
            maturity = 0.3 + 0.65 * rng.random()
            final = {node.code: demo_answers.plausible_value(node, maturity, rng) for node in leaves}
            scored = compiled.score(answers=values.engine_answers(final))
            results.append(
                Result(
                    assessment=assessment,
                    total=scored.total,
                    max_total=scored.max_total,
                    predicate=scored.predicate or "",
                    proposed_total=scored.total,
                    detail=scored.to_dict(),
                    final_values=final,
                    instrument_checksum=instrument.checksum,
                    engine_version=ENGINE_VERSION,
                )
            )
        Result.objects.bulk_create(results, batch_size=500)
        previous = period
    running = Period.objects.create(
        instansi=instansi, year=2026, title="Evaluasi 2026", instrument=instrument
    )
    Assessment.objects.bulk_create(Assessment(period=running, unit=unit) for unit in units)
    PhaseWindow.objects.bulk_create(
        PhaseWindow(
            period=running,
            phase=phase,
            starts_at=now + timedelta(days=i * 10),
            ends_at=now + timedelta(days=i * 10 + 9),
        )
        for i, phase in enumerate(Phase.values)
    )
    SurveyPeriod.objects.create(
        instansi=instansi, name="SKM 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
    )
    services = Service.objects.bulk_create(
        Service(unit=unit, name="Layanan", population=500, public_code=f"{size:04d}{i:06d}")
        for i, unit in enumerate(units)
    )
    tallies = []
    for service in services:
        for month in range(1, 13):
            n = rng.randint(5, 40)
            counts = {f"c{i}": n for i in range(1, 10)}
            sums = {f"s{i}": n * rng.randint(2, 4) for i in range(1, 10)}
            tallies.append(ServiceDayTally(service=service, day=date(2025, month, 15), n=n, **counts, **sums))
    ServiceDayTally.objects.bulk_create(tallies, batch_size=2000)
    return instansi, leader


def measure(instansi, leader) -> dict:
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    # One connection for the whole run, as a persistent connection would be: the queries of a page are
    # then all counted on it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(leader)
    url = reverse("reports:dashboard", args=[instansi.code])
    response = client.get(url)  # warms the instrument's parse cache
    assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    count = len(queries.captured_queries)
    page, health = [], []
    # CPU time of this process: the machine is shared, and wall time would measure the neighbours too.
    for _round in range(ROUNDS):
        started = time.process_time()
        client.get(url)
        page.append(time.process_time() - started)
        started = time.process_time()
        client.get("/sehat/")
        health.append(time.process_time() - started)
    return {
        "queries": count,
        "page_ms": round(statistics.median(page) * 1000, 1),
        "minimal_ms": round(statistics.median(health) * 1000, 2),
        "bytes": len(response.content),
    }


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="nyata-bench-") as var:
        os.environ.update({"NYATA_VAR_DIR": var, "NYATA_ENV": "development", "NYATA_DEBUG": "false"})
        os.environ.pop("DATABASE_URL", None)  # always the temporary SQLite database
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nyata.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.ALLOWED_HOSTS = ["testserver"]
        settings.STORAGES["staticfiles"] = {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
        call_command("migrate", verbosity=0)
        from nyata.instruments.actions import load_instrument

        instrument = load_instrument(
            data=(ROOT / "instruments" / "rb-pd-2025.yaml").read_bytes(), by=None, publish=True
        ).instrument
        figures = {}
        for size in SIZES:
            instansi, leader = build(instrument, size, f"bench-{size}")
            figures[size] = measure(instansi, leader)
    small, large = figures[SIZES[0]], figures[SIZES[1]]
    print(
        json.dumps(
            {
                "bench": "reports_dashboard",
                "database": "sqlite",
                "periods_per_city": len(YEARS) + 1,
                "units_small": SIZES[0],
                "units_large": SIZES[1],
                "queries_small": small["queries"],
                "queries_large": large["queries"],
                "constant_queries": small["queries"] == large["queries"],
                "page_ms_small": small["page_ms"],
                "page_ms_large": large["page_ms"],
                "minimal_ms": small["minimal_ms"],
                "ratio_small": round(small["page_ms"] / small["minimal_ms"], 1),
                "ratio_large": round(large["page_ms"] / large["minimal_ms"], 1),
                "page_kb_large": round(large["bytes"] / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()
