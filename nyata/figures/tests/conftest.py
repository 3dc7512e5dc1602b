import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from nyata.evaluations.tests.conftest import SMALL_INSTRUMENT, all_windows_open  # noqa: F401
from nyata.figures.actions import Provenance, record_figure
from nyata.figures.models import Kind
from nyata.instruments.models import Instrument

# The small test instrument, its outcome indicator asking the unit's PEKPPP index (scale 1-5).
FED = SMALL_INSTRUMENT.replace(
    "        answer: {kind: number, min: 25, max: 100}\n",
    "        answer: {kind: number, min: 1, max: 5}\n        source: 'data:pekppp'\n",
).replace("title: Indeks kepuasan masyarakat\n", "title: Indeks pelayanan publik (PEKPPP)\n")
KEPMEN = Provenance(
    title="Keputusan Menteri PANRB tentang Hasil PEKPPP Tahun 2025",
    number="3 Tahun 2026",
    date=date(2026, 1, 20),
    url="https://jdih.example.go.id/kepmenpanrb-3-2026.pdf",
)


def make_instrument(source: str, code: str = "uji-data") -> Instrument:
    now = timezone.now()
    return Instrument.objects.create(
        code=code,
        version="2026.1",
        title="Instrumen uji data",
        checksum=hashlib.sha256(source.encode()).hexdigest(),
        source=source,
        status="published",
        loaded_at=now,
        published_at=now,
    )


@pytest.fixture
def fed_instrument(db):
    return make_instrument(FED)


@pytest.fixture
def pekppp(db):
    return Kind.objects.get(key="pekppp")


@pytest.fixture
def dinkes_figure(city, pekppp, inspektorat_admin):
    """Dinkes's 2025 PEKPPP index, 3,85, as KepmenPANRB 3/2026 published it."""
    return record_figure(
        instansi=city.instansi,
        kind=pekppp,
        unit=city.units["dinkes"],
        year=2025,
        value=Decimal("3.85"),
        source=KEPMEN,
        by=inspektorat_admin,
    )
