"""Long report work on the real task worker: every LHE of 31 units (27 OPD + 4 unit pengampu) as one zip
(PDF and Word of each), and the period workbook of 31 units x 107 indicators of rb-pd, each with findings,
evidence and every tier's review; then the same zip again with unchanged results (given again, not made).

The period is built with bulk_create and finalised by the real action in a temporary SQLite database; each
file is requested by the reports' action and made by `nyata db_worker --batch` in its own process, whose
wall time and peak resident memory are reported. Prints one JSON line."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

# The worker, with its peak memory printed last (ru_maxrss is in kilobytes on Linux).
WORKER = (
    "import resource, django; django.setup(); "
    "from django.core.management import call_command; "
    "call_command('db_worker', batch=True, interval=0, verbosity=0); "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def build():
    from evaluation_finalise import build as build_reviewed

    from nyata.evaluations.actions.finalise import finalise_period
    from nyata.evaluations.models import Evidence, Finding, Recommendation

    period, admin, indicators = build_reviewed(ROOT / "instruments" / "rb-pd-2025.yaml")
    findings = Finding.objects.bulk_create(
        Finding(
            assessment=assessment,
            node=node,
            condition="Capaian belum didukung data kinerja yang terukur.",
            written_by=admin,
        )
        for assessment in period.assessments.all()
        for node in ("I.A", "II")
    )
    Recommendation.objects.bulk_create(
        Recommendation(finding=finding, text="Susun indikator kinerja yang terukur beserta data dukungnya.")
        for finding in findings
    )
    Evidence.objects.bulk_create(
        Evidence(
            assessment=assessment,
            indicator=code,
            kind="link",
            url=f"https://kendari.example/{assessment.pk}/{code}.pdf",
            name=f"Dokumen {code}",
            uploaded_by=admin,
        )
        for assessment in period.assessments.all()
        for code in ("I.A.1.1.a", "I.A.1.1.b", "I.B.1.1.a")
    )
    finalise_period(period=period, by=admin)
    period.refresh_from_db()
    return period, admin, indicators


def run_worker(env) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", WORKER], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return time.perf_counter() - started, int(done.stdout.strip().splitlines()[-1])


def make(kind, period, admin, env) -> dict:
    from nyata.reports.actions import request_file
    from nyata.reports.models import GeneratedFile

    file = request_file(period=period, kind=kind, by=admin)  # enqueued on commit (autocommit here)
    seconds, peak_kb = run_worker(env)
    file = GeneratedFile.objects.get(pk=file.pk)
    assert file.status == GeneratedFile.Status.DONE, (file.status, file.error)
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(peak_kb / 1024),
        "bytes": file.size,
        "reused": file.reused,
    }


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="nyata-bench-") as var:
        env = {"NYATA_VAR_DIR": var, "NYATA_ENV": "development", "NYATA_DEBUG": "false"}
        os.environ.update(env)
        os.environ.pop("DATABASE_URL", None)  # always the temporary SQLite database
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nyata.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        period, admin, indicators = build()
        units = period.assessments.count()
        worker_env = {**os.environ, "PYTHONPATH": str(ROOT)}
        lhe_zip = make("lhe_zip", period, admin, worker_env)
        workbook = make("workbook", period, admin, worker_env)
        again = make("lhe_zip", period, admin, worker_env)
    assert again["reused"]
    assert not lhe_zip["reused"]
    print(
        json.dumps(
            {
                "bench": "reports_documents",
                "database": "sqlite",
                "units": units,
                "indicators": indicators,
                "lhe_zip_seconds": lhe_zip["seconds"],
                "lhe_zip_mb": round(lhe_zip["bytes"] / 1024 / 1024, 2),
                "lhe_zip_worker_peak_mb": lhe_zip["peak_mb"],
                "workbook_seconds": workbook["seconds"],
                "workbook_mb": round(workbook["bytes"] / 1024 / 1024, 2),
                "workbook_worker_peak_mb": workbook["peak_mb"],
                "unchanged_again_seconds": again["seconds"],
            }
        )
    )


if __name__ == "__main__":
    main()
