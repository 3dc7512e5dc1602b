"""Each answer kind's earned fraction f (contract table) and the answers it must reject."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from nyata.scoring import AnswersError
from nyata.scoring.tests.loading import load, score

KINDS = """
code: kinds
version: "1"
title: Answer kinds
nodes:
  - code: G
    title: group
    weight: 100
    children:
      - code: CH
        title: choice
        weight: 10
        allow_na: true
        answer:
          kind: choice
          options:
            - {code: A, label: A, value: 1}
            - {code: B, label: B, value: 0.67}
            - {code: 4, label: four, value: 0.33}
      - {code: PC, title: percent, weight: 10, answer: {kind: percent}}
      - {code: NU, title: number, weight: 10, answer: {kind: number, min: 1, max: 5}}
      - code: NL
        title: lower number
        weight: 10
        answer: {kind: number, min: 0, max: 400, higher_is_better: false}
      - {code: TG, title: target, weight: 10, answer: {kind: target}}
      - {code: TL, title: lower target, weight: 10, answer: {kind: target, higher_is_better: false}}
"""


def leaf_score(code: str, answer: object) -> Fraction:
    return score(load(KINDS), {code: answer}).nodes[code].exact_score


@pytest.mark.parametrize(
    ("code", "answer", "expected"),
    [
        ("CH", "A", Fraction(10)),  # option value 1
        ("CH", "B", Fraction("6.7")),  # 10 * 0.67
        ("CH", 4, Fraction("3.3")),  # an integer option code, answered as a number
        ("CH", "4", Fraction("3.3")),  # ... or as text
        ("PC", 0, Fraction(0)),
        ("PC", Decimal("37.5"), Fraction("3.75")),  # 10 * 37.5 / 100
        ("PC", 100, Fraction(10)),
        ("PC", 0.1, Fraction(1, 100)),  # a float is read as the decimal it was typed as: 10 * 0.1 / 100
        ("NU", 1, Fraction(0)),  # (1 - 1) / (5 - 1) = 0
        ("NU", 2, Fraction("2.5")),  # (2 - 1) / 4 = 0.25
        ("NU", 5, Fraction(10)),
        ("NL", 100, Fraction("7.5")),  # 1 - (100 - 0) / 400 = 0.75
        ("NL", 400, Fraction(0)),
        ("TG", {"target": 12, "realized": 9}, Fraction("7.5")),  # min(9/12, 1) = 0.75
        ("TG", {"target": 12, "realized": 15}, Fraction(10)),  # exceeding the target earns f = 1
        ("TG", {"target": 12, "realized": 0}, Fraction(0)),
        ("TL", {"target": 30, "realized": 40}, Fraction("7.5")),  # min(30/40, 1) = 0.75
        ("TL", {"target": 30, "realized": 20}, Fraction(10)),  # under the target: min(30/20, 1) = 1
        ("TL", {"target": 30, "realized": 0}, Fraction(10)),  # R = 0 earns 1
    ],
)
def test_each_answer_kind_earns_its_fraction_of_the_weight(
    code: str, answer: object, expected: Fraction
) -> None:
    assert leaf_score(code, answer) == expected


def rejection(answers: dict[str, object]) -> list[str]:
    with pytest.raises(AnswersError) as caught:
        score(load(KINDS), answers)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("code", "answer", "message"),
    [
        ("CH", "Z", "answers.CH (node CH): unknown option 'Z'; options: A, B, 4"),
        ("CH", True, "answers.CH (node CH): must be an option code (A, B, 4), got true (a yes/no value)"),
        ("CH", Decimal("0.67"), "answers.CH (node CH): must be an option code (A, B, 4), got 0.67"),
        ("PC", Decimal("100.5"), "answers.PC (node PC): a percentage must be within 0..100, got 100.5"),
        ("PC", -1, "answers.PC (node PC): a percentage must be within 0..100, got -1"),
        ("PC", "85", "answers.PC (node PC): must be a number, got '85'"),
        ("PC", False, "answers.PC (node PC): must be a number, got false (a yes/no value)"),
        ("PC", float("nan"), "answers.PC (node PC): must be a finite number, got nan"),
        ("NU", Decimal("0.99"), "answers.NU (node NU): must be within 1..5, got 0.99"),
        ("NU", 6, "answers.NU (node NU): must be within 1..5, got 6"),
        ("NU", [3], "answers.NU (node NU): must be a number, got a list"),
        ("TG", 9, "answers.TG (node TG): must be a mapping {target: T, realized: R}, got 9"),
        (
            "TG",
            {"target": 12},
            "answers.TG (node TG): must be a mapping {target: T, realized: R}, got a mapping",
        ),
        ("TG", {"target": 0, "realized": 1}, "answers.TG (node TG): target must be above 0, got 0"),
        ("TG", {"target": 5, "realized": -1}, "answers.TG (node TG): realized must be 0 or more, got -1"),
        ("TL", {"target": "5", "realized": 1}, "answers.TL (node TL): must be a number, got '5'"),
        ("PC", "na", "answers.PC (node PC): 'na' (not applicable) is not allowed for this indicator"),
    ],
)
def test_an_answer_the_indicator_does_not_accept_is_rejected_naming_the_code(
    code: str, answer: object, message: str
) -> None:
    assert rejection({code: answer}) == [message]


def test_an_unknown_code_and_a_group_code_are_rejected_with_every_other_problem_at_once() -> None:
    assert rejection({"NOPE": 1, "G": 50, "PC": 101, "NU": 3}) == [
        "answers.NOPE (node NOPE): unknown code: no indicator has it",
        "answers.G (node G): is a group, not an indicator; "
        "answer its indicators ('na' on each if none applies)",
        "answers.PC (node PC): a percentage must be within 0..100, got 101",
    ]


def test_na_is_accepted_where_allow_na_is_true() -> None:
    result = score(load(KINDS), {"CH": "na"})
    assert result.nodes["CH"].applicable is False
    assert "CH" not in result.missing


def test_an_empty_answer_counts_as_unanswered_and_missing() -> None:
    result = score(load(KINDS), {"PC": None, "NU": 3})
    assert result.missing == ("CH", "PC", "NL", "TG", "TL")
    assert result.nodes["PC"].exact_score == 0
