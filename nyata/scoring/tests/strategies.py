"""Hypothesis strategies: random instrument trees (as dataclasses) and answer sets that fit them."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import strategies as st

from nyata.scoring import NOT_APPLICABLE, AnswerKind, AnswerSpec, Instrument, Node, Option

# Weights like 17.5 and 0.25 occur in real worksheets (ZI: IPAK 17.5), so not only integers.
weights = st.integers(min_value=1, max_value=80).map(lambda quarters: Decimal(quarters) / 4)
option_values = st.sampled_from(["0", "0.2", "0.25", "0.33", "0.5", "0.67", "0.75", "0.8"]).map(Decimal)


@st.composite
def answer_specs(draw: st.DrawFn) -> AnswerSpec:
    kind = draw(st.sampled_from(list(AnswerKind)))
    higher_is_better = draw(st.booleans())
    if kind is AnswerKind.CHOICE:
        # Every generated choice has a full-marks option, as the LKE scales in domain.md section 2 do.
        others = draw(st.lists(option_values, max_size=4))
        values = [Decimal(1), *others]
        options = tuple(
            Option(code=f"O{i}", label=f"option {i}", value=value) for i, value in enumerate(values)
        )
        return AnswerSpec(kind=kind, options=options)
    if kind is AnswerKind.NUMBER:
        low = draw(st.integers(min_value=-5, max_value=5))
        span = draw(st.integers(min_value=1, max_value=400))
        return AnswerSpec(
            kind=kind, min=Decimal(low), max=Decimal(low + span), higher_is_better=higher_is_better
        )
    if kind is AnswerKind.TARGET:
        return AnswerSpec(kind=kind, higher_is_better=higher_is_better)
    return AnswerSpec(kind=kind)


def _tree(depth: int) -> st.SearchStrategy[Node]:
    leaf = st.builds(
        lambda weight, spec, allow_na: Node(
            code="", title="leaf", weight=weight, answer=spec, allow_na=allow_na
        ),
        weights,
        answer_specs(),
        st.booleans(),
    )
    if depth == 0:
        return leaf
    group = st.builds(
        lambda weight, children: Node(code="", title="group", weight=weight, children=tuple(children)),
        weights,
        st.lists(_tree(depth - 1), min_size=1, max_size=4),
    )
    return st.one_of(leaf, group)


def _numbered(node: Node, code: str) -> Node:
    children = tuple(_numbered(child, f"{code}.{i + 1}") for i, child in enumerate(node.children))
    return dataclasses.replace(node, code=code, children=children)


@st.composite
def instruments(draw: st.DrawFn, *, max_depth: int = 3) -> Instrument:
    roots = draw(st.lists(_tree(max_depth), min_size=1, max_size=3))
    return Instrument(
        code="random",
        version="1",
        title="random instrument",
        nodes=tuple(_numbered(root, f"R{i + 1}") for i, root in enumerate(roots)),
    )


def numbers_within(low: Decimal, high: Decimal) -> st.SearchStrategy[Decimal]:
    """Decimals with up to 2 places within low..high, as an evaluator types them."""
    return st.integers(min_value=int(low * 100), max_value=int(high * 100)).map(
        lambda cents: Decimal(cents) / 100
    )


def valid_answers(spec: AnswerSpec) -> st.SearchStrategy[object]:
    """Any answer the indicator accepts (not 'na')."""
    if spec.kind is AnswerKind.CHOICE:
        return st.sampled_from([option.code for option in spec.options])
    if spec.kind is AnswerKind.PERCENT:
        return numbers_within(Decimal(0), Decimal(100))
    if spec.kind is AnswerKind.NUMBER:
        assert spec.min is not None
        assert spec.max is not None
        return numbers_within(spec.min, spec.max)
    return st.fixed_dictionaries(
        {
            "target": numbers_within(Decimal("0.01"), Decimal(500)),
            "realized": numbers_within(Decimal(0), Decimal(600)),
        }
    )


def full_answer(spec: AnswerSpec) -> object:
    """An answer that earns f = 1."""
    if spec.kind is AnswerKind.CHOICE:
        return next(option.code for option in spec.options if option.value == 1)
    if spec.kind is AnswerKind.PERCENT:
        return 100
    if spec.kind is AnswerKind.NUMBER:
        return spec.max if spec.higher_is_better else spec.min
    return {"target": 10, "realized": 12} if spec.higher_is_better else {"target": 10, "realized": 0}


@st.composite
def answer_sets(draw: st.DrawFn, instrument: Instrument, *, allow_missing: bool = True) -> dict[str, object]:
    """A random answer set: some indicators missing, some 'na' where allowed, the rest answered."""
    answers: dict[str, object] = {}
    for leaf in instrument.leaves():
        assert leaf.answer is not None
        choices = ["answer"] + (["missing"] if allow_missing else []) + (["na"] if leaf.allow_na else [])
        what = draw(st.sampled_from(choices))
        if what == "answer":
            answers[leaf.code] = draw(valid_answers(leaf.answer))
        elif what == "na":
            answers[leaf.code] = NOT_APPLICABLE
    return answers


@st.composite
def instruments_with_answers(draw: st.DrawFn, **kwargs: object) -> tuple[Instrument, dict[str, object]]:
    instrument = draw(instruments())
    return instrument, draw(answer_sets(instrument, **kwargs))


def without(instrument: Instrument, code: str) -> Instrument | None:
    """The instrument with node `code` deleted, and any group left without children deleted with it."""

    def prune(node: Node) -> Node | None:
        if node.code == code:
            return None
        if node.is_leaf:
            return node
        children = tuple(kept for kept in (prune(child) for child in node.children) if kept is not None)
        return dataclasses.replace(node, children=children) if children else None

    roots = tuple(kept for kept in (prune(root) for root in instrument.nodes) if kept is not None)
    return dataclasses.replace(instrument, nodes=roots) if roots else None


def allowing_na(instrument: Instrument, code: str) -> Instrument:
    """The instrument with `allow_na: true` on indicator `code`."""

    def change(node: Node) -> Node:
        if node.code == code:
            return dataclasses.replace(node, allow_na=True)
        return dataclasses.replace(node, children=tuple(change(child) for child in node.children))

    return dataclasses.replace(instrument, nodes=tuple(change(root) for root in instrument.nodes))
