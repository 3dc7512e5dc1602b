"""The worksheet of one assessment as rows to render: one page of one RB area (queries/areas.py) with,
per indicator, its answer, its evidence per checklist item, its notes and last year's final answer; the
progress of every area, the completeness meter and the self-score (nilai usulan).

A fixed number of queries whatever the size of the instrument, the area or the filter: the tree comes from
the pinned instrument (parsed once per version); all answers are read in one query, the present evidence
items in one, the page's evidence in one, the open notes in one, last year's results in one.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from nyata.evaluations import feeds
from nyata.evaluations.guards import refusal, require_status, require_window
from nyata.evaluations.instrument import definition_for
from nyata.evaluations.models import Answer, Assessment, Clarification, Evidence, Period, Phase
from nyata.evaluations.queries import areas as sheet_areas
from nyata.evaluations.queries.evidence import evidence_by_item, present_pairs
from nyata.evaluations.queries.results import SelfScore, self_score
from nyata.evaluations.queries.worksheet.rows import (
    Note,
    Row,
    RowState,
    Step,
    answers_of,
    dom_id,
    notes_of,
    previous_answers,
    same_items,
    slots,
    with_download_urls,
)
from nyata.org import rules
from nyata.scoring import NOT_APPLICABLE, Node


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


def measure(assessment: Assessment) -> Completeness:
    leaves = definition_for(assessment.period).leaves()
    return completeness(leaves, answers_of(assessment), present_pairs(assessment))


@dataclass
class Summary:
    """What every page and every save shows of the whole assessment: the completeness meter, the
    self-score, and each area's progress under the chosen filter."""

    completeness: Completeness
    score: SelfScore | None
    areas: list[sheet_areas.Progress]
    area: sheet_areas.Progress
    chosen: sheet_areas.Filter | None
    facts: sheet_areas.Facts
    open_clarifications: int

    @property
    def filter_key(self) -> str:
        return self.chosen.key if self.chosen else ""

    @property
    def filters(self) -> list[sheet_areas.FilterCount]:
        """How many indicators of the current area each filter finds."""
        return sheet_areas.filter_counts(self.area.area, self.facts)

    @property
    def first_noted_area(self) -> sheet_areas.Area | None:
        """Where the filter "returned or with notes" finds something first."""
        return next((entry.area for entry in self.areas if entry.noted), None)

    def page(self, number: int) -> sheet_areas.Page:
        return sheet_areas.page_of(self.area.area, self.facts, chosen=self.chosen, number=number)


def _summary(
    assessment: Assessment,
    answers: dict[str, Answer],
    present: set[tuple[str, str]],
    notes: dict[str, list[Note]],
    *,
    area_code: str,
    filter_key: str,
) -> Summary:
    definition = definition_for(assessment.period)
    facts = sheet_areas.Facts(
        values={code: answer.value for code, answer in answers.items()},
        present=frozenset(present),
        noted=frozenset(notes),
    )
    chosen = sheet_areas.BY_KEY.get(filter_key)
    score = self_score(assessment, facts.values)
    scores = dict(score.result.nodes) if score else {}
    found = sheet_areas.progress(sheet_areas.areas_of(definition), facts, chosen=chosen, scores=scores)
    current = next((p for p in found if p.area.code == area_code), found[0])
    opened = sum(1 for entries in notes.values() for n in entries if n.kind == "clarification" and n.open)
    return Summary(
        completeness(definition.leaves(), answers, present),
        score,
        found,
        current,
        chosen,
        facts,
        open_clarifications=opened,
    )


def summary(
    assessment: Assessment,
    *,
    area_code: str = "",
    filter_key: str = "",
    answers: dict[str, Answer] | None = None,
    notes: dict[str, list[Note]] | None = None,
) -> Summary:
    """The summary alone (after a save): three queries, one when answers and notes are given."""
    return _summary(
        assessment,
        answers_of(assessment) if answers is None else answers,
        present_pairs(assessment),
        notes_of(assessment) if notes is None else notes,
        area_code=area_code,
        filter_key=filter_key,
    )


@dataclass
class Worksheet:
    steps: list[Step]
    rows: dict[str, Row]
    summary: Summary
    page: sheet_areas.Page
    next_area: sheet_areas.Area | None

    @property
    def completeness(self) -> Completeness:
        return self.summary.completeness


def _steps(area: sheet_areas.Area, page_leaves, ancestors, rows: dict[str, Row]) -> list[Step]:
    """Open the components between the area and each indicator as headings, closing what ends."""
    steps: list[Step] = []
    opened: list[Node] = []
    for leaf in page_leaves:
        above = list(ancestors[leaf.code])
        # Headings below the area's own; none for a root's own indicators (the area is the root).
        path = above[above.index(area.node) + 1 :] if area.node in above else []
        common = 0
        while common < min(len(opened), len(path)) and opened[common] is path[common]:
            common += 1
        for node in reversed(opened[common:]):
            steps.append(Step("close", node, opened.index(node)))
        del opened[common:]
        for node in path[common:]:
            steps.append(Step("open", node, len(opened)))
            opened.append(node)
        steps.append(Step("row", leaf, len(opened), rows[leaf.code]))
    for node in reversed(opened):
        steps.append(Step("close", node, opened.index(node)))
    return steps


def build_worksheet(
    assessment: Assessment,
    *,
    area_code: str = "",
    filter_key: str = "",
    page: int = 1,
    states: dict[str, RowState] | None = None,
) -> Worksheet:
    """One page of one area, with the summary of the whole assessment."""
    definition = definition_for(assessment.period)
    answers = answers_of(assessment)
    present = present_pairs(assessment)
    notes = notes_of(assessment)
    sheet_summary = _summary(assessment, answers, present, notes, area_code=area_code, filter_key=filter_key)
    area = sheet_summary.area.area
    shown = sheet_summary.page(page)
    grouped = evidence_by_item(assessment, indicators=[leaf.code for leaf in shown.leaves])
    with_download_urls(assessment, grouped)
    previous = previous_answers(assessment)
    states = states or {}
    # Each source read once for the page, and only when the page shows an indicator it fills.
    fed = feeds.read_all(assessment, shown.leaves)
    rows = {
        node.code: Row(
            node,
            dom_id(node.code),
            answers.get(node.code),
            slots(node, grouped),
            previous.get(node.code, []),
            states.get(node.code) or RowState(),
            fed.get(node.source) if node.source else None,
            notes.get(node.code, []),
            same_items(definition, node),
        )
        for node in shown.leaves
    }
    all_areas = sheet_areas.areas_of(definition)
    position = all_areas.index(area)
    return Worksheet(
        _steps(area, shown.leaves, sheet_areas.ancestors_of(definition), rows),
        rows,
        sheet_summary,
        shown,
        all_areas[position + 1] if position + 1 < len(all_areas) else None,
    )


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


def measure_many(assessments: list[Assessment]) -> dict[int, Completeness]:
    """assessment id -> its completeness, for many assessments in two queries (the landing pages)."""
    answers: dict[int, dict[str, Answer]] = {a.pk: {} for a in assessments}
    for answer in Answer.objects.filter(assessment__in=assessments).only(
        "assessment_id", "indicator", "value"
    ):
        answers[answer.assessment_id][answer.indicator] = answer
    present: dict[int, set[tuple[str, str]]] = {a.pk: set() for a in assessments}
    rows = Evidence.objects.filter(assessment__in=assessments, is_current=True)
    for assessment_id, indicator, item in rows.values_list("assessment_id", "indicator", "item").distinct():
        present[assessment_id].add((indicator, item))
    return {
        a.pk: completeness(definition_for(a.period).leaves(), answers[a.pk], present[a.pk])
        for a in assessments
    }


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
        .defer("period__instrument__source")  # instrument.py: read on a cache miss only
        .annotate(
            open_clarifications=Count(
                "clarifications", filter=Q(clarifications__status=Clarification.Status.OPEN)
            )
        )
        .order_by("-period__year", "period__title", "unit__name")
    )
    measured = measure_many(assessments) if assessments else {}
    return [OpenAssessment(a, measured[a.pk], a.open_clarifications) for a in assessments]
