"""What changed between two versions of an instrument, node by node (matched by their stable codes)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyata.core.numbers import figure
from nyata.instruments.serialise import answer_to_data, award_to_data, predicate_to_data
from nyata.scoring import AnswerKind, AnswerSpec, Instrument, Node


def describe_answer(spec: AnswerSpec | None) -> str:
    """A short text of an answer definition: 'A=1; B=0,5' or 'number 1..14 (lower is better)'; options are
    separated by semicolons, as a decimal comma would make commas ambiguous."""
    if spec is None:
        return ""
    if spec.kind is AnswerKind.CHOICE:
        text = "; ".join(f"{option.code}={figure(option.value.normalize())}" for option in spec.options)
    elif spec.kind is AnswerKind.NUMBER:
        text = _("number %(min)s..%(max)s") % {"min": figure(spec.min), "max": figure(spec.max)}
    elif spec.kind is AnswerKind.PERCENT:
        text = _("percentage 0..100")
    else:
        text = _("target and realisation")
    if spec.kind in (AnswerKind.NUMBER, AnswerKind.TARGET) and not spec.higher_is_better:
        text += " " + _("(lower is better)")
    return text


FIELD_LABELS = {
    "weight": gettext_lazy("weight"),
    "title": gettext_lazy("title"),
    "kind": gettext_lazy("kind"),
    "allow_na": gettext_lazy("not applicable allowed"),
    "pengampu": gettext_lazy("pengampu"),
    "source": gettext_lazy("answer source"),
    "values": gettext_lazy("BerAKHLAK values"),
    "guidance": gettext_lazy("guidance"),
    "evidence": gettext_lazy("evidence"),
    "answer": gettext_lazy("answer options"),
    "parent": gettext_lazy("place in the tree"),
}


@dataclass(frozen=True)
class NodeSummary:
    code: str
    title: str
    weight: Decimal
    answer: str  # empty for a group

    @classmethod
    def of(cls, node: Node) -> NodeSummary:
        return cls(code=node.code, title=node.title, weight=node.weight, answer=describe_answer(node.answer))


@dataclass(frozen=True)
class NodeChange:
    code: str
    title: str
    old_weight: Decimal
    new_weight: Decimal
    old_answer: str
    new_answer: str
    fields: tuple[str, ...]  # names of what changed: title, weight, answer, parent, kind, ...

    @property
    def labels(self) -> list[str]:
        return [str(FIELD_LABELS[name]) for name in self.fields]

    @property
    def weight_changed(self) -> bool:
        return "weight" in self.fields

    @property
    def answer_changed(self) -> bool:
        return "answer" in self.fields


@dataclass(frozen=True)
class Comparison:
    old: Instrument
    new: Instrument
    added: tuple[NodeSummary, ...]
    removed: tuple[NodeSummary, ...]
    changed: tuple[NodeChange, ...]
    predicates_changed: bool
    awards_changed: bool

    @property
    def identical(self) -> bool:
        return not (
            self.added or self.removed or self.changed or self.predicates_changed or self.awards_changed
        )


COMPARED = ("title", "kind", "allow_na", "pengampu", "source", "values", "guidance", "evidence")


def _parents(instrument: Instrument) -> dict[str, str | None]:
    found: dict[str, str | None] = {root.code: None for root in instrument.nodes}
    for node in instrument.walk():
        found.update((child.code, node.code) for child in node.children)
    return found


def _answer_data(node: Node) -> object:
    # Compare the definition itself, not the name of the answer type that holds it.
    return answer_to_data(node.answer) if node.answer is not None else None


def compare_instruments(*, old: Instrument, new: Instrument) -> Comparison:
    old_nodes = {node.code: node for node in old.walk()}
    new_nodes = {node.code: node for node in new.walk()}
    old_parents, new_parents = _parents(old), _parents(new)
    changed: list[NodeChange] = []
    for code, node in new_nodes.items():
        before = old_nodes.get(code)
        if before is None:
            continue
        fields = [name for name in COMPARED if getattr(before, name) != getattr(node, name)]
        if before.weight != node.weight:
            fields.insert(0, "weight")
        if _answer_data(before) != _answer_data(node):
            fields.append("answer")
        if old_parents[code] != new_parents[code]:
            fields.append("parent")
        if fields:
            changed.append(
                NodeChange(
                    code=code,
                    title=node.title,
                    old_weight=before.weight,
                    new_weight=node.weight,
                    old_answer=describe_answer(before.answer),
                    new_answer=describe_answer(node.answer),
                    fields=tuple(fields),
                )
            )
    return Comparison(
        old=old,
        new=new,
        added=tuple(NodeSummary.of(node) for code, node in new_nodes.items() if code not in old_nodes),
        removed=tuple(NodeSummary.of(node) for code, node in old_nodes.items() if code not in new_nodes),
        changed=tuple(changed),
        predicates_changed=[predicate_to_data(b) for b in old.predicates]
        != [predicate_to_data(b) for b in new.predicates],
        awards_changed=[award_to_data(a) for a in old.awards] != [award_to_data(a) for a in new.awards],
    )
