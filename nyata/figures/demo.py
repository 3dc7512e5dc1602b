"""The demo's outside figures: the 2025 public-service index (PEKPPP) of the Kendari OPD, fictional values
with example-domain document links, recorded by the demo Inspektorat admin. One OPD has none yet (the
decree does not cover every unit), so the pages show a unit without a figure too. Runs again unchanged."""

import hashlib
from datetime import date
from decimal import Decimal

from nyata.figures.actions import Provenance, record_figure
from nyata.figures.models import Figure, Kind
from nyata.org.models import Unit, User

YEAR = 2025
SOURCE = Provenance(
    title="Keputusan Menteri PANRB tentang Hasil Pemantauan dan Evaluasi Kinerja Penyelenggaraan Pelayanan "
    "Publik Tahun 2025",
    number="3 Tahun 2026",
    date=date(2026, 1, 20),
    url="https://jdih.example.go.id/kepmenpanrb-3-2026.pdf",
)


def demo_value(code: str) -> Decimal:
    """A fictional index from 2,80 to 4,79, the same for a unit code on every run."""
    step = int(hashlib.sha256(code.encode()).hexdigest()[:4], 16) % 200
    return Decimal("2.80") + Decimal(step) / 100


def load_demo(*, instansi, stdout) -> None:
    admin = User.objects.filter(username="admin.inspektorat").first()
    kind = Kind.objects.filter(key="pekppp").first()
    if admin is None or kind is None:
        stdout.write("Figures: the demo Inspektorat admin or the PEKPPP kind is missing; skipped.\n")
        return
    units = list(Unit.objects.filter(instansi=instansi, kind=Unit.Kind.OPD, is_active=True).order_by("name"))
    recorded = 0
    for unit in units[:-1]:  # the last OPD has no figure yet
        if Figure.objects.filter(kind=kind, unit=unit, year=YEAR).exists():
            continue
        record_figure(
            instansi=instansi,
            kind=kind,
            unit=unit,
            year=YEAR,
            value=demo_value(unit.code),
            source=SOURCE,
            by=admin,
        )
        recorded += 1
    if recorded:
        stdout.write(f"Figures: {kind.name} {YEAR} recorded for {recorded} OPD.\n")
