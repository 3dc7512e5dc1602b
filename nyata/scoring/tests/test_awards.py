"""Awards such as Zona Integritas WBK/WBBM (PermenPANRB 90/2021; domain.md section 7), computed by hand."""

from __future__ import annotations

from decimal import Decimal

from nyata.scoring.tests.loading import load, score

ZONA_INTEGRITAS = """
code: zi
version: "1"
title: Zona Integritas
weights_sum_to_parent: true
awards:
  - code: WBK
    min_total: 75
    node_minimums: {P.MP: 0.6, P.TL: 0.6, P.SDM: 0.6, P.AK: 0.6, P.PW: 0.6, P.PP: 0.6,
                    H.IPAK: 0.9, H.KIN: 0.5, H.IPKP: 0.8}
  - code: WBBM
    min_total: 85
    node_minimums: {P.MP: 0.75, P.TL: 0.75, P.SDM: 0.75, P.AK: 0.75, P.PW: 0.75, P.PP: 0.75,
                    H.IPAK: 0.9, H.KIN: 0.75, H.IPKP: 0.9}
nodes:
  - code: P
    title: Pengungkit
    weight: 60
    children:
      - {code: P.MP, title: Manajemen Perubahan, weight: 8, answer: {kind: percent}}
      - {code: P.TL, title: Penataan Tatalaksana, weight: 7, answer: {kind: percent}}
      - {code: P.SDM, title: Penataan Sistem Manajemen SDM, weight: 10, answer: {kind: percent}}
      - {code: P.AK, title: Penguatan Akuntabilitas, weight: 10, answer: {kind: percent}}
      - {code: P.PW, title: Penguatan Pengawasan, weight: 15, answer: {kind: percent}}
      - {code: P.PP, title: Peningkatan Kualitas Pelayanan Publik, weight: 10, answer: {kind: percent}}
  - code: H
    title: Hasil
    weight: 40
    children:
      - {code: H.IPAK, title: IPAK, weight: 17.5, answer: {kind: number, min: 0, max: 4}}
      - {code: H.KIN, title: Capaian kinerja, weight: 5, answer: {kind: percent}}
      - {code: H.IPKP, title: IPKP, weight: 17.5, answer: {kind: number, min: 0, max: 4}}
"""
AREAS = ("P.MP", "P.TL", "P.SDM", "P.AK", "P.PW", "P.PP")


def zi_awards(
    *, areas: dict[str, object], ipak: object, kinerja: object, ipkp: object
) -> tuple[Decimal, tuple]:
    result = score(load(ZONA_INTEGRITAS), {**areas, "H.IPAK": ipak, "H.KIN": kinerja, "H.IPKP": ipkp})
    return result.total, result.awards


def test_zi_unit_meeting_every_wbk_minimum_but_below_85_earns_wbk_only() -> None:
    # P = 60 * 0.8 = 48; IPAK 17.5 * 3.6/4 = 15.75 (fraction 0.9); kinerja 5; IPKP 17.5 * 3.4/4 = 14.875
    # total = 48 + 15.75 + 5 + 14.875 = 83.625 -> 83.63: >= 75 and every WBK minimum met; < 85, so no WBBM.
    areas = dict.fromkeys(AREAS, 80)
    assert zi_awards(areas=areas, ipak=Decimal("3.6"), kinerja=100, ipkp=Decimal("3.4")) == (
        Decimal("83.63"),
        ("WBK",),
    )


def test_zi_unit_with_a_high_total_but_one_area_below_60_percent_earns_no_award() -> None:
    # Manajemen Perubahan at 50% (< 60%); everything else full: total = 100 - 8 * 0.5 = 96.
    areas = {**dict.fromkeys(AREAS, 100), "P.MP": 50}
    assert zi_awards(areas=areas, ipak=4, kinerja=100, ipkp=4) == (Decimal("96.00"), ())


def test_zi_unit_at_95_percent_everywhere_earns_wbk_and_wbbm() -> None:
    # 0.95 of every weight: total 95; IPAK 3.8/4 = 0.95 >= 0.9; kinerja 0.95 >= 0.75
    areas = dict.fromkeys(AREAS, 95)
    result = zi_awards(areas=areas, ipak=Decimal("3.8"), kinerja=95, ipkp=Decimal("3.8"))
    assert result == (Decimal("95.00"), ("WBK", "WBBM"))


def test_award_minimums_are_checked_on_the_rounded_node_fraction() -> None:
    # P.MP at 59.996%: fraction 0.59996 -> 0.6000, which meets the 0.6 minimum (the exact value would not).
    # P = 8 * 0.59996 + 52 * 0.8 = 4.79968 + 41.6 = 46.39968; H = 15.75 + 5 + 14.875 = 35.625
    # total = 82.02468 -> 82.02
    areas = {**dict.fromkeys(AREAS, 80), "P.MP": Decimal("59.996")}
    assert zi_awards(areas=areas, ipak=Decimal("3.6"), kinerja=100, ipkp=Decimal("3.4")) == (
        Decimal("82.02"),
        ("WBK",),
    )
    areas["P.MP"] = Decimal("59.994")  # 0.59994 -> 0.5999 < 0.6
    assert zi_awards(areas=areas, ipak=Decimal("3.6"), kinerja=100, ipkp=Decimal("3.4"))[1] == ()
