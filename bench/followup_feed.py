"""Seconds to fill the follow-up and action-plan indicators (`source: follow-up`, `source: action-plan`, rb-pd
2025.3) of a period of 31 units, beside the finalisation benchmark (bench/evaluation_finalise.py, the same
31 units): each unit has 40 recommendations of the previous period in every state and an approved plan of
10 activities realised and desk-reviewed for TW I-III. Measures the first fill (answers written, audited,
on the timeline) and a refresh that changes nothing, with the SQL queries per unit of each.

The data is built with bulk_create in a temporary SQLite database; the fill runs the real action
(nyata.evaluations.actions.feeds.fill_from_sources). Prints one JSON line."""

import json
import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
UNITS = 31
ITEMS_PER_UNIT = 40
ACTIVITIES_PER_PLAN = 10
ZONE = ZoneInfo("Asia/Makassar")


def _previous(instansi, instrument, units, admin):
    """The finalised 2024 period, its follow-up open, 40 items per unit in every state."""
    from django.utils import timezone

    from nyata.evaluations.models import Assessment, Finding, Period, Recommendation
    from nyata.followups.models import Item, Schedule

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
        Finding(assessment=a, node="I.A", condition="Kondisi", written_by=admin) for a in assessments
    )
    recommendations = Recommendation.objects.bulk_create(
        (
            Recommendation(finding=f, position=p, text=f"Rekomendasi {p}")
            for f in findings
            for p in range(1, ITEMS_PER_UNIT + 1)
        ),
        batch_size=2000,
    )
    states = [
        ("with_opd", "not_started", None),
        ("verifying", "not_started", None),
        ("with_opd", "in_progress", None),
        ("closed", "done", datetime(2024, 11, 22, 9, tzinfo=ZONE)),
        ("closed", "done", datetime(2025, 2, 10, 9, tzinfo=ZONE)),
        ("approval", "cannot", None),
        ("closed", "cannot", datetime(2024, 11, 29, 9, tzinfo=ZONE)),
    ]
    items = []
    for index, recommendation in enumerate(recommendations):
        stage, status, closed_at = states[(index * 5 // 3) % len(states)]
        assessment = assessments[index // ITEMS_PER_UNIT]
        items.append(
            Item(
                recommendation=recommendation,
                assessment=assessment,
                unit_id=assessment.unit_id,
                period=period,
                node="I.A",
                due=date(2025, 3, 31),
                stage=stage,
                status=status,
                reason="Alasan" if status == "cannot" else "",
                closed_at=closed_at,
            )
        )
    Item.objects.bulk_create(items, batch_size=2000)
    return period


def _plans(units, admin) -> None:
    """An approved 2025 plan per unit; every activity realised in TW I-III (one in four short), reviewed."""
    from nyata.followups.models import ActionPlan, Activity, DeskReview, Realisation

    plans = ActionPlan.objects.bulk_create(
        ActionPlan(unit=unit, year=2025, status=ActionPlan.Status.APPROVED, created_by=admin)
        for unit in units
    )
    activities = Activity.objects.bulk_create(
        (
            Activity(
                plan=plan,
                position=position,
                name=f"Kegiatan {position}",
                output="Keluaran",
                indicator="Indikator",
                target=Decimal(4),
                target_q1=Decimal(1),
                target_q2=Decimal(1),
                target_q3=Decimal(1),
                target_q4=Decimal(1),
                responsible="Sekretaris",
                node="I.C.2",
            )
            for plan in plans
            for position in range(1, ACTIVITIES_PER_PLAN + 1)
        ),
        batch_size=2000,
    )
    Realisation.objects.bulk_create(
        (
            Realisation(
                activity=activity,
                quarter=quarter,
                value=Decimal(0) if (index + quarter) % 4 == 0 else Decimal(1),
                evidence_url="https://data.bench.example/renaksi",
                entered_by=admin,
            )
            for index, activity in enumerate(activities)
            for quarter in (1, 2, 3)
        ),
        batch_size=2000,
    )
    DeskReview.objects.bulk_create(
        DeskReview(plan=plan, quarter=quarter, note="Sesuai bukti.", written_by=admin)
        for plan in plans
        for quarter in (1, 2, 3)
    )


def build(instrument_path: Path):
    from django.utils import timezone

    from nyata.evaluations.models import Assessment, Period, Phase, PhaseWindow
    from nyata.instruments.actions import load_instrument
    from nyata.org.models import Instansi, Unit, User

    instrument = load_instrument(data=instrument_path.read_bytes(), by=None, publish=True).instrument
    instansi = Instansi.objects.create(code="kota-bench", name="Kota Bench", time_zone="Asia/Makassar")
    units = Unit.objects.bulk_create(
        Unit(instansi=instansi, code=f"opd-{i}", name=f"OPD {i:02d}", kind=Unit.Kind.OPD)
        for i in range(UNITS)
    )
    admin = User.objects.create(username="admin.bench", name="Admin", instansi=instansi)
    previous = _previous(instansi, instrument, units, admin)
    _plans(units, admin)
    period = Period.objects.create(
        instansi=instansi, year=2025, title="Evaluasi 2025", instrument=instrument, previous=previous
    )
    now = timezone.now()
    PhaseWindow.objects.bulk_create(
        PhaseWindow(
            period=period, phase=phase, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=10)
        )
        for phase in Phase.values
    )
    Assessment.objects.bulk_create(Assessment(period=period, unit=unit) for unit in units)
    assessments = list(Assessment.objects.filter(period=period).select_related("period__instansi", "unit"))
    return assessments, admin


def fill(assessments, admin) -> tuple[float, int, int]:
    """Seconds, SQL queries and answers changed for filling both sources of every assessment."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nyata.evaluations.actions.feeds import fill_from_sources

    changed = 0
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        for assessment in assessments:
            for name in ("follow-up", "action-plan"):
                changed += len(fill_from_sources(assessment=assessment, by=admin, only=name))
        seconds = time.perf_counter() - started
    return seconds, len(queries.captured_queries), changed


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="nyata-bench-") as var:
        os.environ.update({"NYATA_VAR_DIR": var, "NYATA_ENV": "development", "NYATA_DEBUG": "false"})
        os.environ.pop("DATABASE_URL", None)  # always the temporary SQLite database
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nyata.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from nyata.evaluations.models import Answer

        assessments, admin = build(ROOT / "instruments" / "rb-pd-2025-3.yaml")
        first_seconds, first_queries, changed = fill(assessments, admin)
        refresh_seconds, refresh_queries, unchanged = fill(assessments, admin)
        assert changed == 2 * UNITS, changed
        assert unchanged == 0, unchanged
        filled = Answer.objects.filter(indicator__in=["I.A.4.1.b", "I.C.2.1.a"]).exclude(value=None).count()
        assert filled == 2 * UNITS
    print(
        json.dumps(
            {
                "bench": "followup_feed",
                "database": "sqlite",
                "units": UNITS,
                "items_per_unit": ITEMS_PER_UNIT,
                "activities_per_plan": ACTIVITIES_PER_PLAN,
                "fill_seconds": round(first_seconds, 3),
                "fill_queries_per_unit": round(first_queries / UNITS, 1),
                "refresh_seconds": round(refresh_seconds, 3),
                "refresh_queries_per_unit": round(refresh_queries / UNITS, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
