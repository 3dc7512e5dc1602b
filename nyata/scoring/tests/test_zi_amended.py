"""Zona Integritas: PermenPANRB 90/2021 as amended by PermenPANRB 5/2024 (instruments/zi-2024.yaml).

Golden cases computed by hand: the pengungkit total has a minimum (40 of 60 for WBK, 48 of 60 for WBBM)
besides the per-area minimums, and WBBM goes only to a unit that already holds WBK.
"""

from __future__ import annotations

from decimal import Decimal

from nyata.scoring.tests.test_shipped_instruments import (
    ZI_AREAS,
    compiled,
    full_answers,
    instrument,
    node,
    score,
    zero_answer,
)

AMENDED, ORIGINAL = "zi-2024.yaml", "zi-2021.yaml"


def zeroed(*codes: str) -> dict[str, object]:
    return {
        leaf.code: zero_answer(leaf) for code in codes for leaf in node(AMENDED, code).walk() if leaf.is_leaf
    }


def pengungkit_at(*, handled: int, due: int) -> dict[str, object]:
    """Full hasil (40); every area at 60% or more, the pengungkit total set by Penanganan Pengaduan.

    Points taken away (area weight -> what is left, fraction):
      MP 8: Komitmen dalam perubahan 2 + Komitmen pimpinan 1        -> 5     (0.625)
      TL 7: Sistem pemerintahan berbasis elektronik 2 + Keterbukaan 0.5 -> 4.5 (0.6429)
      SDM 10: Penetapan kinerja individu 2 + the reform criterion 2    -> 6     (0.6)
      AK 10: Keterlibatan pimpinan 2.5 + the reform criterion 1.5      -> 6     (0.6)
      PW 15: Mekanisme pengendalian 2.5 + Penanganan pengaduan 3       -> 9.5   (+ 3 * handled / due)
      PP 10: Penanganan pengaduan pelayanan 2.5 + Standar pelayanan 1  -> 6.5   (0.65)
    Pengungkit = 5 + 4.5 + 6 + 6 + 9.5 + 6.5 = 37.5, plus 3 * handled / due.
    """
    answers = full_answers(AMENDED)
    answers.update(
        zeroed(
            "P.MP.RF.1",
            "P.MP.RF.2",
            "P.TL.PM.2",
            "P.TL.PM.3",
            "P.SDM.PM.4",
            "P.SDM.RF.3",
            "P.AK.PM.1",
            "P.AK.RF.2",
            "P.PW.RF.1",
            "P.PW.RF.2",
            "P.PP.RF.2",
            "P.PP.PM.1",
        )
    )
    answers["P.PW.RF.2.a"] = {"target": due, "realized": handled}
    return answers


def test_the_amended_file_is_the_2021_tree_under_2024_awards_citing_5_2024() -> None:
    amended, original = instrument(AMENDED), instrument(ORIGINAL)
    assert (amended.code, amended.version) == ("zi", "2024.1")
    assert (amended.nodes, amended.answer_types) == (original.nodes, original.answer_types)
    assert any("Nomor 5 Tahun 2024" in basis for basis in amended.legal_basis)
    wbk, wbbm = amended.awards
    assert (wbk.code, wbk.node_score_minimums, wbk.requires) == ("WBK", (("P", Decimal(40)),), ())
    assert (wbbm.code, wbbm.node_score_minimums, wbbm.requires) == ("WBBM", (("P", Decimal(48)),), ("WBK",))


def test_pengungkit_39_07_and_total_79_07_gets_no_wbk_although_every_area_and_the_total_pass() -> None:
    # Penanganan pengaduan 157 of 300: 3 * 157/300 = 1.57 -> P = 39.07; hasil 40 -> total 79.07 >= 75.
    answers = pengungkit_at(handled=157, due=300)
    result = score(AMENDED, answers)
    assert (result.nodes["P"].score, result.nodes["H"].score, result.total) == (
        Decimal("39.07"),
        Decimal("40"),
        Decimal("79.07"),
    )
    fractions = {code: result.nodes[code].fraction for code in ZI_AREAS}
    assert fractions == {
        "P.MP": Decimal("0.625"),
        "P.TL": Decimal("0.6429"),
        "P.SDM": Decimal("0.6"),
        "P.AK": Decimal("0.6"),
        "P.PW": Decimal("0.738"),  # (9.5 + 1.57) / 15
        "P.PP": Decimal("0.65"),
    }
    assert (result.awards, result.withheld) == ((), ())
    # The same answers under the 2021 rules, which know no pengungkit minimum: WBK.
    assert score(ORIGINAL, answers).awards == ("WBK",)


def test_pengungkit_of_exactly_40_earns_wbk() -> None:
    # 3 * 5/6 = 2.5 -> P = 40.00, total 80.00.
    result = score(AMENDED, pengungkit_at(handled=5, due=6))
    assert (result.nodes["P"].score, result.total, result.awards) == (Decimal("40"), Decimal("80"), ("WBK",))


def test_wbbm_scores_without_wbk_history_are_refused_and_named_as_withheld() -> None:
    result = score(AMENDED, full_answers(AMENDED))
    assert (result.total, result.awards, result.withheld) == (Decimal("100"), ("WBK",), ("WBBM",))
    assert result.to_dict()["withheld"] == ["WBBM"]


def test_wbbm_goes_to_a_unit_that_holds_wbk() -> None:
    result = compiled(AMENDED).score(answers=full_answers(AMENDED), held_awards=frozenset({"WBK"}))
    assert (result.awards, result.withheld) == (("WBK", "WBBM"), ())
    assert "withheld" not in result.to_dict()


def test_wbbm_needs_a_pengungkit_of_48_even_with_wbk_held_and_every_area_at_75_percent() -> None:
    # Take 12.5 points while every area keeps 75% or more: MP 2 (Komitmen dalam perubahan), TL 1.75 (SOP 1 +
    # Keterbukaan 0.5 + B on one of two SPBE reform criteria 0.25), SDM 2.5 (Penetapan kinerja 2 + Pola
    # mutasi 0.5), AK 2.5 (Keterlibatan pimpinan), PW 3.75 (pengaduan 3 + one gratification criterion 0.75):
    # P = 60 - 12.5 = 47.5 < 48, hasil 40 -> total 87.5 >= 85 (the WBBM total).
    answers = full_answers(AMENDED)
    answers.update(
        zeroed("P.MP.RF.1", "P.TL.PM.1", "P.TL.PM.3", "P.SDM.PM.4", "P.SDM.PM.2", "P.AK.PM.1", "P.PW.RF.2")
    )
    answers.update(zeroed("P.PW.PM.1.a"))
    answers["P.TL.RF.2.a"] = "B"
    result = compiled(AMENDED).score(answers=answers, held_awards=frozenset({"WBK"}))
    assert (result.nodes["P"].score, result.total) == (Decimal("47.5"), Decimal("87.5"))
    assert all(result.nodes[code].fraction >= Decimal("0.75") for code in ZI_AREAS)
    assert (result.awards, result.withheld) == (("WBK",), ())
