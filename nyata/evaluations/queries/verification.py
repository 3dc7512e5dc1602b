"""The pengampu verification sheet: one RB area's indicators across every OPD of a period, filtered by OPD,
area and status and read one page at a time; and who verifies which area."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from nyata.evaluations import values
from nyata.evaluations.instrument import definition_for, indicators_of
from nyata.evaluations.models import (
    Answer,
    Assessment,
    Evidence,
    Period,
    Verification,
)
from nyata.evaluations.queries.review import _with_links
from nyata.evaluations.workflow import REVIEWING_STAGES
from nyata.scoring import Node

# The sheet's rows (indicator x OPD) per page: a verifier reads one screenful, the server one page.
PER_PAGE = 25
WAITING, VALID, NOT_VALID, ALL = "waiting", "valid", "not_valid", "all"
STATUSES = {
    WAITING: _("Waiting for verification"),
    VALID: _("Valid"),
    NOT_VALID: _("Not valid"),
    ALL: _("Every status"),
}


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

    @property
    def opens_later(self) -> bool:
        return self.assessment.status in (Assessment.Status.SELF_ASSESSMENT, Assessment.Status.AWAITING_HEAD)


@dataclass
class VerificationGroup:
    node: Node
    rows: list[VerificationRow]


@dataclass
class Sheet:
    groups: list[VerificationGroup]
    page: Page
    # How many rows of the filtered scope wait, are valid, are not valid (whatever the status filter).
    counts: dict[str, int]
    # The OPD filtered on and how many of its indicators wait (what "semua valid" would mark).
    opd: Assessment | None = None
    opd_waiting: int = 0


def area_indicators(period: Period, areas: frozenset[str]) -> list[Node]:
    return [node for node in definition_for(period).leaves() if node.pengampu in areas]


def opd_choices(period: Period) -> list[Assessment]:
    """The OPD of the period, by name, for the page's OPD filter."""
    return list(period.assessments.select_related("unit").order_by("unit__name"))


def row_status(assessment: Assessment, verdict: bool | None) -> str:
    """waiting: under the Inspektorat's review and not verified yet; valid / not valid once verified; ""
    for an assessment not (or no longer) under review that was never verified: nothing to do there."""
    if verdict is not None:
        return VALID if verdict else NOT_VALID
    return WAITING if assessment.status in REVIEWING_STAGES else ""


def verification_sheet(
    period: Period,
    areas: frozenset[str],
    *,
    opd: int | None = None,
    status: str = ALL,
    page: int | str = 1,
    per_page: int = PER_PAGE,
) -> Sheet:
    """One page of the (indicator, OPD) rows of these areas, indicator by indicator in file order, OPD by
    name. The same number of queries whatever the number of OPD, indicators or pages: the verdicts of the
    whole scope are read as bare pairs to filter and count; answers, evidence and verifiers only for the
    page's rows."""
    nodes = area_indicators(period, areas)
    codes = [node.code for node in nodes]
    assessments = list(period.assessments.select_related("unit").order_by("unit__name"))
    chosen = next((a for a in assessments if a.pk == opd), None) if opd else None
    if chosen is not None:
        assessments = [chosen]
    verdicts = dict(
        ((assessment_id, code), is_valid)
        for assessment_id, code, is_valid in Verification.objects.filter(
            assessment__period=period, indicator__in=codes
        ).values_list("assessment_id", "indicator", "is_valid")
    )
    counts = dict.fromkeys((WAITING, VALID, NOT_VALID), 0)
    pairs = []
    for node in nodes:
        for assessment in assessments:
            state = row_status(assessment, verdicts.get((assessment.pk, node.code)))
            if state:
                counts[state] += 1
            if status == ALL or state == status:
                pairs.append((node, assessment))
    shown = Paginator(pairs, per_page).get_page(page)
    groups = _rows(period, list(shown.object_list))
    opd_waiting = counts[WAITING] if chosen is not None else 0
    return Sheet(groups=groups, page=shown, counts=counts, opd=chosen, opd_waiting=opd_waiting)


def _rows(period: Period, pairs: list[tuple[Node, Assessment]]) -> list[VerificationGroup]:
    """The page's rows with their proposal, evidence and verdict, grouped by indicator (3 queries)."""
    if not pairs:
        return []
    ids = {assessment.pk for _node, assessment in pairs}
    codes = {node.code for node, _assessment in pairs}
    scope = {"assessment_id__in": ids, "indicator__in": codes}
    answers = {(a.assessment_id, a.indicator): a for a in Answer.objects.filter(**scope)}
    verifications = {
        (v.assessment_id, v.indicator): v
        for v in Verification.objects.filter(**scope).select_related("verified_by")
    }
    evidence: dict[tuple[int, str], list[Evidence]] = defaultdict(list)
    for item in Evidence.objects.filter(is_current=True, **scope):
        evidence[(item.assessment_id, item.indicator)].append(item)
    groups: list[VerificationGroup] = []
    for node, assessment in pairs:
        if not groups or groups[-1].node.code != node.code:
            groups.append(VerificationGroup(node=node, rows=[]))
        key = (assessment.pk, node.code)
        answer = answers.get(key)
        groups[-1].rows.append(
            VerificationRow(
                assessment=assessment,
                answer=answer,
                proposed_text=values.display(node, answer.value if answer else None),
                evidence=_with_links(evidence.get(key, []), period.instansi.code),
                verification=verifications.get(key),
            )
        )
    return groups


def verification_row(period: Period, areas: frozenset[str], assessment: Assessment, code: str):
    """One row, for the htmx swap after a save."""
    node = indicators_of(period.instrument).get(code)
    if node is None or node.pengampu not in areas:
        raise Http404
    return node, _rows(period, [(node, assessment)])[0].rows[0]


def waiting_per_assessment(periods: list[Period], areas: frozenset[str]) -> dict[int, tuple[Assessment, int]]:
    """assessment id -> (the assessment under review, how many indicators of these areas wait in it), over
    every period given, in two queries whatever their number."""
    codes = {period.pk: [node.code for node in area_indicators(period, areas)] for period in periods}
    under_review = list(
        Assessment.objects.filter(
            period__in=[p for p in periods if codes[p.pk]], status__in=REVIEWING_STAGES
        ).select_related("unit", "period__instansi")
    )
    if not under_review:
        return {}
    done: dict[int, int] = defaultdict(int)
    verified = Q()
    for period_id, period_codes in codes.items():
        if period_codes:
            verified |= Q(assessment__period_id=period_id, indicator__in=period_codes)
    rows = Verification.objects.filter(verified, assessment__in=under_review).values_list("assessment_id")
    for (assessment_id,) in rows:
        done[assessment_id] += 1
    found = {}
    for assessment in under_review:
        waiting = len(codes[assessment.period_id]) - done[assessment.pk]
        if waiting > 0:
            found[assessment.pk] = (assessment, waiting)
    return found


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
