"""The pengampu verification sheet: one RB area's indicators across every OPD of a period."""

from dataclasses import dataclass, field

from django.http import Http404

from nyata.evaluations import values
from nyata.evaluations.instrument import definition_of
from nyata.evaluations.models import (
    Answer,
    Assessment,
    Evidence,
    Period,
    Verification,
)
from nyata.evaluations.queries.review import _with_links
from nyata.evaluations.rules import pengampu_areas
from nyata.evaluations.workflow import REVIEWING_STAGES
from nyata.org.models import Instansi
from nyata.scoring import Node


@dataclass
class VerificationRow:
    assessment: Assessment
    answer: Answer | None
    proposed_text: str
    evidence: list[Evidence]
    verification: Verification | None
    errors: list[str] = field(default_factory=list)
    saved: bool = False
    posted: dict | None = None

    @property
    def can_verify(self) -> bool:
        return self.assessment.status in REVIEWING_STAGES


@dataclass
class VerificationGroup:
    node: Node
    rows: list[VerificationRow]


def area_indicators(period: Period, areas: frozenset[str]) -> list[Node]:
    return [node for node in definition_of(period.instrument).leaves() if node.pengampu in areas]


def verification_sheet(period: Period, areas: frozenset[str]) -> list[VerificationGroup]:
    """Only the indicators of the verifier's RB areas, across every OPD of the period: the proposal and the
    evidence of those indicators, nothing else of the worksheet."""
    nodes = area_indicators(period, areas)
    codes = [node.code for node in nodes]
    assessments = list(period.assessments.select_related("unit").order_by("unit__name"))
    in_period = {"assessment__period": period, "indicator__in": codes}
    answers = {(a.assessment_id, a.indicator): a for a in Answer.objects.filter(**in_period)}
    verifications = {
        (v.assessment_id, v.indicator): v
        for v in Verification.objects.filter(**in_period).select_related("verified_by")
    }
    evidence: dict[tuple[int, str], list[Evidence]] = {}
    for item in Evidence.objects.filter(is_current=True, **in_period):
        evidence.setdefault((item.assessment_id, item.indicator), []).append(item)
    groups = []
    for node in nodes:
        rows = []
        for assessment in assessments:
            answer = answers.get((assessment.pk, node.code))
            rows.append(
                VerificationRow(
                    assessment=assessment,
                    answer=answer,
                    proposed_text=values.display(node, answer.value if answer else None),
                    evidence=_with_links(evidence.get((assessment.pk, node.code), []), period.instansi.code),
                    verification=verifications.get((assessment.pk, node.code)),
                )
            )
        groups.append(VerificationGroup(node=node, rows=rows))
    return groups


def verifications_waiting(period: Period, areas: frozenset[str]) -> int:
    """Indicators of these areas in assessments under review that no pengampu has verified yet."""
    codes = [node.code for node in area_indicators(period, areas)]
    if not codes:
        return 0
    reviewing = period.assessments.filter(status__in=REVIEWING_STAGES).count()
    done = Verification.objects.filter(
        assessment__period=period, assessment__status__in=REVIEWING_STAGES, indicator__in=codes
    ).count()
    return reviewing * len(codes) - done


def verification_work(user, instansi: Instansi) -> list[tuple[Period, int]]:
    """The open periods a pengampu verifier works in, each with how many verifications wait."""
    areas = pengampu_areas(user, instansi.pk)
    if not areas:
        return []
    periods = Period.objects.filter(instansi=instansi, status=Period.Status.OPEN).select_related("instrument")
    return [(period, verifications_waiting(period, areas)) for period in periods]


def get_assessment_to_verify(period: Period, pk: int) -> Assessment:
    """A pengampu verifier reaches an assessment only through an indicator of their area (checked by the
    action), never through the worksheet getter, which refuses them."""
    assessment = period.assessments.select_related("unit", "period__instrument", "period__instansi").filter(
        pk=pk
    )
    found = assessment.first()
    if found is None:
        raise Http404
    return found


def verification_row(period: Period, areas: frozenset[str], assessment: Assessment, code: str):
    for group in verification_sheet(period, areas):
        if group.node.code == code:
            return group.node, next(row for row in group.rows if row.assessment.pk == assessment.pk)
    raise Http404
