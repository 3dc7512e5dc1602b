"""The worksheet in areas: which indicators make up each RB area, each area's progress, the filters, and
the page of one area that one screen shows.

An area is a component right under a root of the instrument (rb-pd: I.A Capaian Sasaran Strategis, I.B
Capaian Pelaksanaan Kebijakan RB, ...; Zona Integritas: its six Pengungkit areas and two Hasil areas).
A root with no components is one area; indicators that sit right under a root beside components form
one more area named after the root. Within an area, PAGE_SIZE indicators make a page, so that a page
stays small on a phone however large the area is (rb-pd's I.B holds 54 indicators).

Everything here is computed from data the worksheet reads anyway (the answers, the present evidence
items, the notes), so that the areas, their progress and the filters cost no query of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from nyata.scoring import NOT_APPLICABLE, Instrument, Node, NodeScore

PAGE_SIZE = 10


@dataclass(frozen=True)
class Area:
    code: str  # the component's code; a root's code for the indicators right under it
    title: str
    node: Node  # the component (or the root, for its own indicators)
    leaves: tuple[Node, ...]  # its indicators, in file order
    parent: Node | None  # the root it sits under; None when the area is a root itself
    whole: bool = True  # False for a root's own indicators beside its components: no score of its own


def _leaves(node: Node) -> tuple[Node, ...]:
    return tuple(n for n in node.walk() if n.is_leaf)


@lru_cache(maxsize=32)
def areas_of(definition: Instrument) -> tuple[Area, ...]:
    """The areas of an instrument in file order (parsed instruments are cached per version)."""
    found: list[Area] = []
    for root in definition.nodes:
        groups = [child for child in root.children if not child.is_leaf]
        loose = tuple(child for child in root.children if child.is_leaf)
        if root.is_leaf or not groups:
            found.append(Area(root.code, root.title, root, _leaves(root), None))
            continue
        if loose:
            found.append(Area(root.code, root.title, root, loose, root, whole=False))
        found.extend(Area(group.code, group.title, group, _leaves(group), root) for group in groups)
    return tuple(found)


@lru_cache(maxsize=32)
def ancestors_of(definition: Instrument) -> dict[str, tuple[Node, ...]]:
    """Indicator code -> the components above it, root first (for the headings of a page)."""
    found: dict[str, tuple[Node, ...]] = {}

    def visit(node: Node, above: tuple[Node, ...]) -> None:
        if node.is_leaf:
            found[node.code] = above
            return
        for child in node.children:
            visit(child, (*above, node))

    for root in definition.nodes:
        visit(root, ())
    return found


def area_of_indicator(definition: Instrument, code: str) -> tuple[Area, int] | None:
    """The area holding an indicator and the page (from 1) it is on when no filter is chosen."""
    for area in areas_of(definition):
        for index, leaf in enumerate(area.leaves):
            if leaf.code == code:
                return area, index // PAGE_SIZE + 1
    return None


@dataclass(frozen=True)
class Facts:
    """What the filters and the progress need to know of the assessment, read once per page."""

    values: dict[str, object]  # indicator -> stored answer value (None: unanswered)
    present: frozenset[tuple[str, str]]  # (indicator, item) with current evidence
    noted: frozenset[str]  # indicators with a note: the head's, or a clarification request

    def answered(self, node: Node) -> bool:
        return self.values.get(node.code) is not None

    def missing_items(self, node: Node) -> int:
        """Required checklist items without evidence; none for an indicator answered not applicable."""
        if self.values.get(node.code) == NOT_APPLICABLE:
            return 0
        return sum(
            1 for item in node.evidence if item.required and (node.code, item.code) not in self.present
        )


@dataclass(frozen=True)
class Filter:
    key: str  # the URL value
    label: str
    test: Callable[[Facts, Node], bool]


FILTERS = (
    Filter("belum-dijawab", _("Not answered yet"), lambda facts, node: not facts.answered(node)),
    Filter("data-dukung-kurang", _("Evidence missing"), lambda facts, node: facts.missing_items(node) > 0),
    Filter("ada-catatan", _("Returned or with notes"), lambda facts, node: node.code in facts.noted),
)
BY_KEY = {f.key: f for f in FILTERS}


@dataclass(frozen=True)
class Progress:
    """One area's figures for the navigation."""

    area: Area
    answered: int
    total: int
    evidence_present: int
    evidence_required: int
    noted: int
    matching: int  # indicators that pass the chosen filter (all of them without a filter)
    score: NodeScore | None  # the self-score of the area's component (None for loose indicators)

    @property
    def done(self) -> bool:
        return self.answered == self.total and self.evidence_present == self.evidence_required


def progress(
    areas: Iterable[Area], facts: Facts, *, chosen: Filter | None, scores: dict[str, NodeScore]
) -> list[Progress]:
    found = []
    for area in areas:
        answered = required = present = noted = matching = 0
        for node in area.leaves:
            answered += facts.answered(node)
            noted += node.code in facts.noted
            matching += chosen is None or chosen.test(facts, node)
            if facts.values.get(node.code) == NOT_APPLICABLE:
                continue
            for item in node.evidence:
                if item.required:
                    required += 1
                    present += (node.code, item.code) in facts.present
        score = scores.get(area.code) if area.whole else None
        found.append(Progress(area, answered, len(area.leaves), present, required, noted, matching, score))
    return found


@dataclass(frozen=True)
class FilterCount:
    filter: Filter | None  # None: every indicator of the area
    count: int


def filter_counts(area: Area, facts: Facts) -> list[FilterCount]:
    return [FilterCount(None, len(area.leaves))] + [
        FilterCount(f, sum(1 for node in area.leaves if f.test(facts, node))) for f in FILTERS
    ]


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    count: int  # pages in the area under the filter (at least 1)
    leaves: tuple[Node, ...]  # the indicators shown
    matching: int  # indicators of the area that pass the filter

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None

    @property
    def numbers(self) -> range:
        return range(1, self.count + 1)


def page_of(area: Area, facts: Facts, *, chosen: Filter | None, number: int) -> Page:
    """The indicators of one page; a page number out of range shows the nearest page."""
    matching = tuple(node for node in area.leaves if chosen is None or chosen.test(facts, node))
    count = max(1, -(-len(matching) // PAGE_SIZE))
    number = min(max(1, number), count)
    start = (number - 1) * PAGE_SIZE
    return Page(number, count, matching[start : start + PAGE_SIZE], len(matching))
