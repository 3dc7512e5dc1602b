"""One indicator of the worksheet as a row to render: its answer, evidence per checklist item, notes,
last year's final answer, and what happened to its last save."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.urls import reverse

from nyata.evaluations import feeds, values
from nyata.evaluations.instrument import definition_for
from nyata.evaluations.models import Answer, Assessment, Clarification, Evidence, Result
from nyata.evaluations.queries.evidence import evidence_by_item
from nyata.org.queries import lineage
from nyata.scoring import NOT_APPLICABLE, Instrument, Node
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
    attached: str = ""  # evidence: what the last upload attached, said in place
    note_errors: list[str] = field(default_factory=list)  # the head's note on this indicator
    note_saved: bool = False
    submitted_note: str | None = None  # kept on screen next to its refusal


@dataclass(frozen=True)
class Note:
    """A note on an indicator for the OPD: the head's (when returning) or an evaluator's clarification
    request that names it."""

    kind: str  # "head" or "clarification"
    text: str
    open: bool = True  # a clarification request still waiting for the OPD's answer


@dataclass
class Row:
    node: Node
    dom_id: str
    answer: Answer | None
    slots: list[Slot]
    previous: list[Previous]
    state: RowState = field(default_factory=RowState)
    feed: feeds.Fed | None = None  # for an indicator answered from a source (the SKM, an outside figure)
    notes: list[Note] = field(default_factory=list)
    # Per checklist item, the items of other indicators with the very same title: one document proves them
    # all, so the upload form offers them too (rb-pd asks the Standar Pelayanan document at nine indicators).
    same_items: dict[str, list[tuple[Node, ChecklistItem]]] = field(default_factory=dict)

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

    @property
    def head_note(self) -> str:
        return next((note.text for note in self.notes if note.kind == "head"), "")

    @property
    def asks_date(self) -> bool:
        """Whether the upload form asks a validity date: some item it can prove says a date matters."""
        return any(slot.item and slot.item.dated for slot in self.slots) or any(
            item.dated for places in self.same_items.values() for _node, item in places
        )

    @property
    def choices(self) -> list[tuple[Slot, list[tuple[Node, ChecklistItem]]]]:
        """Each checklist item with the same-titled items elsewhere, for the upload form."""
        return [(slot, self.same_items.get(slot.code, [])) for slot in self.slots]


@dataclass
class Step:
    """One page flattened for the template: open a component, show an indicator, close a component."""

    action: str  # "open", "row", "close"
    node: Node
    depth: int
    row: Row | None = None


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
    nodes = {node.code: node for node in definition_for(assessment.period).leaves()}
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


def slots(node: Node, grouped: dict[tuple[str, str], list[Evidence]]) -> list[Slot]:
    if not node.evidence:
        return [Slot(None, grouped.get((node.code, ""), []))]
    return [Slot(item, grouped.get((node.code, item.code), [])) for item in node.evidence]


@lru_cache(maxsize=32)
def _items_by_title(definition: Instrument) -> dict[str, tuple[tuple[Node, ChecklistItem], ...]]:
    found: dict[str, list[tuple[Node, ChecklistItem]]] = {}
    for node in definition.leaves():
        for item in node.evidence:
            found.setdefault(item.title.strip().casefold(), []).append((node, item))
    return {title: tuple(places) for title, places in found.items() if len(places) > 1}


def same_items(definition: Instrument, node: Node) -> dict[str, list[tuple[Node, ChecklistItem]]]:
    """Per checklist item of this indicator, the items of OTHER indicators with the same title, in file
    order (an item titled like none elsewhere is left out)."""
    by_title = _items_by_title(definition)
    found: dict[str, list[tuple[Node, ChecklistItem]]] = {}
    for item in node.evidence:
        others = [
            (other, other_item)
            for other, other_item in by_title.get(item.title.strip().casefold(), ())
            if other.code != node.code
        ]
        if others:
            found[item.code] = others
    return found


def answers_of(assessment: Assessment, *, indicator: str | None = None) -> dict[str, Answer]:
    rows = Answer.objects.filter(assessment=assessment).select_related("updated_by")
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    return {answer.indicator: answer for answer in rows}


def notes_of(assessment: Assessment) -> dict[str, list[Note]]:
    """The notes the OPD should act on, per indicator: the head's, then the evaluators' clarification
    requests (open or answered; a closed one is settled). One query; the head's notes are on the row."""
    found: dict[str, list[Note]] = {}
    for code, text in (assessment.head_notes or {}).items():
        found.setdefault(code, []).append(Note("head", text))
    requests = Clarification.objects.filter(assessment=assessment).exclude(status=Clarification.Status.CLOSED)
    for indicators, question, status in requests.order_by("asked_at").values_list(
        "indicators", "question", "status"
    ):
        for code in indicators or ():
            found.setdefault(code, []).append(
                Note("clarification", question, open=status == Clarification.Status.OPEN)
            )
    return found


def build_row(
    assessment: Assessment,
    node: Node,
    *,
    previous: dict[str, list[Previous]] | None = None,
    answers: dict[str, Answer] | None = None,
    notes: dict[str, list[Note]] | None = None,
) -> Row:
    """One indicator's row, read fresh (for the fragment an htmx request re-renders); `answers` and `notes`
    when the caller has read them already for the whole assessment (the summary beside it)."""
    if answers is None:
        answers = answers_of(assessment, indicator=node.code)
    answer = answers.get(node.code)
    grouped = evidence_by_item(assessment, indicators=[node.code])
    with_download_urls(assessment, grouped)
    definition = definition_for(assessment.period)
    row = Row(node, dom_id(node.code), answer, slots(node, grouped), (previous or {}).get(node.code, []))
    row.feed = feeds.read(assessment, node.source) if node.source else None
    row.notes = list((notes_of(assessment) if notes is None else notes).get(node.code, []))
    row.same_items = same_items(definition, node)
    return row
