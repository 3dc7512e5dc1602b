"""Scenes of a realistic size for query-count tests: an instansi with many OPD, periods open over them,
assessments moved to a stage in bulk (the stage's own work is not what these tests measure)."""

import hashlib

from django.utils import timezone

from nyata.evaluations.actions.periods import open_period
from nyata.evaluations.models import Assessment, Period
from nyata.instruments.models import Instrument
from nyata.org.models import Unit
from nyata.org.tests.factories import UnitFactory

# Two RB areas and an indicator of no area: kelembagaan (Bagian Organisasi in the test city) and
# sdm-aparatur (a second unit pengampu the scene adds).
TWO_AREAS = """
code: dua-area
version: "2026.1"
title: Instrumen dua area
answer_types:
  abc:
    kind: choice
    options:
      - {code: A, label: Lengkap, value: 1}
      - {code: B, label: Sebagian, value: 0.5}
predicates:
  - {code: BAIK, label: Baik, from: 0}
nodes:
  - code: I
    title: Komponen
    weight: 100
    children:
      - {code: I.1, title: Struktur organisasi, weight: 20, answer: abc, pengampu: kelembagaan}
      - {code: I.2, title: Tata laksana, weight: 20, answer: abc, pengampu: kelembagaan}
      - {code: I.3, title: Analisis jabatan, weight: 20, answer: abc, pengampu: kelembagaan}
      - {code: I.4, title: Manajemen ASN, weight: 20, answer: abc, pengampu: sdm-aparatur}
      - {code: I.5, title: Inovasi layanan, weight: 20, answer: abc}
"""


def published(source: str, code: str) -> Instrument:
    now = timezone.now()
    return Instrument.objects.create(
        code=code,
        version="2026.1",
        title=code,
        checksum=hashlib.sha256(source.encode()).hexdigest(),
        source=source,
        status="published",
        loaded_at=now,
        published_at=now,
    )


def add_opd(city, count: int) -> list[Unit]:
    """`count` more OPD in the test city, named so that they sort after Dinas Kesehatan and Dikbud."""
    return [
        UnitFactory(instansi=city.instansi, code=f"opd-{n:03d}", name=f"Satuan Kerja {n:03d}", kind="opd")
        for n in range(1, count + 1)
    ]


def sdm_pengampu(city) -> Unit:
    unit = UnitFactory(
        instansi=city.instansi,
        code="bkpsdm",
        name="Badan Kepegawaian",
        kind="pengampu",
        pengampu_area="sdm-aparatur",
    )
    city.units["bkpsdm"] = unit
    return unit


def open_over(city, instrument, units, admin, windows, *, title: str, year: int = 2026) -> Period:
    return open_period(
        instansi=city.instansi,
        year=year,
        title=title,
        instrument=instrument,
        units=units,
        windows=windows,
        by=admin,
    )


def move(period: Period, status: str, *, units=None) -> None:
    """Put the period's assessments (or those of `units`) at `status`."""
    assessments = Assessment.objects.filter(period=period)
    if units is not None:
        assessments = assessments.filter(unit__in=units)
    assessments.update(status=status)
