"""Reads of the results side: one unit's result, the ranking of a period and its progress matrix.

Before finalisation the figures are computed now by the engine from the final values so far (preliminary,
for the Inspektorat); after it they are read from the stored Result, which is what was published."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db.models import Count

from nyata.evaluations import values
from nyata.evaluations.instrument import compiled_of, definition_of, indicators_of
from nyata.evaluations.models import (
    Answer,
    Assessment,
    Clarification,
    Evidence,
    Finding,
    Period,
    Result,
    Review,
    TeamMember,
    Verification,
)
from nyata.evaluations.queries.results import final_values, final_values_of_period, proposed_values, score
from nyata.scoring import Node

TOP_GAINS = 10


@dataclass(frozen=True)
class Bar:
    """One component's score against its maximum, as a server-rendered SVG bar."""

    node: Node
    depth: int
    score: Decimal
    max: Decimal
    applicable: bool = True

    @property
    def percent(self) -> Decimal:
        if not self.max:
            return Decimal(0)
        return (self.score * 100 / self.max).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class IndicatorLine:
    node: Node
    proposed: str
    final: str
    changed: bool


@dataclass(frozen=True)
class GainLine:
    node: Node
    gain: Decimal


@dataclass
class UnitResult:
    assessment: Assessment
    preliminary: bool
    total: Decimal
    max_total: Decimal
    proposed_total: Decimal
    predicate: str
    predicate_label: str
    bars: list[Bar]
    indicators: list[tuple[Node | None, list[IndicatorLine]]]
    gains: list[GainLine]
    findings: list[tuple[Node, Finding]] = field(default_factory=list)


def components(instrument) -> list[tuple[Node, int]]:
    """The top-level and second-level nodes (the components a result is read by), in file order."""
    found = []
    for root in definition_of(instrument).nodes:
        found.append((root, 0))
        found.extend((child, 1) for child in root.children if not child.is_leaf)
    return found


def predicate_label(instrument, code: str) -> str:
    labels = {p.code: p.label for p in definition_of(instrument).predicates}
    return labels.get(code, code) or "—"


def _d(number) -> Decimal:
    return Decimal(str(number)).quantize(Decimal("0.01"))


def unit_result(assessment: Assessment) -> UnitResult:
    period = assessment.period
    instrument = period.instrument
    nodes = {node.code: node for node in definition_of(instrument).walk()}
    proposed = proposed_values(assessment)
    stored = Result.objects.filter(assessment=assessment).first() if period.is_locked else None
    if stored is not None:
        final = stored.final_values
        detail = stored.detail["nodes"]
        scores = {code: (_d(n["score"]), _d(n["max"]), n["applicable"]) for code, n in detail.items()}
        gains = [(g["code"], _d(g["gain"])) for g in stored.detail["gains"]]
        total, max_total, proposed_total = stored.total, stored.max_total, stored.proposed_total
        predicate = stored.predicate
    else:
        final = final_values(assessment)
        result = score(assessment, final)
        scores = {code: (n.score, n.max, n.applicable) for code, n in result.nodes.items()}
        gains = [(g.code, g.gain) for g in result.gains]
        total, max_total, predicate = result.total, result.max_total, result.predicate or ""
        proposed_total = score(assessment, proposed).total
    bars = [Bar(node, depth, *scores[node.code]) for node, depth in components(instrument)]
    groups: dict[str, list[IndicatorLine]] = defaultdict(list)
    for code, node in indicators_of(instrument).items():
        line = IndicatorLine(
            node,
            values.display(node, proposed.get(code)),
            values.display(node, final.get(code)),
            proposed.get(code) != final.get(code),
        )
        groups[_component_of(instrument, code)].append(line)
    findings = Finding.objects.filter(assessment=assessment)
    return UnitResult(
        assessment=assessment,
        preliminary=stored is None,
        total=total,
        max_total=max_total,
        proposed_total=proposed_total,
        predicate=predicate,
        predicate_label=predicate_label(instrument, predicate),
        bars=bars,
        indicators=[(nodes.get(code), lines) for code, lines in groups.items()],
        gains=[GainLine(nodes[code], gain) for code, gain in gains[:TOP_GAINS] if gain > 0],
        findings=sorted(
            ((nodes[f.node], f) for f in findings if f.node in nodes),
            key=lambda pair: list(nodes).index(pair[0].code),
        ),
    )


def _component_of(instrument, code: str) -> str:
    """The second-level node an indicator belongs to (or the top level if it hangs right under it)."""
    return _parents(definition_of(instrument)).get(code, "")


@lru_cache(maxsize=32)
def _parents(definition) -> dict[str, str]:
    found = {}
    for root in definition.nodes:
        for child in root.children:
            group = child.code if not child.is_leaf else root.code
            for node in child.walk():
                if node.is_leaf:
                    found[node.code] = group
    return found


# --- a whole period ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    rank: int
    assessment: Assessment
    total: Decimal
    max_total: Decimal
    predicate: str
    predicate_label: str
    cells: list[Bar]


def ranking(period: Period) -> tuple[list[tuple[Node, int]], list[RankingRow]]:
    """Every unit by total, best first, with its top-level components; ties share a rank."""
    instrument = period.instrument
    tops = [(node, depth) for node, depth in components(instrument) if depth == 0]
    figures = []
    if period.is_locked:
        for result in Result.objects.filter(assessment__period=period).select_related("assessment__unit"):
            result.assessment.period = period  # the permission checks per row read it: no query each
            nodes = result.detail["nodes"]
            cells = [
                Bar(node, 0, _d(nodes[node.code]["score"]), _d(nodes[node.code]["max"])) for node, _ in tops
            ]
            figures.append((result.assessment, result.total, result.max_total, result.predicate, cells))
    else:
        finals = final_values_of_period(period)
        compiled = compiled_of(instrument)
        for assessment in period.assessments.select_related("unit"):
            assessment.period = period
            result = compiled.score(answers=values.engine_answers(finals[assessment.pk]))
            cells = [
                Bar(node, 0, result.nodes[node.code].score, result.nodes[node.code].max) for node, _ in tops
            ]
            figures.append((assessment, result.total, result.max_total, result.predicate or "", cells))
    figures.sort(key=lambda f: (-f[1], f[0].unit.name))
    rows, previous, rank = [], None, 0
    for position, (assessment, total, max_total, predicate, cells) in enumerate(figures, start=1):
        if total != previous:
            rank, previous = position, total
        rows.append(
            RankingRow(
                rank, assessment, total, max_total, predicate, predicate_label(instrument, predicate), cells
            )
        )
    return tops, rows


@dataclass(frozen=True)
class ProgressRow:
    assessment: Assessment
    stage_index: int
    answered: int
    evidence: int
    reviews: dict[str, int]
    verifications: int
    open_clarifications: int


STAGES = list(Assessment.Status.values)
STAGE_LABELS = [label for _value, label in Assessment.Status.choices]


def progress(period: Period) -> tuple[int, list[ProgressRow]]:
    """Where each unit stands (unit x stage) with counts of answers, evidence and reviews, in a fixed
    number of queries whatever the number of units."""

    def counted(queryset, *keys) -> dict:
        return {
            tuple(row[k] for k in keys): row["n"] for row in queryset.values(*keys).annotate(n=Count("pk"))
        }

    answered = counted(Answer.objects.filter(assessment__period=period, value__isnull=False), "assessment_id")
    evidence = counted(Evidence.objects.filter(assessment__period=period, is_current=True), "assessment_id")
    reviews = counted(Review.objects.filter(assessment__period=period), "assessment_id", "tier")
    verified = counted(Verification.objects.filter(assessment__period=period), "assessment_id")
    asked = counted(
        Clarification.objects.filter(assessment__period=period, status=Clarification.Status.OPEN),
        "assessment_id",
    )
    rows = [
        ProgressRow(
            assessment=assessment,
            stage_index=STAGES.index(assessment.status),
            answered=answered.get((assessment.pk,), 0),
            evidence=evidence.get((assessment.pk,), 0),
            reviews={tier: reviews.get((assessment.pk, tier), 0) for tier in TeamMember.Tier.values},
            verifications=verified.get((assessment.pk,), 0),
            open_clarifications=asked.get((assessment.pk,), 0),
        )
        for assessment in period.assessments.select_related("unit").order_by("unit__name")
    ]
    return len(indicators_of(period.instrument)), rows
