"""Answers: reading an answers file, and turning one answer into the earned fraction f (contract table).

An answer outside its range, of the wrong type, or naming an unknown option is rejected with a message,
never clamped (contract, "Answer kinds"). Exceeding a target is not out of range: it earns f = 1.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from math import gcd

from nyata.scoring.fields import describe
from nyata.scoring.model import AnswerKind, AnswerSpec, Instrument
from nyata.scoring.problems import (
    AnswersError,
    Param,
    Params,
    Problem,
    frozen_params,
    gettext_noop,
    render,
)
from nyata.scoring.yaml_source import DEFAULT_LIMITS, YamlLimits, read_json_or_yaml

# An exact rational as (numerator, denominator), denominator > 0, in lowest terms. The engine's hot loop
# works on these int pairs rather than on Fraction objects: same exactness, several times faster.
type Ratio = tuple[int, int]

ANSWERS_FILE_KEYS = ("answers", "instrument", "version")

# Takes a raw answer, returns weight * f; raises Rejected.
type LeafScorer = Callable[[object], Ratio]


class Rejected(ValueError):
    """One answer that its indicator does not accept; the message says why.

    Like a Problem, it carries a template marked with gettext_noop and its parameters, so the product can
    translate it; str() and `message` give the English text.
    """

    def __init__(self, template: str, params: Mapping[str, Param] | None = None) -> None:
        self.template = template
        self.params: Params = frozen_params(params or {})
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return render(self.template, self.params)


NOT_A_FINITE_NUMBER = gettext_noop("must be a finite number, got %(value)s")


def ratio(value: Fraction | Decimal | int) -> Ratio:
    numerator, denominator = value.as_integer_ratio()
    return numerator, denominator


def reduced(numerator: int, denominator: int) -> Ratio:
    common = gcd(numerator, denominator)
    return numerator // common, denominator // common


def exact_number(raw: object) -> Ratio:
    """A raw answer as an exact ratio. Floats are read from their shortest repr (what was typed)."""
    if raw.__class__ is int:
        return raw, 1  # type: ignore[return-value]
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal | Fraction):
        raise Rejected(gettext_noop("must be a number, got %(value)s"), {"value": describe(raw)})
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise Rejected(NOT_A_FINITE_NUMBER, {"value": str(raw)})
        return ratio(Fraction(repr(raw)))
    if isinstance(raw, Decimal) and not raw.is_finite():
        raise Rejected(NOT_A_FINITE_NUMBER, {"value": str(raw)})
    return ratio(raw)


def leaf_scorer(*, spec: AnswerSpec, weight: Fraction) -> LeafScorer:
    """Build once per indicator the function that scores its answers (weight * f, as a Ratio)."""
    if spec.kind is AnswerKind.CHOICE:
        return _choice_scorer(spec=spec, weight=weight)
    if spec.kind is AnswerKind.PERCENT:
        return _percent_scorer(weight=weight)
    if spec.kind is AnswerKind.NUMBER:
        return _number_scorer(spec=spec, weight=weight)
    return _target_scorer(spec=spec, weight=weight)


def _choice_scorer(*, spec: AnswerSpec, weight: Fraction) -> LeafScorer:
    # Precomputed weight * value per option: a choice answer costs one dict lookup.
    table = {option.code: ratio(weight * Fraction(option.value)) for option in spec.options}
    known = ", ".join(option.code for option in spec.options)

    def score(raw: object) -> Ratio:
        key = raw if isinstance(raw, str) else str(raw) if type(raw) is int else None
        if key is None:
            raise Rejected(
                gettext_noop("must be an option code (%(options)s), got %(value)s"),
                {"options": known, "value": describe(raw)},
            )
        try:
            return table[key]
        except KeyError:
            raise Rejected(
                gettext_noop("unknown option %(option)s; options: %(options)s"),
                {"option": repr(key), "options": known},
            ) from None

    return score


def _percent_scorer(*, weight: Fraction) -> LeafScorer:
    weight_n, weight_d = ratio(weight)

    def score(raw: object) -> Ratio:
        value_n, value_d = exact_number(raw)
        if not 0 <= value_n <= 100 * value_d:
            raise Rejected(
                gettext_noop("a percentage must be within 0..100, got %(value)s"),
                {"value": _show(value_n, value_d)},
            )
        return reduced(weight_n * value_n, weight_d * value_d * 100)  # f = value / 100

    return score


def _number_scorer(*, spec: AnswerSpec, weight: Fraction) -> LeafScorer:
    low_n, low_d = ratio(spec.min or 0)
    high_n, high_d = ratio(spec.max or 0)
    unit_n, unit_d = ratio(
        weight / (Fraction(spec.max or 0) - Fraction(spec.min or 0))
    )  # min < max: validated
    weight_n, weight_d = ratio(weight)

    def score(raw: object) -> Ratio:
        value_n, value_d = exact_number(raw)
        if value_n * low_d < low_n * value_d or value_n * high_d > high_n * value_d:
            raise Rejected(
                gettext_noop("must be within %(min)s..%(max)s, got %(value)s"),
                {"min": str(spec.min), "max": str(spec.max), "value": _show(value_n, value_d)},
            )
        # weight * (value - min) / (max - min)
        earned_n, earned_d = (value_n * low_d - low_n * value_d) * unit_n, value_d * low_d * unit_d
        if not spec.higher_is_better:  # weight * (1 - f)
            earned_n, earned_d = weight_n * earned_d - earned_n * weight_d, weight_d * earned_d
        return reduced(earned_n, earned_d)

    return score


def _target_scorer(*, spec: AnswerSpec, weight: Fraction) -> LeafScorer:
    weight_n, weight_d = ratio(weight)

    def score(raw: object) -> Ratio:
        if not isinstance(raw, dict) or set(raw) != {"target", "realized"}:
            raise Rejected(
                gettext_noop("must be a mapping {target: T, realized: R}, got %(value)s"),
                {"value": describe(raw)},
            )
        target_n, target_d = exact_number(raw["target"])
        realized_n, realized_d = exact_number(raw["realized"])
        if target_n <= 0:
            raise Rejected(
                gettext_noop("target must be above 0, got %(value)s"), {"value": _show(target_n, target_d)}
            )
        if realized_n < 0:
            raise Rejected(
                gettext_noop("realized must be 0 or more, got %(value)s"),
                {"value": _show(realized_n, realized_d)},
            )
        excess = realized_n * target_d - target_n * realized_d  # the sign of R - T
        if spec.higher_is_better:  # f = min(R / T, 1): exceeding the target is not out of range
            if excess >= 0:
                return weight_n, weight_d
            return reduced(weight_n * realized_n * target_d, weight_d * realized_d * target_n)
        # Lower is better: f = min(T / R, 1), and 1 when R = 0 (R <= T covers R = 0, since T > 0).
        if excess <= 0:
            return weight_n, weight_d
        return reduced(weight_n * target_n * realized_d, weight_d * target_d * realized_n)

    return score


def _show(numerator: int, denominator: int) -> str:
    if denominator == 1:
        return str(numerator)
    return str(Decimal(numerator) / Decimal(denominator))


def read_answers(
    *, text: str, instrument: Instrument | None = None, limits: YamlLimits = DEFAULT_LIMITS
) -> dict[str, object]:
    """The `answers:` mapping of an answers file (YAML or JSON), code -> raw answer.

    When the file names its instrument (optional `instrument:` and `version:`), they must match, so
    answers written for last year's worksheet are not scored against this year's.
    """
    document = read_json_or_yaml(text=text, limits=limits)
    if document.problems:
        raise AnswersError(document.problems)
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise AnswersError(
            [
                Problem(
                    path="answers",
                    template=gettext_noop("the file must hold a mapping `answers: {CODE: answer}`"),
                )
            ]
        )
    problems = [
        Problem(
            path=str(key),
            template=gettext_noop("unknown key; allowed: %(allowed)s"),
            params={"allowed": ", ".join(ANSWERS_FILE_KEYS)},
        )
        for key in data
        if key not in ANSWERS_FILE_KEYS
    ]
    if instrument is not None:
        for key, expected in (("instrument", instrument.code), ("version", instrument.version)):
            if key in data and str(data[key]) != expected:
                problems.append(
                    Problem(
                        path=key,
                        template=gettext_noop("the answers are for %(given)s, not %(expected)s"),
                        params={"given": repr(data[key]), "expected": repr(expected)},
                    )
                )
    if problems:
        raise AnswersError(problems)
    return data["answers"]
