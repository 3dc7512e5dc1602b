"""Properties that must hold for every instrument and every answer set (Hypothesis)."""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from nyata.scoring import NOT_APPLICABLE, Instrument, Node, ScoreResult, compile_instrument, round_half_up
from nyata.scoring.tests import reference
from nyata.scoring.tests.strategies import (
    allowing_na,
    answer_sets,
    full_answer,
    instruments,
    instruments_with_answers,
    valid_answers,
    without,
)

# Trees are small but deep enough for renormalisation at several levels; no deadline, since a shared
# CI machine's timing is not what these tests are about.
PROPERTY = settings(max_examples=100, deadline=None)


def score(instrument: Instrument, answers: dict[str, object]) -> ScoreResult:
    return compile_instrument(instrument=instrument).score(answers=answers)


@PROPERTY
@given(instruments_with_answers())
def test_every_node_scores_within_zero_and_its_weight(case: tuple[Instrument, dict[str, object]]) -> None:
    instrument, answers = case
    result = score(instrument, answers)
    for node in instrument.walk():
        scored = result.nodes[node.code]
        assert 0 <= scored.exact_score <= Fraction(node.weight)
        assert Decimal(0) <= scored.fraction <= Decimal(1)
        if not scored.applicable:
            assert (scored.exact_score, scored.score, scored.fraction) == (
                0,
                Decimal("0.00"),
                Decimal("0.0000"),
            )
    assert 0 <= result.exact_total <= result.exact_max_total


@PROPERTY
@given(instruments_with_answers())
def test_the_fast_engine_agrees_exactly_with_a_naive_reading_of_the_contract(
    case: tuple[Instrument, dict[str, object]],
) -> None:
    instrument, answers = case
    result = score(instrument, answers)
    expected = reference.node_scores(instrument, answers)
    assert {
        code: (node.exact_score if node.applicable else None) for code, node in result.nodes.items()
    } == expected
    assert result.exact_total == reference.total(instrument, answers)
    assert result.total == round_half_up(result.exact_total, places=2)


@PROPERTY
@given(data=st.data())
def test_raising_one_answer_never_lowers_the_total(data: st.DataObject) -> None:
    instrument, answers = data.draw(instruments_with_answers())
    leaf = data.draw(st.sampled_from(instrument.leaves()))
    assert leaf.answer is not None
    first, second = (data.draw(st.none() | valid_answers(leaf.answer)) for _ in range(2))
    results = [score(instrument, {**answers, leaf.code: answer}) for answer in (first, second)]
    lower, higher = sorted(results, key=lambda result: result.nodes[leaf.code].exact_score)
    assert higher.exact_total >= lower.exact_total
    # ... and no node's score falls either.
    for code, node in lower.nodes.items():
        assert higher.nodes[code].exact_score >= node.exact_score


@PROPERTY
@given(data=st.data())
def test_marking_a_leaf_not_applicable_equals_deleting_it_from_the_file(data: st.DataObject) -> None:
    instrument = data.draw(instruments())
    leaf = data.draw(st.sampled_from(instrument.leaves()))
    instrument = allowing_na(instrument, leaf.code)
    answers = data.draw(answer_sets(instrument))
    marked = score(instrument, {**answers, leaf.code: NOT_APPLICABLE})
    smaller = without(instrument, leaf.code)
    if smaller is None:  # the leaf was the whole instrument: nothing applies, nothing counts
        assert (marked.exact_total, marked.exact_max_total) == (0, 0)
        return
    deleted = score(smaller, {code: answer for code, answer in answers.items() if code != leaf.code})
    assert (marked.exact_total, marked.exact_max_total) == (deleted.exact_total, deleted.exact_max_total)
    assert (marked.predicate, marked.missing, marked.gains) == (
        deleted.predicate,
        deleted.missing,
        deleted.gains,
    )
    for code, node in marked.nodes.items():
        if code in deleted.nodes:
            assert node == deleted.nodes[code]
        else:  # the leaf itself, and groups it alone kept alive
            assert not node.applicable


@PROPERTY
@given(data=st.data())
def test_full_answers_earn_every_applicable_node_its_weight(data: st.DataObject) -> None:
    instrument = data.draw(instruments())
    na = data.draw(
        st.sets(st.sampled_from([leaf.code for leaf in instrument.leaves() if leaf.allow_na] or [""]))
    )
    answers: dict[str, object] = {}
    for leaf in instrument.leaves():
        assert leaf.answer is not None
        answers[leaf.code] = NOT_APPLICABLE if leaf.code in na else full_answer(leaf.answer)
    result = score(instrument, answers)
    for node in instrument.walk():
        scored = result.nodes[node.code]
        if scored.applicable:
            assert (scored.exact_score, scored.fraction) == (Fraction(node.weight), Decimal("1.0000"))
    assert result.exact_total == result.exact_max_total
    assert (result.gains, result.missing) == ((), ())


@PROPERTY
@given(instruments())
def test_no_answers_at_all_score_zero_and_list_every_indicator_as_missing(instrument: Instrument) -> None:
    result = score(instrument, {})
    assert result.exact_total == 0
    assert result.exact_max_total == sum(Fraction(root.weight) for root in instrument.nodes)
    assert result.missing == tuple(leaf.code for leaf in instrument.leaves())


@PROPERTY
@given(instruments_with_answers())
def test_applying_the_top_gain_raises_the_total_by_exactly_that_gain(
    case: tuple[Instrument, dict[str, object]],
) -> None:
    instrument, answers = case
    result = score(instrument, answers)
    if not result.gains:
        return
    top = result.gains[0]
    leaf = next(leaf for leaf in instrument.leaves() if leaf.code == top.code)
    assert leaf.answer is not None
    improved = score(instrument, {**answers, top.code: full_answer(leaf.answer)})
    assert improved.exact_total - result.exact_total == top.exact
    assert top.gain == round_half_up(top.exact, places=2)


@PROPERTY
@given(instruments_with_answers())
def test_the_gains_list_every_leaf_whose_full_marks_raise_the_rounded_gain_above_zero(
    case: tuple[Instrument, dict[str, object]],
) -> None:
    instrument, answers = case
    result = score(instrument, answers)
    current = reference.total(instrument, answers)
    expected = []
    for leaf in instrument.leaves():
        assert leaf.answer is not None
        if answers.get(leaf.code) == NOT_APPLICABLE:
            continue
        rise = reference.total(instrument, {**answers, leaf.code: full_answer(leaf.answer)}) - current
        if round_half_up(rise, places=2) > 0:
            expected.append((leaf.code, rise))
    # Largest first, ties (equal rounded gains) in file order: a stable sort on the rounded gain.
    expected.sort(key=lambda pair: round_half_up(pair[1], places=2), reverse=True)
    assert [(gain.code, gain.exact) for gain in result.gains] == expected


def _reversed(node: Node) -> Node:
    return dataclasses.replace(node, children=tuple(_reversed(child) for child in reversed(node.children)))


@PROPERTY
@given(instruments_with_answers())
def test_the_order_of_siblings_in_the_file_does_not_change_any_score(
    case: tuple[Instrument, dict[str, object]],
) -> None:
    instrument, answers = case
    mirrored = dataclasses.replace(
        instrument, nodes=tuple(_reversed(root) for root in reversed(instrument.nodes))
    )
    result, mirrored_result = score(instrument, answers), score(mirrored, answers)
    assert result.exact_total == mirrored_result.exact_total
    assert result.nodes == mirrored_result.nodes  # equal mappings, whatever their order


@given(st.decimals(min_value=-(10**6), max_value=10**6, places=6))
def test_rounding_is_half_up_as_decimal_defines_it(value: Decimal) -> None:
    for places in (2, 4):
        expected = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        assert round_half_up(Fraction(value), places=places) == expected


@settings(max_examples=40, deadline=None)
@given(instruments_with_answers())
def test_scoring_the_same_answers_twice_returns_equal_results(
    case: tuple[Instrument, dict[str, object]],
) -> None:
    # The engine memoises rounded results per node; a warm cache must not change anything.
    instrument, answers = case
    compiled = compile_instrument(instrument=instrument)
    assert compiled.score(answers=answers) == compiled.score(answers=answers)
