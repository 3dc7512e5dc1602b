"""rb-pd 2025.2 reproduces its source's main score; rb-pd-proporsi-nasional keeps Nyata's first weighting.

The source (the 2025 provincial OPD LKE, shared/reference/lke-rb-perangkat-daerah-2025.csv) scores: the
indikator averaged within a sub-sub-aspek, the sub-sub-aspek weighted by their bobot (summing to 100) and
summed into a sub-aspek, sub-aspek averaged into an aspek, aspek averaged into each RB part, and the two
parts averaged. Each golden case below is computed by hand, and `source_method` recomputes every answer
set from the source's structure alone (data/rb-pd-2025-source-structure.csv: path, sub-sub-aspek bobot,
answer type and parameter values, copied from the reference CSV), independently of the file's weights.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path

import pytest

from nyata.scoring import ScoreResult
from nyata.scoring.tests.test_shipped_instruments import compiled, full_answers, instrument

SOURCE, VARIANT, FIRST = "rb-pd-2025-2.yaml", "rb-pd-proporsi-nasional-2025.yaml", "rb-pd-2025.yaml"
REFERENCE = Path(__file__).resolve().parent / "data" / "rb-pd-2025-source-structure.csv"
ACTION_PLANS_AT_ZERO = {"I.C.1.1.a": "Tidak", "I.C.2.1.a": 0, "II.A.1.1.a": "Tidak", "II.A.2.1.a": 0}
# The SAKIP and Profesionalitas ASN components: the source's parameter values are their maximum points,
# which sum to 100 over the sub-sub-aspek (reference .md, "Skala Linear"): the score is their sum.
COMPONENT_GROUPS = {"I.A.2.1", "I.B.6.1"}


@cache
def reference_rows() -> tuple[dict[str, str], ...]:
    with REFERENCE.open(encoding="utf-8") as file:
        return tuple(csv.DictReader(file))


def mean(values: list[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def source_method(result: ScoreResult) -> Fraction:
    """The source's main score on 0..100 from the engine's exact leaf fractions, grouped by the CSV."""
    weights = {leaf.code: Fraction(leaf.weight) for leaf in instrument(SOURCE).leaves()}
    fractions: dict[str, Fraction | None] = {}
    for row in reference_rows():
        node = result.nodes[row["path"]]
        fractions[row["path"]] = node.exact_score / weights[row["path"]] if node.applicable else None
    by_sssa: dict[str, list[tuple[str, Fraction | None]]] = defaultdict(list)
    bobot: dict[str, Fraction] = {}
    parent: dict[str, str] = {}
    for row in reference_rows():
        sssa = row["path"].rsplit(".", 1)[0]
        by_sssa[sssa].append((row["path"], fractions[row["path"]]))
        bobot[sssa] = Fraction(row["sub_sub_aspek_weight"].strip())
        parent[sssa] = sssa.rsplit(".", 1)[0]
    sssa_scores: dict[str, Fraction] = {}
    for sssa, items in by_sssa.items():
        applicable = [(code, f) for code, f in items if f is not None]
        if not applicable:
            continue
        if sssa in COMPONENT_GROUPS:
            points = {row["path"]: Fraction(row["options"].split("=")[1]) for row in reference_rows()
                      if row["path"].startswith(sssa + ".")}  # fmt: skip
            sssa_scores[sssa] = sum(f * points[code] for code, f in applicable) / sum(
                points[code] for code, _ in applicable
            )
        else:
            sssa_scores[sssa] = mean([f for _, f in applicable])

    def average_up(scores: dict[str, Fraction], weights: dict[str, Fraction] | None) -> dict[str, Fraction]:
        groups: dict[str, list[tuple[Fraction, Fraction]]] = defaultdict(list)
        for code, score in scores.items():
            groups[code.rsplit(".", 1)[0]].append((score, weights[code] if weights else Fraction(1)))
        return {
            code: sum(s * w for s, w in items) / sum(w for _, w in items) for code, items in groups.items()
        }

    sub_aspek = average_up(sssa_scores, bobot)  # the weighted sum, bobot summing to 100
    aspek = average_up(sub_aspek, None)
    parts = average_up(aspek, None)
    return 100 * mean(list(parts.values()))


def score(name: str, answers: dict[str, object], **kwargs) -> ScoreResult:
    return compiled(name).score(answers=answers, **kwargs)


def answered(**changes: object) -> dict[str, object]:
    answers = full_answers(SOURCE)
    answers.update({code.replace("_", "."): value for code, value in changes.items()})
    return answers


def test_the_source_version_and_the_variant_share_the_tree_and_differ_only_in_weights() -> None:
    source, variant = instrument(SOURCE), instrument(VARIANT)
    assert (source.code, source.version, variant.code, variant.version) == (
        "rb-pd",
        "2025.2",
        "rb-pd-proporsi-nasional",
        "2025.1",
    )
    assert [leaf.code for leaf in source.leaves()] == [leaf.code for leaf in variant.leaves()]
    assert [(n.code, n.title, n.answer) for n in source.walk()] == [
        (n.code, n.title, n.answer) for n in variant.walk()
    ]
    # The variant weighs like the first 2025 version; only texts shown to people were corrected.
    first = {node.code: node.weight for node in instrument(FIRST).walk()}
    assert {node.code: node.weight for node in variant.walk()} == first
    assert [(root.code, root.weight) for root in source.nodes] == [("I", 50), ("II", 50)]
    assert {node.weight for node in source.walk() if node.code.count(".") in (1, 2)} == {100}
    assert [node.code for node in source.themes()] == ["II.B.1", "II.B.2", "II.B.3"]


def test_sub_sub_aspek_carry_the_source_bobot() -> None:
    weights = {node.code: node.weight for node in instrument(SOURCE).walk() if node.code.count(".") == 3}
    expected = {
        row["path"].rsplit(".", 1)[0]: Decimal(row["sub_sub_aspek_weight"].strip())
        for row in reference_rows()
    }
    assert weights == expected
    assert (weights["I.A.1.1"], weights["I.A.1.2"], weights["I.A.1.3"]) == (50, 30, 20)


def test_full_marks_with_the_action_plans_at_zero() -> None:
    # Source: RB General = mean(I.A 1, I.B 1, I.C 0) = 2/3, RB Tematik = mean(II.A 0, II.B 1) = 1/2;
    # total = 50 * 2/3 + 50 * 1/2 = 33.333 + 25 = 58.33 (CC). Variant: 100 - I.C 6 - II.A 8.75 = 85.25 (A).
    answers = answered(**{code.replace(".", "_"): value for code, value in ACTION_PLANS_AT_ZERO.items()})
    source, variant = score(SOURCE, answers), score(VARIANT, answers)
    assert (source.total, source.predicate, variant.total, variant.predicate) == (
        Decimal("58.33"),
        "CC",
        Decimal("85.25"),
        "A",
    )
    assert source.exact_total == source_method(source) == Fraction(175, 3)


def test_the_golden_case_of_rb_pd_2025_under_the_source_method() -> None:
    # The answers of test_rb_pd_golden_case_computed_by_hand (89.99, A, under the first weighting):
    # I.A: sub-aspek SPBE 1, SAKIP (24+21+10.5+17.5)/100 = 0.73, IKU C 0.5, TLHP 1, APBD 1, BerAKHLAK 1,
    #      SKM not applicable, ZI 1 -> mean over 7 = 6.23 / 7 = 0.89.
    # I.B: LAPOR = 0.1 * 1 + 0.1 * 1 + 0.8 * mean(1, 1, 14/21) = 0.2 + 0.8 * 8/9 = 0.9111;
    #      I.B = (5 + 0.9111) / 6 = 133/135 = 0.98519.
    # I.C: mean(1, 0.8) = 0.9.   RB General = 50 * (0.89 + 0.98519 + 0.9) / 3 = 7493/162 = 46.2531.
    # RB Tematik: II.A 1, II.B mean(0.4, 1, 1) = 0.8 -> 50 * 1.8 / 2 = 45.   Total 91.2531 -> 91.25 (AA).
    answers = answered(
        I_A_2_1_a=24,
        I_A_2_1_b=21,
        I_A_2_1_c=Decimal("10.5"),
        I_A_2_1_d=Decimal("17.5"),
        I_A_3_1_a="C",
        I_A_7_1_a="na",
        I_A_7_1_b="na",
        I_B_3_3_c={"target": 14, "realized": 21},
        I_C_2_1_a=80,
        II_B_1_1_a=40,
    )
    source = score(SOURCE, answers)
    assert source.exact_total == Fraction(7493, 162) + 45 == source_method(source)
    assert {code: source.nodes[code].fraction for code in ("I.A", "I.B", "I.C", "II.B")} == {
        "I.A": Decimal("0.89"),
        "I.B": Decimal("0.9852"),
        "I.C": Decimal("0.9"),
        "II.B": Decimal("0.8"),
    }
    assert (source.nodes["I"].score, source.nodes["II"].score, source.total, source.predicate) == (
        Decimal("46.25"),
        Decimal("45"),
        Decimal("91.25"),
        "AA",
    )
    assert (score(VARIANT, answers).total, score(VARIANT, answers).predicate) == (Decimal("89.99"), "A")


# An OPD part of the way (every figure plausible), with the action plans at 0: the issue's example, 71.31
# (BB) under the national proportions and 48.59 under the source's method for the same answers.
TYPICAL = {
    "I.A.1.1.a": "2",
    "I.A.1.1.c": "2",
    "I.A.1.3.a": 80,
    "I.A.1.3.b": 60,
    "I.A.1.3.c": 50,
    "I.A.1.3.d": 75,
    "I.A.2.1.a": Decimal("21.5"),
    "I.A.2.1.b": 20,
    "I.A.2.1.c": 10,
    "I.A.2.1.d": 17,
    "I.A.3.1.a": "B",
    "I.A.4.1.a": 80,
    "I.A.4.1.b": 90,
    "I.A.5.1.a": 92,
    "I.A.5.2.a": 60,
    "I.A.6.1.a": Decimal("88.34"),
    "I.A.7.1.a": 82,
    "I.A.7.1.b": 70,
    "I.B.1.1.a": "B",
    "I.B.1.2.a": "C",
    "I.B.1.3.a": "B",
    "I.B.1.6.a": "C",
    "I.B.3.3.b": 85,
    "I.B.3.3.c": {"target": 5, "realized": 7},
    "I.B.4.1.a": 70,
    "I.B.6.1.a": 20,
    "I.B.6.1.b": 30,
    "I.B.6.1.c": 18,
    "I.B.6.1.d": 4,
    "II.B.1.1.a": Decimal("72.98"),
    "II.B.2.1.a": "B",
    "II.B.3.1.a": "C",
    **ACTION_PLANS_AT_ZERO,
}


def test_the_issue_s_example_71_31_bb_under_national_proportions_is_48_59_under_the_source_method() -> None:
    answers = full_answers(SOURCE) | TYPICAL
    source, variant = score(SOURCE, answers), score(VARIANT, answers)
    assert (variant.total, variant.predicate) == (Decimal("71.31"), "BB")
    assert (source.total, source.predicate) == (Decimal("48.59"), "C")
    assert source.exact_total == source_method(source)
    # Why so far apart: the source gives the action-plan aspek a third of RB General (I.C) and half of
    # RB Tematik (II.A), the national proportions 6 and 8.75 of 100.
    assert (source.nodes["I.C"].fraction, source.nodes["II.A"].fraction) == (0, 0)
    assert [root.weight for root in instrument(SOURCE).nodes] == [50, 50]


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"I_A_7_1_a": "na", "I_A_7_1_b": "na", "I_B_2_1_a": "na", "I_B_2_1_b": "na"},
        {"I_A_1_1_a": "3", "I_B_1_3_c": "C", "I_B_5_1_b": "na", "II_B_3_1_a": "E", "I_A_2_1_a": 3},
    ],
)
def test_the_engine_equals_the_source_method_recomputed_from_the_reference(changes: dict) -> None:
    answers = (
        full_answers(SOURCE) | TYPICAL | {code.replace("_", "."): value for code, value in changes.items()}
    )
    result = score(SOURCE, answers)
    assert result.exact_total == source_method(result)


def test_a_theme_left_out_does_not_apply_and_the_others_are_averaged() -> None:
    # Only Digitalisasi Administrasi Pemerintahan chosen: II.B = its B (0.9); II = 50 * mean(0, 0.9) = 22.5.
    answers = full_answers(SOURCE) | TYPICAL
    result = score(SOURCE, answers, excluded=frozenset({"II.B.1", "II.B.3"}))
    assert (result.nodes["II.B.1"].applicable, result.nodes["II.B.3"].applicable) == (False, False)
    assert (result.nodes["II.B"].fraction, result.nodes["II"].score) == (Decimal("0.9"), Decimal("22.5"))
    assert "II.B.1.1.a" not in result.missing
    # Unanswered indicators of a theme left out are not missing either.
    answers.pop("II.B.3.1.a")
    assert "II.B.3.1.a" not in score(SOURCE, answers, excluded=frozenset({"II.B.3"})).missing
