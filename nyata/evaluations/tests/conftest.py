"""A small published instrument and an open period of the test city, with every phase open now."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from nyata.evaluations.actions.periods import assign_team_member, open_period
from nyata.evaluations.models import Phase
from nyata.instruments.models import Instrument
from nyata.org.tests.factories import person_with_role

SMALL_INSTRUMENT = """
code: uji
version: "2026.1"
title: Instrumen uji
legal_basis: [PermenPANRB Nomor 9 Tahun 2023]
answer_types:
  abc:
    kind: choice
    options:
      - {code: A, label: Lengkap, value: 1}
      - {code: B, label: Sebagian, value: 0.5}
      - {code: C, label: Tidak ada, value: 0}
predicates:
  - {code: BAIK, label: Baik, from: 70}
  - {code: KURANG, label: Kurang, from: 0}
nodes:
  - code: I
    title: Komponen pengungkit
    weight: 60
    children:
      - code: I.1
        title: Rencana aksi RB
        weight: 30
        answer: abc
        pengampu: kelembagaan
        evidence:
          - {code: dok-renaksi, title: Dokumen rencana aksi, required: true}
      - code: I.2
        title: Realisasi rencana aksi
        weight: 30
        answer: {kind: percent}
        allow_na: true
  - code: II
    title: Komponen hasil
    weight: 40
    children:
      - code: II.1
        title: Indeks kepuasan masyarakat
        weight: 40
        kind: outcome
        answer: {kind: number, min: 25, max: 100}
"""


def publish_small_instrument() -> Instrument:
    """SMALL_INSTRUMENT, stored and published (browser tests use it too)."""
    now = timezone.now()
    return Instrument.objects.create(
        code="uji",
        version="2026.1",
        title="Instrumen uji",
        checksum=hashlib.sha256(SMALL_INSTRUMENT.encode()).hexdigest(),
        source=SMALL_INSTRUMENT,
        status="published",
        loaded_at=now,
        published_at=now,
    )


@pytest.fixture
def instrument(db):
    return publish_small_instrument()


@pytest.fixture
def all_windows_open():
    now = timezone.now()
    return {phase: (now - timedelta(days=1), now + timedelta(days=10)) for phase in Phase.values}


@pytest.fixture
def period(city, instrument, inspektorat_admin, all_windows_open):
    return open_period(
        instansi=city.instansi,
        year=2026,
        title="Evaluasi RB 2026",
        instrument=instrument,
        units=[city.units["dinkes"], city.units["dikbud"]],
        windows=all_windows_open,
        by=inspektorat_admin,
    )


@pytest.fixture
def assessment(period, city):
    return period.assessments.get(unit=city.units["dinkes"])


@pytest.fixture
def ketua(city):
    return person_with_role(city, role="ketua_tim", unit_code="inspektorat")


@pytest.fixture
def pengendali(city):
    return person_with_role(city, role="pengendali_teknis", unit_code="inspektorat")


@pytest.fixture
def team(assessment, evaluator, ketua, pengendali, inspektorat_admin):
    assign_team_member(assessment=assessment, user=evaluator, tier="evaluator", by=inspektorat_admin)
    assign_team_member(assessment=assessment, user=ketua, tier="ketua_tim", by=inspektorat_admin)
    assign_team_member(assessment=assessment, user=pengendali, tier="pengendali_teknis", by=inspektorat_admin)
    return {"evaluator": evaluator, "ketua_tim": ketua, "pengendali_teknis": pengendali}
