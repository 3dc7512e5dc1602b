"""An award that requires another is granted from the unit's award history: WBBM only for a unit that held
WBK before the period's year (PermenPANRB 90/2021 as amended by PermenPANRB 5/2024)."""

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from nyata.evaluations.actions.periods import open_period
from nyata.evaluations.models import Review
from nyata.evaluations.queries.results import score_of_unit
from nyata.instruments.models import Instrument
from nyata.org.actions import record_award

ZI_SMALL = """
code: zi-uji
version: "2024.1"
title: LKE ZI uji
legal_basis: [PermenPANRB Nomor 90 Tahun 2021, PermenPANRB Nomor 5 Tahun 2024]
awards:
  - {code: WBK, min_total: 75, node_score_minimums: {P: 40}}
  - {code: WBBM, min_total: 85, node_score_minimums: {P: 48}, requires: [WBK]}
nodes:
  - {code: P, title: Pengungkit, weight: 60, answer: {kind: percent}}
  - {code: H, title: Hasil, weight: 40, answer: {kind: percent}}
"""


@pytest.fixture
def zi_period(city, inspektorat_admin, all_windows_open):
    now = timezone.now()
    instrument = Instrument.objects.create(
        code="zi-uji",
        version="2024.1",
        title="LKE ZI uji",
        checksum=hashlib.sha256(ZI_SMALL.encode()).hexdigest(),
        source=ZI_SMALL,
        status="published",
        loaded_at=now,
        published_at=now,
    )
    return open_period(
        instansi=city.instansi,
        year=2026,
        title="Evaluasi ZI 2026",
        instrument=instrument,
        units=[city.units["dinkes"], city.units["dikbud"]],
        windows=all_windows_open,
        by=inspektorat_admin,
    )


FULL = {"P": {"number": "100"}, "H": {"number": "100"}}


def test_wbbm_is_granted_to_the_unit_holding_wbk_from_an_earlier_year_and_withheld_from_the_other(
    zi_period, city, inspektorat_admin
):
    dinkes, dikbud = city.units["dinkes"], city.units["dikbud"]
    record_award(
        unit=dinkes, award="WBK", decree_number="A/1", decree_date=date(2025, 12, 1), by=inspektorat_admin
    )
    held = score_of_unit(zi_period, dinkes.pk, FULL)
    assert (held.awards, held.withheld) == (("WBK", "WBBM"), ())
    other = score_of_unit(zi_period, dikbud.pk, FULL)
    assert (other.awards, other.withheld) == (("WBK",), ("WBBM",))


def test_a_wbk_decree_of_the_period_s_own_year_does_not_count(zi_period, city, inspektorat_admin):
    dinkes = city.units["dinkes"]
    record_award(
        unit=dinkes, award="WBK", decree_number="A/1", decree_date=date(2026, 1, 5), by=inspektorat_admin
    )
    assert score_of_unit(zi_period, dinkes.pk, FULL).withheld == ("WBBM",)


def test_pengungkit_below_40_of_60_gets_no_wbk(zi_period, city):
    # P 65.1167% of 60 = 39.07; H 100% = 40; total 79.07.
    result = score_of_unit(
        zi_period, city.units["dinkes"].pk, {"P": {"number": "65.1167"}, "H": {"number": "100"}}
    )
    assert (result.nodes["P"].score, result.total, result.awards) == (Decimal("39.07"), Decimal("79.07"), ())


def test_the_result_page_names_the_award_withheld_for_lack_of_wbk(zi_period, city, client, inspektorat_admin):
    assessment = zi_period.assessments.get(unit=city.units["dikbud"])
    for code in ("P", "H"):
        Review.objects.create(
            assessment=assessment,
            indicator=code,
            tier="evaluator",
            value={"number": "100"},
            verdict="agree",
            updated_by=inspektorat_admin,
        )
    client.force_login(inspektorat_admin)
    url = reverse("evaluations:result", args=[city.instansi.code, zi_period.pk, assessment.pk])
    body = client.get(url).content.decode()
    assert 'id="awards"' in body
    assert "Nilai memenuhi syarat WBBM, tetapi riwayat predikat unit ini belum memuat prasyaratnya" in body
