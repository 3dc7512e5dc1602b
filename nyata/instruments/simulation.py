"""`nyata score` in the browser: form inputs per indicator -> engine answers -> result and diagnosis.

Invalid answers are not scored (they count as unanswered) and each keeps the engine's own message, in
the user's language, so the page can show it next to the field while the totals still follow what is
valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from nyata.instruments.messages import localised
from nyata.scoring import (
    NOT_APPLICABLE,
    AnswerKind,
    AnswersError,
    CompiledInstrument,
    Gain,
    Node,
    NodeScore,
    ScoreResult,
)

TOP_GAINS = 10


@dataclass
class Entry:
    """One indicator of the form: its node, input names and what was entered."""

    node: Node
    index: int
    depth: int
    value: str = ""
    target: str = ""
    realized: str = ""
    not_applicable: bool = False
    error: str = ""
    headings: list[tuple[Node, int]] = field(default_factory=list)  # groups that begin at this entry

    @property
    def name(self) -> str:
        return f"q{self.index}"

    @property
    def kind(self) -> str:
        assert self.node.answer is not None
        return self.node.answer.kind.value


@dataclass
class Row:
    """One node of the per-node score table."""

    node: Node
    depth: int
    score: NodeScore

    @property
    def percent(self) -> Decimal:
        return self.score.fraction * 100


@dataclass
class Simulation:
    compiled: CompiledInstrument
    entries: list[Entry]
    result: ScoreResult
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def predicate(self):
        code = self.result.predicate
        return next((band for band in self.compiled.instrument.predicates if band.code == code), None)

    @property
    def awards(self):
        earned = set(self.result.awards)
        return [award for award in self.compiled.instrument.awards if award.code in earned]

    @property
    def top_gains(self) -> list[tuple[Gain, Node]]:
        nodes = {entry.node.code: entry.node for entry in self.entries}
        return [(gain, nodes[gain.code]) for gain in self.result.gains[:TOP_GAINS]]

    @property
    def rows(self) -> list[Row]:
        depths = _depths(self.compiled)
        return [
            Row(node=node, depth=depths[node.code], score=self.result.nodes[node.code])
            for node in self.compiled.instrument.walk()
        ]

    @property
    def answered(self) -> int:
        # A rejected answer is scored as unanswered, so it is already among the missing.
        return len(self.entries) - len(self.result.missing)


def _depths(compiled: CompiledInstrument) -> dict[str, int]:
    return {code: len(chain) for code, chain in _ancestors(compiled).items()}


def _ancestors(compiled: CompiledInstrument) -> dict[str, tuple[Node, ...]]:
    """Each node's groups from the root down (not the node itself)."""
    found: dict[str, tuple[Node, ...]] = {}

    def visit(node: Node, chain: tuple[Node, ...]) -> None:
        found[node.code] = chain
        for child in node.children:
            visit(child, (*chain, node))

    for root in compiled.instrument.nodes:
        visit(root, ())
    return found


def _number(raw: str) -> object:
    # What was typed goes to the engine as an exact Decimal (a decimal comma is common in Indonesia);
    # text that is no number goes as it is, so the engine's own message names the problem.
    text = raw.strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return raw.strip()
    return number if number.is_finite() else raw.strip()


def entries_from(compiled: CompiledInstrument, data: Mapping[str, str]) -> list[Entry]:
    ancestors = _ancestors(compiled)
    entries = []
    previous: tuple[Node, ...] = ()
    for index, node in enumerate(compiled.instrument.leaves()):
        chain = ancestors[node.code]
        entry = Entry(node=node, index=index, depth=len(chain))
        shared = 0
        while shared < min(len(chain), len(previous)) and chain[shared] is previous[shared]:
            shared += 1
        entry.headings = [(group, depth) for depth, group in enumerate(chain) if depth >= shared]
        previous = chain
        entry.value = (data.get(entry.name) or "").strip()
        entry.target = (data.get(f"{entry.name}_target") or "").strip()
        entry.realized = (data.get(f"{entry.name}_realized") or "").strip()
        entry.not_applicable = data.get(f"{entry.name}_na") == "1" or entry.value == NOT_APPLICABLE
        entries.append(entry)
    return entries


def answer_of(entry: Entry) -> object | None:
    """The raw answer the engine takes for an entry; None when nothing was entered."""
    assert entry.node.answer is not None
    if entry.not_applicable:
        return NOT_APPLICABLE
    kind = entry.node.answer.kind
    if kind is AnswerKind.CHOICE:
        return entry.value or None
    if kind is AnswerKind.TARGET:
        if not entry.target and not entry.realized:
            return None
        return {"target": _number(entry.target), "realized": _number(entry.realized)}
    return _number(entry.value) if entry.value else None


def simulate(*, compiled: CompiledInstrument, data: Mapping[str, str]) -> Simulation:
    entries = entries_from(compiled, data)
    answers = {entry.node.code: answer for entry in entries if (answer := answer_of(entry)) is not None}
    errors: dict[str, str] = {}
    try:
        result = compiled.score(answers=answers)
    except AnswersError as error:
        for problem in error.problems:
            if problem.code is not None:
                errors.setdefault(problem.code, localised(problem))
        valid = {code: answer for code, answer in answers.items() if code not in errors}
        result = compiled.score(answers=valid)
    for entry in entries:
        entry.error = errors.get(entry.node.code, "")
    return Simulation(compiled=compiled, entries=entries, result=result, errors=errors)
