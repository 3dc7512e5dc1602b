"""The filled worksheet of a unit as evaluators keep it in Excel: every node of the instrument in file order;
for each indicator the unit's answer, explanation and evidence, each tier's value and note (the Inspektorat's
working papers only), the final value and the score; for each component its score against its maximum.

A whole period is read in a fixed number of queries (answers, reviews, evidence, results), so the period
workbook of 31 units x 107 indicators costs the same few queries as one unit."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from nyata.evaluations import values
from nyata.evaluations.instrument import definition_for
from nyata.evaluations.models import Answer, Assessment, Evidence, Period, Result, Review, TeamMember
from nyata.evaluations.queries.results import final_values_of_period, score_of_unit
from nyata.evaluations.queries.standings import predicate_label
from nyata.evaluations.workflow import TIER_ORDER
from nyata.reports.queries.city import _d
from nyata.scoring import Node

TIER_LABELS = dict(TeamMember.Tier.choices)


@dataclass(frozen=True)
class EvidenceLink:
    indicator: str
    item: str
    name: str
    url: str  # the permission-checked download of a file, or the link itself


@dataclass(frozen=True)
class Line:
    """One node of the worksheet. Indicators carry the answers; every node carries its score."""

    node: Node
    depth: int
    score: Decimal
    max: Decimal
    fraction: Decimal
    applicable: bool
    answer: values.Stored = None
    explanation: str = ""
    evidence: tuple[EvidenceLink, ...] = ()
    tiers: dict[str, tuple[values.Stored, str]] = field(default_factory=dict)
    final: values.Stored = None

    @property
    def is_indicator(self) -> bool:
        return self.node.is_leaf


@dataclass
class Worksheet:
    assessment: Assessment
    is_final: bool
    internal: bool  # holds each tier's value and note
    total: Decimal
    max_total: Decimal
    predicate: str
    predicate_label: str
    lines: list[Line]

    @property
    def unit(self):
        return self.assessment.unit

    @property
    def period(self) -> Period:
        return self.assessment.period


def tree(definition) -> list[tuple[Node, int]]:
    found = []

    def visit(node: Node, depth: int) -> None:
        found.append((node, depth))
        for child in node.children:
            visit(child, depth + 1)

    for root in definition.nodes:
        visit(root, 0)
    return found


def numeric(node: Node, stored: values.Stored) -> Decimal | None:
    """The number in a stored value where it has one (percent and number kinds)."""
    if isinstance(stored, dict) and "number" in stored:
        return Decimal(stored["number"])
    return None


def evidence_url(evidence: Evidence) -> str:
    if evidence.kind == Evidence.Kind.LINK:
        return evidence.url if evidence.url.startswith(("https://", "http://")) else ""
    path = reverse(
        "evaluations:evidence-download",
        kwargs={"instansi": evidence.assessment.period.instansi.code, "evidence": evidence.pk},
    )
    return settings.NYATA_BASE_URL.rstrip("/") + path


def worksheets_of_period(
    period: Period, *, internal: bool, assessments: list[Assessment] | None = None, reader=None
) -> Iterator[Worksheet]:
    """The worksheet of each unit (all of the period, or `assessments`), best read one at a time.

    `reader`, when given, keeps only the evidence that person may download (the links are checked again
    when followed); a workbook made for an audience leaves it None: everyone it is for may read them all.
    """
    from nyata.org import rules

    chosen = assessments if assessments is not None else list(period.assessments.select_related("unit"))
    ids = [a.pk for a in chosen]
    by_id = {a.pk: a for a in chosen}
    definition = definition_for(period)  # an unchosen theme does not exist for the period: no row
    nodes = tree(definition)
    answers = {
        (a, code): (value, explanation)
        for a, code, value, explanation in Answer.objects.filter(assessment_id__in=ids).values_list(
            "assessment_id", "indicator", "value", "explanation"
        )
    }
    tiers: dict[tuple[int, str], dict[str, tuple]] = defaultdict(dict)
    if internal:
        for a, code, tier, value, note in Review.objects.filter(assessment_id__in=ids).values_list(
            "assessment_id", "indicator", "tier", "value", "note"
        ):
            tiers[(a, code)][tier] = (value, note)
    evidence: dict[tuple[int, str], list[EvidenceLink]] = defaultdict(list)
    for item in Evidence.objects.filter(assessment_id__in=ids, is_current=True).order_by(
        "indicator", "item", "uploaded_at", "pk"
    ):
        item.assessment = by_id[item.assessment_id]
        item.assessment.period = period
        if reader is not None and not rules.has_perm(reader, "evidence.download", item):
            continue
        evidence[(item.assessment_id, item.indicator)].append(
            EvidenceLink(item.indicator, item.item, item.name, evidence_url(item))
        )
    stored = (
        {r.assessment_id: r for r in Result.objects.filter(assessment_id__in=ids)} if period.is_locked else {}
    )
    drafts = final_values_of_period(period) if not period.is_locked else {}
    for assessment in chosen:
        assessment.period = period
        result = stored.get(assessment.pk)
        if result is not None:
            final = result.final_values
            scores = {
                code: (_d(n["score"]), _d(n["max"]), Decimal(str(n["fraction"])), n["applicable"])
                for code, n in result.detail["nodes"].items()
            }
            total, max_total, predicate = result.total, result.max_total, result.predicate
        else:
            final = drafts.get(assessment.pk, {})
            scored = score_of_unit(period, assessment.unit_id, final)
            scores = {c: (n.score, n.max, n.fraction, n.applicable) for c, n in scored.nodes.items()}
            total, max_total, predicate = scored.total, scored.max_total, scored.predicate or ""
        lines = []
        for node, depth in nodes:
            score, maximum, fraction, applicable = scores[node.code]
            if node.is_leaf:
                answer, explanation = answers.get((assessment.pk, node.code), (None, ""))
                lines.append(
                    Line(
                        node,
                        depth,
                        score,
                        maximum,
                        fraction,
                        applicable,
                        answer=answer,
                        explanation=explanation,
                        evidence=tuple(evidence.get((assessment.pk, node.code), ())),
                        tiers=tiers.get((assessment.pk, node.code), {}),
                        final=final.get(node.code),
                    )
                )
            else:
                lines.append(Line(node, depth, score, maximum, fraction, applicable))
        yield Worksheet(
            assessment=assessment,
            is_final=result is not None,
            internal=internal,
            total=total,
            max_total=max_total,
            predicate=predicate,
            predicate_label=predicate_label(period.instrument, predicate),
            lines=lines,
        )


def worksheet_of(assessment: Assessment, *, internal: bool, reader) -> Worksheet:
    return next(
        worksheets_of_period(assessment.period, internal=internal, assessments=[assessment], reader=reader)
    )


TIERS = list(TIER_ORDER)
