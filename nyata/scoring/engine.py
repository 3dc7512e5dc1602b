"""The scoring engine: compile an instrument once, then score many answer sets fast and exactly.

Semantics (docs/instrument-format.md, "Scores"):
- leaf: weight * f; unanswered scores 0 and is missing; "na" makes it not applicable.
- inner node: weight * sum(applicable children's scores) / sum(applicable children's weights); a node
  whose children are all not applicable is not applicable. This is the re-normalisation
  RB_General_adj = RB_General / bobot_applicable * 100 (domain.md 1.3) applied at every level.
- total: the sum of the applicable roots; it may exceed 100 (RB General 100 + RB Tematik 20).

Every value is an exact rational held as an int pair (numerator, denominator): Fraction semantics
without Fraction's per-operation object cost, which matters at 15,000 answer sets. Rounding happens
once, when the result is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import gcd

from nyata.scoring.answers import LeafScorer, Ratio, Rejected, leaf_scorer, ratio
from nyata.scoring.model import NOT_APPLICABLE, Award, Instrument, Predicate
from nyata.scoring.problems import AnswersError, Problem, gettext_noop
from nyata.scoring.result import Gain, NodeScore, ScoreResult
from nyata.scoring.rounding import FRACTION_PLACES, SCORE_PLACES, round_half_up, round_ratio

CACHE_LIMIT = 256  # memoised results per node; bounds memory when numeric answers are all distinct
_UNKNOWN = object()
NA_NOT_ALLOWED = gettext_noop("'na' (not applicable) is not allowed for this indicator")


@dataclass(frozen=True, slots=True)
class _Leaf:
    index: int
    code: str
    weight: Ratio
    allow_na: bool
    score: LeafScorer


@dataclass(frozen=True, slots=True)
class _Group:
    index: int
    weight: Ratio
    children: tuple[int, ...]
    factor: Ratio  # weight / sum of all children's weights: the factor when every child applies


@dataclass(frozen=True, slots=True, eq=False)  # identity equality: it holds memo caches
class CompiledInstrument:
    """An instrument flattened into index tables; build it with `compile_instrument`."""

    instrument: Instrument
    codes: tuple[str, ...]  # every node, file order (pre-order)
    weights: tuple[Ratio, ...]
    maxima: tuple[Decimal, ...]  # each node's weight, rounded for the report
    leaves: tuple[_Leaf, ...]  # file order
    leaf_index: Mapping[str, int]
    group_codes: frozenset[str]
    groups_bottom_up: tuple[_Group, ...]  # children before parents
    roots: tuple[int, ...]
    full_multipliers: tuple[Ratio, ...]  # d(total)/d(score) per node when every node applies
    node_cache: tuple[dict[Ratio | None, NodeScore], ...]
    gain_cache: tuple[dict[Ratio, Gain | None], ...]
    leaves_under: Mapping[str, frozenset[int]]  # node code -> the node indices of its indicators

    def score(
        self,
        *,
        answers: Mapping[str, object],
        held_awards: frozenset[str] = frozenset(),
        excluded: frozenset[str] = frozenset(),
    ) -> ScoreResult:
        """Score one answer set (code -> raw answer); raises AnswersError naming every bad code.

        `held_awards` are the award codes the unit already holds (its award history), which an award's
        `requires` asks for; `excluded` are node codes that do not apply in this evaluation (the themes
        a period did not choose): their indicators count as not applicable, whatever was answered.
        """
        unknown = excluded - self.leaves_under.keys()
        if unknown:
            raise ValueError(f"unknown node codes to exclude: {sorted(unknown)}")
        left_out = frozenset().union(*(self.leaves_under[code] for code in excluded)) if excluded else None
        scores, missing, any_na = self._leaf_scores(answers, left_out=left_out)
        factors = self._aggregate(scores=scores, any_na=any_na)
        multipliers = self._multipliers(factors) if any_na else self.full_multipliers
        return self._report(scores=scores, missing=missing, multipliers=multipliers, held_awards=held_awards)

    def _leaf_scores(
        self, answers: Mapping[str, object], *, left_out: frozenset[int] | None
    ) -> tuple[list[Ratio | None], list[str], bool]:
        problems = [
            _unknown_code(code, is_group=code in self.group_codes)
            for code in answers
            if code not in self.leaf_index
        ]
        scores: list[Ratio | None] = [(0, 1)] * len(self.codes)
        missing: list[str] = []
        any_na = False
        for leaf in self.leaves:
            if left_out is not None and leaf.index in left_out:
                scores[leaf.index] = None  # a theme the period did not choose: not applicable
                any_na = True
                continue
            raw = answers.get(leaf.code)
            if raw is None:  # absent, or left empty in the file: not answered yet
                missing.append(leaf.code)
            elif raw.__class__ is str and raw == NOT_APPLICABLE:
                if leaf.allow_na:
                    scores[leaf.index] = None
                    any_na = True
                else:
                    problems.append(_rejected(leaf.code, Rejected(NA_NOT_ALLOWED)))
            else:
                try:
                    scores[leaf.index] = leaf.score(raw)
                except Rejected as error:
                    problems.append(_rejected(leaf.code, error))
        if problems:
            raise AnswersError(problems)
        return scores, missing, any_na

    def _aggregate(self, *, scores: list[Ratio | None], any_na: bool) -> dict[int, Ratio]:
        """Fill in inner scores bottom-up; return each group's factor weight / applicable weight."""
        factors: dict[int, Ratio] = {}
        weights = self.weights
        for group in self.groups_bottom_up:
            total_n, total_d = 0, 1
            applicable_n, applicable_d = 0, 1
            for child in group.children:
                child_score = scores[child]
                if child_score is None:
                    continue
                child_n, child_d = child_score
                if child_d == total_d:  # common: siblings share a denominator
                    total_n += child_n
                else:
                    total_n, total_d = total_n * child_d + child_n * total_d, total_d * child_d
                if any_na:
                    weight_n, weight_d = weights[child]
                    applicable_n, applicable_d = (
                        applicable_n * weight_d + weight_n * applicable_d,
                        applicable_d * weight_d,
                    )
            if not any_na:
                factor = group.factor
            elif applicable_n == 0:
                scores[group.index] = None
                continue
            else:
                factor = _reduced(group.weight[0] * applicable_d, group.weight[1] * applicable_n)
                factors[group.index] = factor
            scores[group.index] = _reduced(total_n * factor[0], total_d * factor[1])
        return factors

    def _multipliers(self, factors: dict[int, Ratio]) -> list[Ratio]:
        """How much the total moves per point of each node's score, given which nodes apply.

        The total is linear in an applicable leaf's score (applicability does not change when it
        earns more), so its gain is exactly (weight - score) times the product of the factors of its
        ancestors. This makes gains O(leaves) instead of one re-scoring per leaf.
        """
        multipliers: list[Ratio] = [(0, 1)] * len(self.codes)
        for root in self.roots:
            multipliers[root] = (1, 1)
        for group in reversed(self.groups_bottom_up):  # parents before children
            factor = factors.get(group.index)
            if factor is not None:
                through = _product(multipliers[group.index], factor)
                for child in group.children:
                    multipliers[child] = through
        return multipliers

    def _report(
        self,
        *,
        scores: list[Ratio | None],
        missing: list[str],
        multipliers: list[Ratio] | tuple[Ratio, ...],
        held_awards: frozenset[str],
    ) -> ScoreResult:
        instrument = self.instrument
        total_n, total_d, max_n, max_d = 0, 1, 0, 1
        for root in self.roots:
            root_score = scores[root]
            if root_score is not None:
                total_n, total_d = total_n * root_score[1] + root_score[0] * total_d, total_d * root_score[1]
                weight_n, weight_d = self.weights[root]
                max_n, max_d = max_n * weight_d + weight_n * max_d, max_d * weight_d
        nodes = {code: self._node_score(index, scores[index]) for index, code in enumerate(self.codes)}
        total = round_ratio(numerator=total_n, denominator=total_d, places=SCORE_PLACES)
        qualifying = [award for award in instrument.awards if _earns(award, total=total, nodes=nodes)]
        return ScoreResult(
            instrument=instrument.code,
            version=instrument.version,
            total=total,
            max_total=round_ratio(numerator=max_n, denominator=max_d, places=SCORE_PLACES),
            predicate=_predicate(instrument.predicates, total=total),
            awards=tuple(award.code for award in qualifying if held_awards.issuperset(award.requires)),
            nodes=nodes,
            missing=tuple(missing),
            gains=self._gains(scores=scores, multipliers=multipliers),
            exact_total=Fraction(total_n, total_d),
            exact_max_total=Fraction(max_n, max_d),
            withheld=tuple(award.code for award in qualifying if not held_awards.issuperset(award.requires)),
        )

    def _node_score(self, index: int, score: Ratio | None) -> NodeScore:
        # NodeScores are immutable and most scores recur (a choice has a handful of outcomes), so the
        # rounded results are memoised per node: most of the speed on 15,000 answer sets comes from here.
        cache = self.node_cache[index]
        found = cache.get(score)
        if found is None:
            score_n, score_d = (0, 1) if score is None else score
            weight_n, weight_d = self.weights[index]
            found = NodeScore(
                code=self.codes[index],
                score=round_ratio(numerator=score_n, denominator=score_d, places=SCORE_PLACES),
                max=self.maxima[index],
                fraction=round_ratio(
                    numerator=score_n * weight_d, denominator=score_d * weight_n, places=FRACTION_PLACES
                ),
                applicable=score is not None,
                exact_numerator=score_n,
                exact_denominator=score_d,
            )
            if len(cache) < CACHE_LIMIT:
                cache[score] = found
        return found

    def _gains(
        self, *, scores: list[Ratio | None], multipliers: list[Ratio] | tuple[Ratio, ...]
    ) -> tuple[Gain, ...]:
        static = (
            multipliers is self.full_multipliers
        )  # only then does a leaf's gain depend on its score alone
        gains: list[Gain] = []
        for leaf in self.leaves:
            score = scores[leaf.index]
            if score is None or score == leaf.weight:
                continue
            cache = self.gain_cache[leaf.index]
            gain = cache.get(score, _UNKNOWN) if static else _UNKNOWN
            if gain is _UNKNOWN:
                (weight_n, weight_d), (score_n, score_d) = leaf.weight, score
                multiplier_n, multiplier_d = multipliers[leaf.index]
                exact_n = (weight_n * score_d - score_n * weight_d) * multiplier_n
                exact_d = weight_d * score_d * multiplier_d
                exact_n, exact_d = _reduced(exact_n, exact_d)
                rounded = round_ratio(numerator=exact_n, denominator=exact_d, places=SCORE_PLACES)
                # Contract: only gains above 0 after rounding are listed.
                if rounded > 0:
                    gain = Gain(
                        code=leaf.code, gain=rounded, exact_numerator=exact_n, exact_denominator=exact_d
                    )
                else:
                    gain = None
                if static and len(cache) < CACHE_LIMIT:
                    cache[score] = gain
            if gain is not None:
                gains.append(gain)
        # sorted() is stable, so equal (rounded) gains keep file order, as the contract asks.
        return tuple(sorted(gains, key=_by_gain, reverse=True))


def compile_instrument(*, instrument: Instrument) -> CompiledInstrument:
    """Flatten the tree once; the result scores any number of answer sets."""
    nodes = instrument.walk()
    position = {id(node): index for index, node in enumerate(nodes)}
    exact_weights = [Fraction(node.weight) for node in nodes]
    leaves: list[_Leaf] = []
    groups: list[_Group] = []
    for index, node in enumerate(nodes):
        weight = exact_weights[index]
        if node.answer is not None:
            scorer = leaf_scorer(spec=node.answer, weight=weight)
            leaves.append(
                _Leaf(index=index, code=node.code, weight=ratio(weight), allow_na=node.allow_na, score=scorer)
            )
        else:
            children = tuple(position[id(child)] for child in node.children)
            factor = weight / sum((exact_weights[child] for child in children), Fraction(0))
            groups.append(_Group(index=index, weight=ratio(weight), children=children, factor=ratio(factor)))
    roots = tuple(position[id(root)] for root in instrument.nodes)
    full: list[Ratio] = [(0, 1)] * len(nodes)
    for root in roots:
        full[root] = (1, 1)
    for group in groups:  # pre-order: a parent's multiplier is known before its children's
        for child in group.children:
            full[child] = _product(full[group.index], group.factor)
    leaf_positions = {leaf.index for leaf in leaves}
    leaves_under = {
        node.code: frozenset(
            position[id(below)] for below in node.walk() if position[id(below)] in leaf_positions
        )
        for node in nodes
    }
    return CompiledInstrument(
        instrument=instrument,
        codes=tuple(node.code for node in nodes),
        weights=tuple(ratio(weight) for weight in exact_weights),
        maxima=tuple(round_half_up(weight, places=SCORE_PLACES) for weight in exact_weights),
        leaves=tuple(leaves),
        leaf_index={leaf.code: leaf.index for leaf in leaves},
        group_codes=frozenset(node.code for node in nodes if not node.is_leaf),
        groups_bottom_up=tuple(reversed(groups)),
        roots=roots,
        full_multipliers=tuple(full),
        node_cache=tuple({} for _ in nodes),
        gain_cache=tuple({} for _ in nodes),
        leaves_under=leaves_under,
    )


def score_answers(*, instrument: Instrument, answers: Mapping[str, object]) -> ScoreResult:
    """Score a single answer set; to score many, compile once and call `.score` on the result."""
    return compile_instrument(instrument=instrument).score(answers=answers)


def _reduced(numerator: int, denominator: int) -> Ratio:
    common = gcd(numerator, denominator)
    return numerator // common, denominator // common


def _product(left: Ratio, right: Ratio) -> Ratio:
    return _reduced(left[0] * right[0], left[1] * right[1])


def _by_gain(gain: Gain) -> Decimal:
    return gain.gain


def _predicate(bands: tuple[Predicate, ...], *, total: Decimal) -> str | None:
    # Bands are ordered best first; the first whose lower bound the rounded total meets wins.
    for band in bands:
        if band.admits(total):
            return band.code
    return None


def _earns(award: Award, *, total: Decimal, nodes: Mapping[str, NodeScore]) -> bool:
    """Whether the scores meet the award's minimums; its prerequisites are the caller's (held awards).

    Decided on the rounded total, the rounded node fractions and the rounded node scores (contract). A
    node that is not applicable has fraction and score 0, so it fails any positive minimum: an award
    needs its areas assessed. Point minimums carry PermenPANRB 5/2024's pengungkit total (40 of 60 for
    WBK, 48 of 60 for WBBM), which no fraction rounded to 4 places states exactly.
    """
    if award.min_total is not None and total < award.min_total:
        return False
    if any(nodes[code].score < minimum for code, minimum in award.node_score_minimums):
        return False
    return all(nodes[code].fraction >= minimum for code, minimum in award.node_minimums)


def _unknown_code(code: object, *, is_group: bool) -> Problem:
    if is_group:
        return Problem(
            path=f"answers.{code}",
            code=str(code),
            template=gettext_noop(
                "is a group, not an indicator; answer its indicators ('na' on each if none applies)"
            ),
        )
    return Problem(
        path=f"answers.{code}", code=str(code), template=gettext_noop("unknown code: no indicator has it")
    )


def _rejected(code: str, rejected: Rejected) -> Problem:
    return Problem(path=f"answers.{code}", code=code, template=rejected.template, params=rejected.params)
