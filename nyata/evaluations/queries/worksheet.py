"""The worksheet of one assessment as rows to render: the instrument's tree with, per indicator, its answer,
its evidence per checklist item and last year's final answer; and the completeness meter.

A fixed number of queries whatever the size of the instrument: the tree comes from the pinned instrument
(parsed once per version), answers and evidence are read in one query each, last year's results in one.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q
from django.urls import reverse

from nyata.evaluations import values
from nyata.evaluations.guards import refusal, require_status, require_window
from nyata.evaluations.instrument import definition_of
from nyata.evaluations.models import Answer, Assessment, Clarification, Evidence, Period, Phase, Result
from nyata.evaluations.queries.evidence import evidence_by_item
from nyata.evaluations.queries.survey import SurveyFigures, figures_for
from nyata.org import rules
from nyata.org.queries import lineage
from nyata.scoring import NOT_APPLICABLE, Node
from nyata.scoring import Evidence as ChecklistItem


def dom_id(code: str) -> str:
    """A stable HTML id for an indicator (anchors and htmx targets need no escaping)."""
    return "i-" + re.sub(r"[^A-Za-z0-9_-]", "_", code)


@dataclass
class Previous:
    year: int
    unit: str  # empty when it is the same unit; else the predecessor unit's name
    text: str


@dataclass
class Slot:
    """One checklist item (or, for an indicator without a checklist, the indicator as a whole)."""

    item: ChecklistItem | None
    files: list[Evidence]

    @property
    def code(self) -> str:
        return self.item.code if self.item else ""

    @property
    def required(self) -> bool:
        return bool(self.item and self.item.required)


@dataclass
class RowState:
    """What happened to the last save of this row, shown in place."""

    saved_at: datetime | None = None
    errors: list[str] = field(default_factory=list)
    conflict: Answer | None = None  # the stored answer that won
    submitted: values.Stored = None  # what this person sent
    submitted_fields: dict[str, str] = field(default_factory=dict)
    submitted_explanation: str = ""
    submitted_text: str = ""
    stored_text: str = ""
    notices: list[str] = field(default_factory=list)  # evidence: duplicates flagged
    evidence_errors: list[str] = field(default_factory=list)


@dataclass
class Row:
    node: Node
    dom_id: str
    answer: Answer | None
    slots: list[Slot]
    previous: list[Previous]
    state: RowState = field(default_factory=RowState)
    survey: SurveyFigures | None = None  # for an indicator answered from the unit's SKM

    @property
    def stored(self) -> values.Stored:
        return self.answer.value if self.answer else None

    @property
    def fields(self) -> dict[str, str]:
        if self.state.errors and not self.state.conflict:
            return self.state.submitted_fields  # the person's input stays on screen next to the message
        return values.form_fields(self.stored)

    @property
    def explanation(self) -> str:
        if self.state.errors and not self.state.conflict:
            return self.state.submitted_explanation
        return self.answer.explanation if self.answer else ""

    @property
    def revision(self) -> int:
        return self.answer.revision if self.answer else 0

    @property
    def display(self) -> str:
        return values.display(self.node, self.stored)

    @property
    def is_not_applicable(self) -> bool:
        return self.fields.get("value") == NOT_APPLICABLE

    @property
    def kind(self) -> str:
        return str(self.node.answer.kind)

    @property
    def replaceable(self) -> list[Evidence]:
        return [e for slot in self.slots for e in slot.files if e.kind == Evidence.Kind.FILE]


@dataclass
class Step:
    """The tree flattened for the template: open a component, show an indicator, close a component."""

    action: str  # "open", "row", "close"
    node: Node
    depth: int
    row: Row | None = None


@dataclass(frozen=True)
class Completeness:
    answered: int
    total: int
    evidence_present: int
    evidence_required: int

    @staticmethod
    def _percent(part: int, whole: int) -> int:
        return 100 if whole == 0 else part * 100 // whole

    @property
    def answered_percent(self) -> int:
        return self._percent(self.answered, self.total)

    @property
    def evidence_percent(self) -> int:
        return self._percent(self.evidence_present, self.evidence_required)


def completeness(
    leaves: tuple[Node, ...], answers: dict[str, Answer], present: set[tuple[str, str]]
) -> Completeness:
    """Answers given of all indicators; required evidence present of all required items (not counting
    indicators answered "not applicable", which need no proof, as in submission_gaps)."""
    answered = required = proven = 0
    for node in leaves:
        answer = answers.get(node.code)
        value = answer.value if answer else None
        answered += value is not None
        if value == NOT_APPLICABLE:
            continue
        for item in node.evidence:
            if item.required:
                required += 1
                proven += (node.code, item.code) in present
    return Completeness(answered, len(leaves), proven, required)


def previous_answers(assessment: Assessment) -> dict[str, list[Previous]]:
    """Last period's final values of this unit or the units it descends from, per indicator code.

    Shown beside the indicator only; nothing is carried over as this year's answer."""
    previous_id = assessment.period.previous_id
    if previous_id is None:
        return {}
    units = lineage(assessment.unit)
    results = Result.objects.filter(
        assessment__period_id=previous_id, assessment__unit__in=units
    ).values_list("assessment__unit_id", "assessment__unit__name", "assessment__period__year", "final_values")
    nodes = {node.code: node for node in definition_of(assessment.period.instrument).leaves()}
    order = {unit.pk: index for index, unit in enumerate(units)}
    found: dict[str, list[Previous]] = {}
    for unit_id, unit_name, year, final_values in sorted(results, key=lambda r: order[r[0]]):
        label = "" if unit_id == assessment.unit_id else unit_name
        for code, stored in (final_values or {}).items():
            if code in nodes and stored is not None:
                found.setdefault(code, []).append(Previous(year, label, values.display(nodes[code], stored)))
    return found


_PLACEHOLDER = 987654321


def with_download_urls(assessment: Assessment, grouped: dict[tuple[str, str], list[Evidence]]) -> None:
    """Give each evidence its download link. One reverse() for all: a page of a large instrument links
    hundreds of files, and reversing each would cost more than the rest of the page's logic."""
    pattern = reverse("evaluations:evidence-download", args=[assessment.period.instansi.code, _PLACEHOLDER])
    for files in grouped.values():
        for evidence in files:
            evidence.download_url = pattern.replace(str(_PLACEHOLDER), str(evidence.pk))
            if evidence.replaces_id:
                evidence.previous_url = pattern.replace(str(_PLACEHOLDER), str(evidence.replaces_id))


def _slots(node: Node, grouped: dict[tuple[str, str], list[Evidence]]) -> list[Slot]:
    if not node.evidence:
        return [Slot(None, grouped.get((node.code, ""), []))]
    return [Slot(item, grouped.get((node.code, item.code), [])) for item in node.evidence]


def answers_of(assessment: Assessment, *, indicator: str | None = None) -> dict[str, Answer]:
    rows = Answer.objects.filter(assessment=assessment).select_related("updated_by")
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    return {answer.indicator: answer for answer in rows}


def build_row(
    assessment: Assessment, node: Node, *, previous: dict[str, list[Previous]] | None = None
) -> Row:
    """One indicator's row, read fresh (for the fragment an htmx request re-renders)."""
    answer = answers_of(assessment, indicator=node.code).get(node.code)
    grouped = evidence_by_item(assessment, indicator=node.code)
    with_download_urls(assessment, grouped)
    row = Row(node, dom_id(node.code), answer, _slots(node, grouped), (previous or {}).get(node.code, []))
    row.survey = figures_for(assessment) if node.source else None
    return row


def measure(assessment: Assessment) -> Completeness:
    leaves = definition_of(assessment.period.instrument).leaves()
    present = set(evidence_by_item(assessment))
    return completeness(leaves, answers_of(assessment), present)


def measure_many(assessments: list[Assessment]) -> dict[int, Completeness]:
    """assessment id -> its completeness, for many assessments in two queries (the landing pages)."""
    answers: dict[int, dict[str, Answer]] = {a.pk: {} for a in assessments}
    for answer in Answer.objects.filter(assessment__in=assessments).only(
        "assessment_id", "indicator", "value"
    ):
        answers[answer.assessment_id][answer.indicator] = answer
    present: dict[int, set[tuple[str, str]]] = {a.pk: set() for a in assessments}
    rows = Evidence.objects.filter(assessment__in=assessments, is_current=True).exclude(item="")
    for assessment_id, indicator, item in rows.values_list("assessment_id", "indicator", "item").distinct():
        present[assessment_id].add((indicator, item))
    return {
        a.pk: completeness(definition_of(a.period.instrument).leaves(), answers[a.pk], present[a.pk])
        for a in assessments
    }


@dataclass
class Worksheet:
    steps: list[Step]
    rows: dict[str, Row]
    completeness: Completeness


def build_worksheet(assessment: Assessment, *, states: dict[str, RowState] | None = None) -> Worksheet:
    definition = definition_of(assessment.period.instrument)
    answers = answers_of(assessment)
    grouped = evidence_by_item(assessment)
    with_download_urls(assessment, grouped)
    previous = previous_answers(assessment)
    states = states or {}
    # Read once for the page, and only when the instrument has IKM-sourced indicators.
    survey = figures_for(assessment) if any(n.source for n in definition.leaves()) else None
    steps: list[Step] = []
    rows: dict[str, Row] = {}

    def visit(node: Node, depth: int) -> None:
        if node.is_leaf:
            row = Row(
                node,
                dom_id(node.code),
                answers.get(node.code),
                _slots(node, grouped),
                previous.get(node.code, []),
                states.get(node.code) or RowState(),
                survey if node.source else None,
            )
            rows[node.code] = row
            steps.append(Step("row", node, depth, row))
            return
        steps.append(Step("open", node, depth))
        for child in node.children:
            visit(child, depth + 1)
        steps.append(Step("close", node, depth))

    for root in definition.nodes:
        visit(root, 0)
    measured = completeness(definition.leaves(), answers, set(grouped))
    return Worksheet(steps, rows, measured)


def editing(user, assessment: Assessment) -> tuple[bool, str]:
    """Whether this person may change answers and evidence now, and if not (while their role could), why
    not, in the words the save would be refused with: the lock, the window, the stage. Said before anyone
    types, so that nothing typed is lost to a refusal."""
    if not rules.has_perm(user, "evaluations.answer", assessment):
        return False, ""
    reason = refusal(
        lambda: require_window(assessment.period, Phase.SELF_ASSESSMENT, unit_id=assessment.unit_id)
    ) or refusal(lambda: require_status(assessment, Assessment.Status.SELF_ASSESSMENT))
    return not reason, reason


@dataclass(frozen=True)
class OpenAssessment:
    assessment: Assessment
    completeness: Completeness
    open_clarifications: int


def open_assessments(user) -> list[OpenAssessment]:
    """Every assessment of an open period of the person's own units, with its completeness and open
    clarification requests; a fixed number of queries whatever the number of units and periods."""
    assessments = list(
        Assessment.objects.filter(unit_id__in=rules.own_unit_ids(user), period__status=Period.Status.OPEN)
        .select_related("period__instansi", "period__instrument", "unit")
        .annotate(
            open_clarifications=Count(
                "clarifications", filter=Q(clarifications__status=Clarification.Status.OPEN)
            )
        )
        .order_by("-period__year", "period__title", "unit__name")
    )
    measured = measure_many(assessments) if assessments else {}
    return [OpenAssessment(a, measured[a.pk], a.open_clarifications) for a in assessments]
