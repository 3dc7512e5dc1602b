"""Reads of the results side: one unit's result, the ranking of a period and its progress matrix.

Before finalisation the figures are computed now by the engine from the final values so far (preliminary,
for the Inspektorat); after it they are read from the stored Result, which is what was published."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db.models import Count

from nyata.evaluations import feeds, values
from nyata.evaluations.instrument import definition_for, definition_of, indicators_for
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
from nyata.evaluations.queries.results import (
    final_values,
    final_values_of_period,
    proposed_values,
    score,
    score_of_unit,
)
from nyata.evaluations.queries.survey import sourced_indicators
from nyata.evaluations.workflow import FLOW_STAGES
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
    # Awards such as WBK/WBBM (Zona Integritas): earned, and met by the scores but withheld because the
    # unit does not hold the prerequisite (WBBM without WBK, PermenPANRB 5/2024).
    awards: tuple[str, ...] = ()
    withheld: tuple[str, ...] = ()


def components(period) -> list[tuple[Node, int]]:
    """The top-level and second-level nodes (the components a result is read by), in file order; a theme
    the period did not choose does not exist for it and is not among them."""
    found = []
    for root in definition_for(period).nodes:
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
    nodes = {node.code: node for node in definition_for(period).walk()}
    proposed = proposed_values(assessment)
    finalised = assessment.status == Assessment.Status.FINALISED
    stored = Result.objects.filter(assessment=assessment).first() if finalised else None
    if stored is not None:
        final = stored.final_values
        detail = stored.detail["nodes"]
        scores = {code: (_d(n["score"]), _d(n["max"]), n["applicable"]) for code, n in detail.items()}
        gains = [(g["code"], _d(g["gain"])) for g in stored.detail["gains"]]
        total, max_total, proposed_total = stored.total, stored.max_total, stored.proposed_total
        predicate = stored.predicate
        awards = tuple(stored.detail.get("awards", ()))
        withheld = tuple(stored.detail.get("withheld", ()))
    else:
        final = final_values(assessment)
        result = score(assessment, final)
        scores = {code: (n.score, n.max, n.applicable) for code, n in result.nodes.items()}
        gains = [(g.code, g.gain) for g in result.gains]
        total, max_total, predicate = result.total, result.max_total, result.predicate or ""
        awards, withheld = result.awards, result.withheld
        proposed_total = score(assessment, proposed).total
    bars = [Bar(node, depth, *scores[node.code]) for node, depth in components(period)]
    groups: dict[str, list[IndicatorLine]] = defaultdict(list)
    for code, node in indicators_for(period).items():
        line = IndicatorLine(
            node,
            values.display(node, proposed.get(code)),
            values.display(node, final.get(code)),
            proposed.get(code) != final.get(code),
        )
        groups[_component_of(instrument, code)].append(line)
    findings = Finding.objects.filter(assessment=assessment).prefetch_related("recommendations")
    return UnitResult(
        assessment=assessment,
        preliminary=stored is None,
        total=total,
        max_total=max_total,
        proposed_total=proposed_total,
        predicate=predicate,
        predicate_label=predicate_label(instrument, predicate),
        bars=bars,
        awards=awards,
        withheld=withheld,
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


# How a unit stands in the ranking. Only reviewed units are scored: a unit still in review would rank on
# half-written values; a unit that did not submit is shown as such, never as a zero score; a withdrawn unit
# is not evaluated at all. Neither of the last three counts in the average or the distribution.
FINAL, PRELIMINARY, UNREVIEWED = "final", "preliminary", "unreviewed"
NOT_SUBMITTED, WITHDRAWN = Assessment.Status.NOT_SUBMITTED.value, Assessment.Status.WITHDRAWN.value
UNSCORED_ORDER = (UNREVIEWED, NOT_SUBMITTED, WITHDRAWN)


@dataclass(frozen=True)
class RankingRow:
    rank: int | None
    assessment: Assessment
    standing: str
    total: Decimal | None = None
    max_total: Decimal | None = None
    predicate: str = ""
    predicate_label: str = ""
    cells: list[Bar] = field(default_factory=list)

    @property
    def is_scored(self) -> bool:
        return self.total is not None


def _standing(assessment: Assessment) -> str:
    status = assessment.status
    if status == Assessment.Status.FINALISED:
        return FINAL
    if status == Assessment.Status.REVIEWED:
        return PRELIMINARY
    if status in (NOT_SUBMITTED, WITHDRAWN):
        return status
    return UNREVIEWED


def ranking(period: Period) -> tuple[list[tuple[Node, int]], list[RankingRow]]:
    """Every unit: the scored ones by total, best first (ties share a rank), with their top-level
    components; then those not scored: still in review, not submitted, withdrawn."""
    instrument = period.instrument
    tops = [(node, depth) for node, depth in components(period) if depth == 0]
    stored = {result.assessment_id: result for result in Result.objects.filter(assessment__period=period)}
    finals = final_values_of_period(period) if not period.is_locked else {}
    scored, unscored = [], []
    for assessment in period.assessments.select_related("unit"):
        assessment.period = period  # the permission checks per row read it: no query each
        standing = _standing(assessment)
        if standing == FINAL and assessment.pk in stored:
            result = stored[assessment.pk]
            nodes = result.detail["nodes"]
            cells = [
                Bar(node, 0, _d(nodes[node.code]["score"]), _d(nodes[node.code]["max"])) for node, _ in tops
            ]
            scored.append((assessment, standing, result.total, result.max_total, result.predicate, cells))
        elif standing == PRELIMINARY:
            result = score_of_unit(period, assessment.unit_id, finals[assessment.pk])
            cells = [
                Bar(node, 0, result.nodes[node.code].score, result.nodes[node.code].max) for node, _ in tops
            ]
            scored.append(
                (assessment, standing, result.total, result.max_total, result.predicate or "", cells)
            )
        else:
            # A finalised unit always has its stored result; without one it is shown as not yet reviewed.
            unscored.append(RankingRow(None, assessment, standing if standing != FINAL else UNREVIEWED))
    scored.sort(key=lambda f: (-f[2], f[0].unit.name))
    rows, previous, rank = [], None, 0
    for position, (assessment, standing, total, max_total, predicate, cells) in enumerate(scored, start=1):
        if total != previous:
            rank, previous = position, total
        label = predicate_label(instrument, predicate)
        rows.append(RankingRow(rank, assessment, standing, total, max_total, predicate, label, cells))
    unscored.sort(key=lambda row: (UNSCORED_ORDER.index(row.standing), row.assessment.unit.name))
    return tops, rows + unscored


@dataclass(frozen=True)
class RankingSummary:
    """The average and the distribution over the scored units only, with what they leave out."""

    scored: int
    average: Decimal | None
    distribution: list[tuple[str, str, int]]  # (predicate code, label, units), in the instrument's order
    unreviewed: int
    not_submitted: int
    withdrawn: int


def ranking_summary(period: Period, rows: list[RankingRow]) -> RankingSummary:
    totals = [row.total for row in rows if row.is_scored]
    counted = Counter(row.predicate for row in rows if row.is_scored)
    left_out = Counter(row.standing for row in rows if not row.is_scored)
    predicates = [(p.code, p.label) for p in definition_of(period.instrument).predicates]
    return RankingSummary(
        scored=len(totals),
        average=_d(sum(totals) / len(totals)) if totals else None,
        distribution=[(code, label, counted.get(code, 0)) for code, label in predicates],
        unreviewed=left_out[UNREVIEWED],
        not_submitted=left_out[NOT_SUBMITTED],
        withdrawn=left_out[WITHDRAWN],
    )


@dataclass(frozen=True)
class ProgressRow:
    assessment: Assessment
    step: int | None  # 1-based place in FLOW_STAGES; None for a unit closed as not submitted or withdrawn
    answered: int  # answers the OPD gave itself; an answer filled from the unit's SKM is counted apart
    from_survey: int
    evidence: int
    reviews: dict[str, int]
    verifications: int
    open_clarifications: int
    from_data: int = 0  # answers filled from another source Nyata holds (`data:<key>`, ...), counted apart


@dataclass(frozen=True)
class Progress:
    rows: list[ProgressRow]
    typed_total: int  # indicators the OPD answers itself
    survey_total: int  # indicators filled from the SKM (`source: skm-ikm`)
    steps: int
    data_total: int = 0  # indicators filled from another source (outside figures, ...): not typed either

    @property
    def indicator_total(self) -> int:
        return self.typed_total + self.survey_total + self.data_total


def progress(period: Period) -> Progress:
    """Where each unit stands (its step in the flow) with counts of answers, evidence and reviews, in a
    fixed number of queries whatever the number of units."""

    def counted(queryset, *keys) -> dict:
        return {
            tuple(row[k] for k in keys): row["n"] for row in queryset.values(*keys).annotate(n=Count("pk"))
        }

    from_survey = {node.code for node in sourced_indicators(period)}
    applying = indicators_for(period)
    from_data = {node.code for node in feeds.fed_indicators(period) if node.code in applying} - from_survey
    answers = Answer.objects.filter(assessment__period=period, value__isnull=False)
    answered = counted(answers.exclude(indicator__in=from_survey | from_data), "assessment_id")
    surveyed = counted(answers.filter(indicator__in=from_survey), "assessment_id")
    filled = counted(answers.filter(indicator__in=from_data), "assessment_id")
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
            step=FLOW_STAGES.index(assessment.status) + 1 if assessment.status in FLOW_STAGES else None,
            answered=answered.get((assessment.pk,), 0),
            from_survey=surveyed.get((assessment.pk,), 0),
            evidence=evidence.get((assessment.pk,), 0),
            reviews={tier: reviews.get((assessment.pk, tier), 0) for tier in TeamMember.Tier.values},
            verifications=verified.get((assessment.pk,), 0),
            open_clarifications=asked.get((assessment.pk,), 0),
            from_data=filled.get((assessment.pk,), 0),
        )
        for assessment in period.assessments.select_related("unit").order_by("unit__name")
    ]
    total = len(applying)
    typed = total - len(from_survey) - len(from_data)
    return Progress(rows, typed, len(from_survey), len(FLOW_STAGES), data_total=len(from_data))
