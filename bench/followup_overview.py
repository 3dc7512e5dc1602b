"""The follow-up overview (completion per OPD and for the city, with ageing) of a city of 31 units and of a
province of 1,000 units, 40 items each in every state: SQL queries per page (the same whatever the size) and
median server CPU time against the health check.

Built with bulk_create in a temporary SQLite database; requested in-process by Django's test client as the
Inspektorat administrator. Prints one JSON line."""

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (31, 1000)
ITEMS_PER_UNIT = 40
ROUNDS = 5


def build(instrument, size: int, code: str):
    from django.utils import timezone

    from nyata.evaluations.models import Assessment, Finding, Period, Recommendation
    from nyata.followups.models import Item, Schedule
    from nyata.org.models import Instansi, Membership, Role, Unit, User

    instansi = Instansi.objects.create(code=code, name=f"Bench {size}", time_zone="Asia/Makassar")
    units = Unit.objects.bulk_create(
        Unit(instansi=instansi, code=f"opd-{i}", name=f"OPD {i:04d}", kind=Unit.Kind.OPD) for i in range(size)
    )
    inspektorat = Unit.objects.create(
        instansi=instansi, code="insp", name="Inspektorat", kind=Unit.Kind.INSPEKTORAT
    )
    admin = User.objects.create(username=f"admin.{code}", name="Admin", instansi=instansi)
    Membership.objects.create(user=admin, unit=inspektorat, role=Role.INSPEKTORAT_ADMIN)
    period = Period.objects.create(
        instansi=instansi,
        year=2024,
        title="Evaluasi 2024",
        instrument=instrument,
        status=Period.Status.FINALISED,
        finalised_at=timezone.now(),
    )
    Schedule.objects.create(period=period, default_due=date(2025, 3, 31), opened_by=admin)
    assessments = Assessment.objects.bulk_create(
        Assessment(period=period, unit=unit, status=Assessment.Status.FINALISED) for unit in units
    )
    findings = Finding.objects.bulk_create(
        (Finding(assessment=a, node="I.A", condition="Kondisi", written_by=admin) for a in assessments),
        batch_size=1000,
    )
    recommendations = Recommendation.objects.bulk_create(
        (
            Recommendation(finding=f, position=p, text=f"Rekomendasi {p}")
            for f in findings
            for p in range(1, ITEMS_PER_UNIT + 1)
        ),
        batch_size=2000,
    )
    stages = [
        ("with_opd", "not_started"),
        ("verifying", "not_started"),
        ("with_opd", "in_progress"),
        ("closed", "done"),
        ("approval", "cannot"),
        ("closed", "cannot"),
    ]
    today = date.today()
    items = []
    for index, recommendation in enumerate(recommendations):
        stage, status = stages[index % len(stages)]
        assessment = assessments[index // ITEMS_PER_UNIT]
        items.append(
            Item(
                recommendation=recommendation,
                assessment=assessment,
                unit_id=assessment.unit_id,
                period=period,
                node="I.A",
                due=today - timedelta(days=(index * 7) % 400 - 60),
                stage=stage,
                status=status,
                reason="Alasan" if status == "cannot" else "",
            )
        )
    Item.objects.bulk_create(items, batch_size=2000)
    return instansi, admin, period


def measure(instansi, admin, period) -> dict:
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(admin)
    url = reverse("followups:overview", args=[instansi.code]) + f"?periode={period.pk}"
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    count = len(queries.captured_queries)  # read now: the log is a window that later requests move
    page, health = [], []
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
    }


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="nyata-bench-") as var:
        os.environ.update({"NYATA_VAR_DIR": var, "NYATA_ENV": "development", "NYATA_DEBUG": "false"})
        os.environ.pop("DATABASE_URL", None)
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
        figures = {size: measure(*build(instrument, size, f"bench-{size}")) for size in SIZES}
    small, large = figures[SIZES[0]], figures[SIZES[1]]
    print(
        json.dumps(
            {
                "bench": "followup_overview",
                "database": "sqlite",
                "items_per_unit": ITEMS_PER_UNIT,
                "units_small": SIZES[0],
                "units_large": SIZES[1],
                "queries_small": small["queries"],
                "queries_large": large["queries"],
                "constant_queries": small["queries"] == large["queries"],
                "page_ms_small": small["page_ms"],
                "page_ms_large": large["page_ms"],
                "minimal_ms": small["minimal_ms"],
            }
        )
    )


if __name__ == "__main__":
    main()
