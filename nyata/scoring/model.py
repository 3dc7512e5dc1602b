"""The instrument as frozen dataclasses: what an instrument file says, already validated.

Numbers are `Decimal` because an instrument file can only hold decimal literals, and Decimal round-trips
them exactly to the database and back to YAML or Excel. The engine turns them into `Fraction`s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

# The answer that marks an indicator not applicable (contract: "na", accepted only where allow_na).
NOT_APPLICABLE = "na"

# Where an indicator's answer may come from instead of the unit's own entry (Nyata's extension of the
# contract, docs/instrument-extensions.md): "skm-ikm" is the unit's IKM from the satisfaction survey;
# "follow-up" the share of its previous period's recommendations closed as recommended by the cut-off;
# "action-plan" the share of its approved action plan's quarterly targets realised;
# "data:<key>" is the unit's figure of the period of a kind the Inspektorat records (PEKPPP, SAKIP, ...).
ANSWER_SOURCES = ("skm-ikm", "follow-up", "action-plan")
KEYED_SOURCES = ("data",)  # written "<name>:<key>"; the key names a kind of outside figure
SOURCE_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


def source_parts(source: str) -> tuple[str, str]:
    """("skm-ikm", "") or ("data", "pekppp"): the source's name and its key, if any."""
    name, _sep, key = source.partition(":")
    return name, key


def is_known_source(source: str) -> bool:
    name, key = source_parts(source)
    if name in KEYED_SOURCES:
        return SOURCE_KEY.fullmatch(key) is not None
    return source in ANSWER_SOURCES


class AnswerKind(StrEnum):
    CHOICE = "choice"
    PERCENT = "percent"
    NUMBER = "number"
    TARGET = "target"


class NodeKind(StrEnum):
    # PermenPANRB 9/2023 splits indicators into hasil (outcome) and pengungkit (enabler).
    OUTCOME = "outcome"
    ENABLER = "enabler"


@dataclass(frozen=True, slots=True)
class Option:
    code: str
    label: str
    value: Decimal  # the fraction of the indicator's weight earned, 0..1


@dataclass(frozen=True, slots=True)
class AnswerSpec:
    """How an indicator is answered. Fields that do not apply to `kind` are None or empty."""

    kind: AnswerKind
    name: str | None = None  # the answer_types entry it came from; None for an inline definition
    options: tuple[Option, ...] = ()  # choice
    min: Decimal | None = None  # number
    max: Decimal | None = None  # number
    higher_is_better: bool = True  # number and target


@dataclass(frozen=True, slots=True)
class Evidence:
    """One item of the data dukung checklist."""

    code: str
    title: str
    required: bool = False
    # Nyata's extension (docs/instrument-extensions.md): the document's validity date (the date it was
    # signed or took effect) matters for this item, so the worksheet asks it with each upload.
    dated: bool = False


@dataclass(frozen=True, slots=True)
class Node:
    """A node of the tree: an inner node has `children`, an indicator (leaf) has `answer`, never both."""

    code: str
    title: str
    weight: Decimal
    children: tuple[Node, ...] = ()
    answer: AnswerSpec | None = None
    kind: NodeKind = NodeKind.ENABLER
    allow_na: bool = False
    pengampu: str | None = None
    values: tuple[str, ...] = ()  # BerAKHLAK tags
    guidance: str = ""
    evidence: tuple[Evidence, ...] = ()
    source: str | None = None  # one of ANSWER_SOURCES or data:<key>, or None when the unit answers itself
    # A theme an evaluation period may choose or leave out (RB Tematik, Nyata's extension): left out, the
    # node does not apply and its siblings are renormalised.
    theme: bool = False

    @property
    def is_leaf(self) -> bool:
        return self.answer is not None

    def walk(self) -> tuple[Node, ...]:
        """This node and all its descendants in file order (pre-order)."""
        found: list[Node] = []
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(node.children))
        return tuple(found)


@dataclass(frozen=True, slots=True)
class Predicate:
    """A predicate band; bands are ordered best first and the first whose lower bound is met wins."""

    code: str
    label: str
    lower: Decimal  # `from` in the file
    inclusive: bool = True  # `from_inclusive`

    def admits(self, total: Decimal) -> bool:
        return total >= self.lower if self.inclusive else total > self.lower


@dataclass(frozen=True, slots=True)
class Award:
    """A classification such as WBK or WBBM (PermenPANRB 90/2021 as amended by PermenPANRB 5/2024): a
    total, per-node minimums (as fractions of the node's weight or as points), and the awards the unit
    must already hold (WBBM only for a unit that holds WBK)."""

    code: str
    label: str = ""
    min_total: Decimal | None = None
    node_minimums: tuple[tuple[str, Decimal], ...] = ()  # node code -> minimum fraction of its weight
    node_score_minimums: tuple[tuple[str, Decimal], ...] = ()  # node code -> minimum score in points
    requires: tuple[str, ...] = ()  # award codes the unit must already hold, from its award history


@dataclass(frozen=True, slots=True)
class Instrument:
    code: str
    version: str
    title: str
    nodes: tuple[Node, ...]
    legal_basis: tuple[str, ...] = ()
    weights_sum_to_parent: bool = False
    answer_types: tuple[AnswerSpec, ...] = ()  # the named, reusable definitions, in file order
    predicates: tuple[Predicate, ...] = ()
    awards: tuple[Award, ...] = ()

    def walk(self) -> tuple[Node, ...]:
        """Every node in file order."""
        return tuple(node for root in self.nodes for node in root.walk())

    def leaves(self) -> tuple[Node, ...]:
        """Every indicator in file order."""
        return tuple(node for node in self.walk() if node.is_leaf)

    def themes(self) -> tuple[Node, ...]:
        """The themes an evaluation period may choose from, in file order."""
        return tuple(node for node in self.walk() if node.theme)
