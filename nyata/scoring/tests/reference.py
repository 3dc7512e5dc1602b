"""A deliberately naive scorer written straight from the contract, to check the fast engine against.

Recursive, Fraction-only, no caching, no multipliers: slow and obviously right.
"""

from __future__ import annotations

from fractions import Fraction

from nyata.scoring import NOT_APPLICABLE, AnswerKind, AnswerSpec, Instrument, Node


def earned(spec: AnswerSpec, raw: object) -> Fraction:
    """The contract's table of f, for a valid answer."""
    if spec.kind is AnswerKind.CHOICE:
        return next(Fraction(option.value) for option in spec.options if option.code == str(raw))
    if spec.kind is AnswerKind.PERCENT:
        return Fraction(raw) / 100  # type: ignore[arg-type]
    if spec.kind is AnswerKind.NUMBER:
        low, high = Fraction(spec.min), Fraction(spec.max)  # type: ignore[arg-type]
        f = (Fraction(raw) - low) / (high - low)  # type: ignore[arg-type]
        return f if spec.higher_is_better else 1 - f
    target, realized = Fraction(raw["target"]), Fraction(raw["realized"])  # type: ignore[index]
    if spec.higher_is_better:
        return min(realized / target, Fraction(1))
    return Fraction(1) if realized == 0 else min(target / realized, Fraction(1))


def node_scores(instrument: Instrument, answers: dict[str, object]) -> dict[str, Fraction | None]:
    """Every node's exact score, None when not applicable."""
    found: dict[str, Fraction | None] = {}

    def visit(node: Node) -> Fraction | None:
        if node.answer is not None:
            raw = answers.get(node.code)
            if raw == NOT_APPLICABLE:
                result = None
            elif raw is None:
                result = Fraction(0)
            else:
                result = Fraction(node.weight) * earned(node.answer, raw)
        else:
            pairs = [(visit(child), Fraction(child.weight)) for child in node.children]
            applicable = [(score, weight) for score, weight in pairs if score is not None]
            if applicable:
                total = sum((score for score, _ in applicable), Fraction(0))
                result = (
                    Fraction(node.weight) * total / sum((weight for _, weight in applicable), Fraction(0))
                )
            else:
                result = None
        found[node.code] = result
        return result

    for root in instrument.nodes:
        visit(root)
    return found


def total(instrument: Instrument, answers: dict[str, object]) -> Fraction:
    scores = node_scores(instrument, answers)
    return sum((scores[root.code] or Fraction(0) for root in instrument.nodes), Fraction(0))
