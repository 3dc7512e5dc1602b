"""Golden cases computed by hand; the arithmetic is written next to each expected figure."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from nyata.scoring.tests.loading import load, score

GOLDEN = """
code: golden
version: "1"
title: Golden
weights_sum_to_parent: true
answer_types:
  ya_tidak:
    kind: choice
    options:
      - {code: "Ya", label: "Ya", value: 1}
      - {code: "Tidak", label: "Tidak", value: 0}
  a_e:
    kind: choice
    options:
      - {code: A, label: A, value: 1}
      - {code: B, label: B, value: 0.75}
      - {code: C, label: C, value: 0.5}
      - {code: D, label: D, value: 0.25}
      - {code: E, label: E, value: 0}
predicates:
  - {code: AA, label: Sangat Memuaskan, from: 90, from_inclusive: false}
  - {code: A, label: Memuaskan, from: 80, from_inclusive: false}
  - {code: BB, label: Sangat Baik, from: 70, from_inclusive: false}
  - {code: B, label: Baik, from: 60, from_inclusive: false}
  - {code: CC, label: Cukup, from: 50, from_inclusive: false}
  - {code: C, label: Kurang, from: 30, from_inclusive: false}
  - {code: D, label: Sangat Kurang, from: 0}
nodes:
  - code: I
    title: RB General
    weight: 65
    children:
      - code: I.A
        title: A
        weight: 30
        children:
          - {code: I.A.1, title: n, weight: 10, answer: {kind: number, min: 0, max: 100}}
          - {code: I.A.2, title: p, weight: 10, answer: {kind: percent}}
          - {code: I.A.3, title: t, weight: 10, answer: {kind: target}}
      - code: I.B
        title: B
        weight: 20
        children:
          - {code: I.B.1, title: c, weight: 5, answer: a_e}
          - {code: I.B.2, title: y, weight: 5, answer: ya_tidak}
          - code: I.B.3
            title: l
            weight: 10
            answer: {kind: number, min: 0, max: 5, higher_is_better: false}
      - code: I.C
        title: C
        weight: 15
        children:
          - {code: I.C.1, title: tl, weight: 7.5, answer: {kind: target, higher_is_better: false}}
          - {code: I.C.2, title: c2, weight: 7.5, answer: a_e}
  - code: II
    title: RB Tematik
    weight: 35
    children:
      - {code: II.A, title: p, weight: 20, answer: {kind: percent}}
      - {code: II.B, title: y, weight: 15, answer: ya_tidak}
"""

GOLDEN_ANSWERS = {
    "I.A.1": 85,  # 10 * 85/100 = 8.5
    "I.A.2": Decimal("72.5"),  # 10 * 72.5/100 = 7.25
    "I.A.3": {"target": 12, "realized": 9},  # 10 * min(9/12, 1) = 7.5
    "I.B.1": "B",  # 5 * 0.75 = 3.75
    "I.B.2": "Ya",  # 5 * 1 = 5
    "I.B.3": 1,  # lower is better: 10 * (1 - (1-0)/(5-0)) = 8
    "I.C.1": {"target": 30, "realized": 40},  # lower is better: 7.5 * min(30/40, 1) = 5.625
    # I.C.2 unanswered: 0, and listed as missing
    "II.A": 50,  # 20 * 0.5 = 10
    "II.B": "Tidak",  # 15 * 0 = 0
}


def test_golden_instrument_scores_every_node_as_computed_by_hand() -> None:
    result = score(load(GOLDEN), GOLDEN_ANSWERS)
    # I.A = 8.5 + 7.25 + 7.5 = 23.25; I.B = 3.75 + 5 + 8 = 16.75; I.C = 5.625 + 0 = 5.625
    # I = 23.25 + 16.75 + 5.625 = 45.625 -> 45.63 (half-up); fraction 45.625/65 = 0.701923.. -> 0.7019
    # II = 10 + 0 = 10; total = 45.625 + 10 = 55.625 -> 55.63, band CC (> 50)
    assert result.exact_total == Fraction("55.625")
    assert result.to_dict() == {
        "instrument": "golden",
        "version": "1",
        "total": 55.63,
        "max_total": 100.0,
        "predicate": "CC",
        "awards": [],
        "nodes": {
            "I": {"score": 45.63, "max": 65.0, "fraction": 0.7019, "applicable": True},
            "I.A": {"score": 23.25, "max": 30.0, "fraction": 0.775, "applicable": True},
            "I.A.1": {"score": 8.5, "max": 10.0, "fraction": 0.85, "applicable": True},
            "I.A.2": {"score": 7.25, "max": 10.0, "fraction": 0.725, "applicable": True},
            "I.A.3": {"score": 7.5, "max": 10.0, "fraction": 0.75, "applicable": True},
            "I.B": {"score": 16.75, "max": 20.0, "fraction": 0.8375, "applicable": True},
            "I.B.1": {"score": 3.75, "max": 5.0, "fraction": 0.75, "applicable": True},
            "I.B.2": {"score": 5.0, "max": 5.0, "fraction": 1.0, "applicable": True},
            "I.B.3": {"score": 8.0, "max": 10.0, "fraction": 0.8, "applicable": True},
            # 5.625 -> 5.63; 5.625/15 = 0.375
            "I.C": {"score": 5.63, "max": 15.0, "fraction": 0.375, "applicable": True},
            "I.C.1": {"score": 5.63, "max": 7.5, "fraction": 0.75, "applicable": True},
            "I.C.2": {"score": 0.0, "max": 7.5, "fraction": 0.0, "applicable": True},
            "II": {"score": 10.0, "max": 35.0, "fraction": 0.2857, "applicable": True},  # 10/35 = 0.285714..
            "II.A": {"score": 10.0, "max": 20.0, "fraction": 0.5, "applicable": True},
            "II.B": {"score": 0.0, "max": 15.0, "fraction": 0.0, "applicable": True},
        },
        "missing": ["I.C.2"],
        # Weights sum to parents, so every multiplier is 1 and a gain is weight - score:
        # II.B 15, II.A 10, I.C.2 7.5, I.A.2 2.75, I.A.3 2.5, I.B.3 2, I.C.1 1.875 -> 1.88, I.A.1 1.5,
        # I.B.1 1.25; I.B.2 has full marks and gains nothing.
        "gains": [
            {"code": "II.B", "gain": 15.0},
            {"code": "II.A", "gain": 10.0},
            {"code": "I.C.2", "gain": 7.5},
            {"code": "I.A.2", "gain": 2.75},
            {"code": "I.A.3", "gain": 2.5},
            {"code": "I.B.3", "gain": 2.0},
            {"code": "I.C.1", "gain": 1.88},
            {"code": "I.A.1", "gain": 1.5},
            {"code": "I.B.1", "gain": 1.25},
        ],
    }


RENORMALISED = """
code: na
version: "1"
title: Not applicable
predicates:
  - {code: OK, label: ok, from: 40}
nodes:
  - code: G
    title: G
    weight: 100
    children:
      - code: G.1
        title: G.1
        weight: 2
        children:
          - {code: G.1.a, title: a, weight: 1, allow_na: true, answer: {kind: percent}}
          - {code: G.1.b, title: b, weight: 3, answer: {kind: percent}}
      - code: G.2
        title: G.2
        weight: 1
        children:
          - {code: G.2.a, title: a, weight: 1, allow_na: true, answer: {kind: percent}}
      - {code: G.3, title: c, weight: 1, allow_na: true, answer: {kind: percent}}
"""


def test_not_applicable_children_are_left_out_of_the_weighted_average_with_relative_weights() -> None:
    result = score(load(RENORMALISED), {"G.1.a": "na", "G.1.b": 40, "G.2.a": "na", "G.3": 50})
    # G.1: applicable weight 3 (G.1.b only): 2 * (3 * 0.4) / 3 = 0.8, fraction 0.4
    # G.2: its only indicator is na, so G.2 is not applicable: score 0, fraction 0
    # G.3: 1 * 0.5 = 0.5
    # G: applicable weight 2 + 1 = 3: 100 * (0.8 + 0.5) / 3 = 43.333.. -> 43.33
    assert result.exact_total == Fraction(130, 3)
    assert result.total == Decimal("43.33")
    assert result.max_total == Decimal("100.00")
    assert result.predicate == "OK"
    nodes = {code: node.to_dict() for code, node in result.nodes.items()}
    assert nodes == {
        "G": {"score": 43.33, "max": 100.0, "fraction": 0.4333, "applicable": True},
        "G.1": {"score": 0.8, "max": 2.0, "fraction": 0.4, "applicable": True},
        "G.1.a": {"score": 0.0, "max": 1.0, "fraction": 0.0, "applicable": False},
        "G.1.b": {"score": 1.2, "max": 3.0, "fraction": 0.4, "applicable": True},
        "G.2": {"score": 0.0, "max": 1.0, "fraction": 0.0, "applicable": False},
        "G.2.a": {"score": 0.0, "max": 1.0, "fraction": 0.0, "applicable": False},
        "G.3": {"score": 0.5, "max": 1.0, "fraction": 0.5, "applicable": True},
    }
    # Gains multiply through the factors weight / applicable weight of the ancestors:
    # G.1.b: (3 - 1.2) * (2/3) * (100/3) = 40;  G.3: (1 - 0.5) * (100/3) = 16.666.. -> 16.67
    # Check: G.1.b at full marks makes G.1 = 2 and G = 100 * 2.5 / 3 = 83.333..; 83.333.. - 43.333.. = 40.
    assert [(gain.code, gain.gain, gain.exact) for gain in result.gains] == [
        ("G.1.b", Decimal("40.00"), Fraction(40)),
        ("G.3", Decimal("16.67"), Fraction(50, 3)),
    ]
    assert result.missing == ()


def test_an_instrument_whose_every_indicator_is_not_applicable_totals_zero_of_zero() -> None:
    result = score(load(RENORMALISED), {"G.1.a": "na", "G.2.a": "na", "G.3": "na", "G.1.b": 0})
    # G.1.b still applies (answered 0), so G = 100 * 0 / 2 = 0 and max_total stays 100.
    assert (result.total, result.max_total, result.nodes["G"].applicable) == (
        Decimal("0.00"),
        Decimal("100.00"),
        True,
    )


INDEKS_RB = """
code: rb-instansi
version: "1"
title: Indeks RB
predicates:
  - {code: AA, label: Sangat Memuaskan, from: 90, from_inclusive: false}
  - {code: A, label: Memuaskan, from: 80, from_inclusive: false}
  - {code: D, label: Sangat Kurang, from: 0}
nodes:
  - code: G
    title: RB General
    weight: 100
    children:
      - {code: G.A, title: a, weight: 10, answer: {kind: percent}}
      - {code: G.B, title: b, weight: 40, answer: {kind: percent}}
      - {code: G.C, title: c, weight: 50, answer: {kind: percent}}
  - code: T
    title: RB Tematik
    weight: 20
    children:
      - {code: T.1, title: t, weight: 20, answer: {kind: percent}}
"""


def test_the_total_exceeds_100_when_the_roots_weigh_more_than_100() -> None:
    full = score(load(INDEKS_RB), {"G.A": 100, "G.B": 100, "G.C": 100, "T.1": 100})
    # RB General 100 + RB Tematik 20 (domain.md 1.2): 100 + 20 = 120 of 120.
    assert (full.total, full.max_total, full.predicate) == (Decimal("120.00"), Decimal("120.00"), "AA")
    partial = score(load(INDEKS_RB), {"G.A": 50, "G.B": 75, "G.C": 80, "T.1": 40})
    # G = 5 + 30 + 40 = 75; T = 8; total 83 -> band A (> 80).
    assert (partial.total, partial.predicate) == (Decimal("83.00"), "A")


HALVES = """
code: halves
version: "1"
title: Half-up rounding
nodes:
  - {code: X, title: x, weight: 1, answer: {kind: percent}}
  - {code: Y, title: y, weight: 10, answer: {kind: percent}}
  - {code: Z, title: z, weight: 1, answer: {kind: percent}}
"""


def test_scores_and_fractions_round_half_up_not_to_even() -> None:
    result = score(load(HALVES), {"X": Decimal("12.5"), "Y": Decimal("12.345"), "Z": Decimal("99.6")})
    # X: 1 * 0.125 = 0.125 -> 0.13 (banker's rounding would give 0.12)
    assert result.nodes["X"].score == Decimal("0.13")
    # Y: 10 * 0.12345 = 1.2345 -> score 1.23; fraction 0.12345 -> 0.1235 (to even would give 0.1234)
    assert (result.nodes["Y"].score, result.nodes["Y"].fraction) == (Decimal("1.23"), Decimal("0.1235"))
    # total 0.125 + 1.2345 + 0.996 = 2.3555 -> 2.36
    assert result.total == Decimal("2.36")
    # Gains: X 0.875 -> 0.88; Y 8.7655 -> 8.77; Z 0.004 -> 0.00, so Z is not listed at all.
    assert [(gain.code, gain.gain) for gain in result.gains] == [
        ("Y", Decimal("8.77")),
        ("X", Decimal("0.88")),
    ]


def test_a_gain_of_exactly_half_a_cent_rounds_up_and_is_listed() -> None:
    result = score(load(HALVES), {"X": 100, "Y": 100, "Z": Decimal("99.5")})
    # Z: 1 - 0.995 = 0.005 -> 0.01
    assert [(gain.code, gain.gain, gain.exact) for gain in result.gains] == [
        ("Z", Decimal("0.01"), Fraction(1, 200))
    ]


BANDS = """
code: bands
version: "1"
title: Predicates on the rounded total
predicates:
  - {code: AA, label: Sangat Memuaskan, from: 90, from_inclusive: false}
  - {code: A, label: Memuaskan, from: 80, from_inclusive: false}
  - {code: BB, label: Sangat Baik, from: 70, from_inclusive: false}
  - {code: C, label: Kurang, from: 30}
nodes:
  - {code: X, title: x, weight: 100, answer: {kind: number, min: 0, max: 100000}}
"""


def test_the_predicate_is_decided_on_the_rounded_total() -> None:
    instrument = load(BANDS)

    def predicate(answer: int) -> tuple[Decimal, str | None]:
        result = score(instrument, {"X": answer})
        return result.total, result.predicate

    # 100 * 80004 / 100000 = 80.004 -> 80.00, which is not above 80: BB, although the exact total is.
    assert predicate(80004) == (Decimal("80.00"), "BB")
    # 80.005 -> 80.01: A
    assert predicate(80005) == (Decimal("80.01"), "A")
    # exactly 90 is not above 90 (from_inclusive: false): A
    assert predicate(90000) == (Decimal("90.00"), "A")
    # 30 meets the inclusive bound of C; 29.99 is below every band: no predicate
    assert predicate(30000) == (Decimal("30.00"), "C")
    assert predicate(29990) == (Decimal("29.99"), None)


TIES = """
code: ties
version: "1"
title: Gains tie in file order
nodes:
  - {code: X, title: x, weight: 5, answer: {kind: percent}}
  - {code: Y, title: y, weight: 10, answer: {kind: percent}}
  - {code: Z, title: z, weight: 8, answer: {kind: percent}}
  - {code: W, title: w, weight: 5, answer: {kind: percent}}
"""


def test_gains_are_largest_first_and_equal_gains_keep_file_order() -> None:
    result = score(load(TIES), {"Y": 50, "W": 100})
    # X unanswered: 5; Y: 10 - 5 = 5; Z unanswered: 8; W full: nothing to gain.
    assert [(gain.code, gain.gain) for gain in result.gains] == [
        ("Z", Decimal("8.00")),
        ("X", Decimal("5.00")),
        ("Y", Decimal("5.00")),
    ]
    assert result.missing == ("X", "Z")
