"""Seconds to finalise a period of 31 units (27 OPD + 4 unit pengampu) with rb-pd fully answered and
reviewed: the engine scores every unit twice (final and proposed), stores each Result and locks the period.

The data is built with bulk_create in a temporary SQLite database (the finalisation itself runs the real
action). Prints one JSON line."""

import json
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parent.parent
UNITS = 31


def build(instrument_path: Path):
    from django.utils import timezone

    from nyata.evaluations.demo import answers as demo_answers
    from nyata.evaluations.instrument import definition_of
    from nyata.evaluations.models import Answer, Assessment, Period, Phase, PhaseWindow, Review
    from nyata.instruments.actions import load_instrument
    from nyata.org.models import Instansi, Unit, User

    instrument = load_instrument(data=instrument_path.read_bytes(), by=None, publish=True).instrument
    instansi = Instansi.objects.create(code="kota-bench", name="Kota Bench", time_zone="Asia/Makassar")
    units = Unit.objects.bulk_create(
        Unit(instansi=instansi, code=f"opd-{i}", name=f"OPD {i:02d}", kind=Unit.Kind.OPD)
        for i in range(UNITS)
    )
    admin = User.objects.create(username="admin.bench", name="Admin", instansi=instansi)
    period = Period.objects.create(instansi=instansi, year=2026, title="Bench", instrument=instrument)
    now = timezone.now()
    PhaseWindow.objects.bulk_create(
        PhaseWindow(
            period=period, phase=phase, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=1)
        )
        for phase in Phase.values
    )
    assessments = Assessment.objects.bulk_create(
        # Reviewed and released: a unit is finalised only after its OPD could appeal.
        Assessment(period=period, unit=unit, status=Assessment.Status.REVIEWED, released_at=now)
        for unit in units
    )
    leaves = definition_of(instrument).leaves()
    answers, reviews = demo_answers.answered_and_reviewed(assessments, leaves, by=admin, rng=Random(31))
    Answer.objects.bulk_create(answers, batch_size=2000)
    Review.objects.bulk_create(reviews, batch_size=2000)
    return period, admin, len(leaves)


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
        from nyata.evaluations.actions.finalise import finalise_period
        from nyata.evaluations.models import Result

        period, admin, indicators = build(ROOT / "instruments" / "rb-pd-2025.yaml")
        started = time.perf_counter()
        finalise_period(period=period, by=admin)
        seconds = time.perf_counter() - started
        assert Result.objects.filter(assessment__period=period).count() == UNITS
    print(
        json.dumps(
            {
                "bench": "evaluation_finalise",
                "database": "sqlite",
                "units": UNITS,
                "indicators": indicators,
                "finalise_seconds": round(seconds, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
