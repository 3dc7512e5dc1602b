"""Plausible answer values for demo data and benchmarks: a unit's `maturity` (0..1) steers how good its
answers are, a seeded random source makes them vary between indicators and units, reproducibly."""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from random import Random

from nyata.evaluations import values
from nyata.evaluations.models import Answer, Assessment, Review
from nyata.scoring import NOT_APPLICABLE, AnswerKind, Node


def _clamp(number: float, low: float, high: float) -> float:
    return max(low, min(high, number))


def plausible_value(node: Node, maturity: float, rng: Random) -> values.Stored:
    spec = node.answer
    if node.allow_na and rng.random() < 0.03:
        return NOT_APPLICABLE
    level = _clamp(rng.gauss(maturity, 0.18), 0, 1)
    if spec.kind == AnswerKind.CHOICE:
        # The option whose value lies nearest the level this unit reaches on this indicator.
        return min(spec.options, key=lambda option: abs(float(option.value) - level)).code
    if spec.kind == AnswerKind.TARGET:
        return {"target": "100", "realized": f"{level * 100:.1f}"}
    low = float(spec.min) if spec.kind == AnswerKind.NUMBER and spec.min is not None else 0.0
    high = float(spec.max) if spec.kind == AnswerKind.NUMBER and spec.max is not None else 100.0
    return {"number": f"{low + level * (high - low):.1f}"}


def adjusted_down(node: Node, stored: values.Stored, rng: Random) -> values.Stored:
    """What an evaluator who finds the evidence weaker than claimed would score instead."""
    spec = node.answer
    if stored is None or stored == NOT_APPLICABLE:
        return stored
    if spec.kind == AnswerKind.CHOICE:
        ordered = sorted(spec.options, key=lambda option: option.value)
        current = next((i for i, option in enumerate(ordered) if option.code == stored), 0)
        return ordered[max(0, current - 1 - (rng.random() < 0.3))].code
    if spec.kind == AnswerKind.TARGET:
        realized = Decimal(stored["realized"]) * Decimal("0.8")
        return {"target": stored["target"], "realized": str(realized.quantize(Decimal("0.1")))}
    number = Decimal(stored["number"])
    low = spec.min if spec.kind == AnswerKind.NUMBER and spec.min is not None else Decimal(0)
    return {"number": str(max(low, (number * Decimal("0.8")).quantize(Decimal("0.1"))))}


def answered_and_reviewed(
    assessments: Iterable[Assessment], leaves: Sequence[Node], *, by, rng: Random
) -> tuple[list[Answer], list[Review]]:
    """Unsaved answers and evaluator reviews of whole worksheets, for benchmarks to bulk-create: each unit
    at a maturity of its own (0,3–0,95), one indicator in ten scored down by its evaluator."""
    answers, reviews = [], []
    for assessment in assessments:
        maturity = 0.3 + 0.65 * rng.random()
        for node in leaves:
            value = plausible_value(node, maturity, rng)
            answers.append(
                Answer(assessment=assessment, indicator=node.code, value=value, revision=1, updated_by=by)
            )
            scored = adjusted_down(node, value, rng) if rng.random() < 0.1 else value
            verdict = "agree" if scored == value else "adjusted"
            reviews.append(
                Review(
                    assessment=assessment,
                    indicator=node.code,
                    tier="evaluator",
                    value=scored,
                    verdict=verdict,
                    revision=1,
                    updated_by=by,
                )
            )
    return answers, reviews
