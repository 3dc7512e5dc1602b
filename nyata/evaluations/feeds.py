"""One feed mechanism for the indicators whose answer Nyata fills from data it holds (`source:` in the
instrument, docs/instrument-extensions.md): the unit's IKM (`skm-ikm`), an outside figure recorded by the
Inspektorat (`data:<key>`), the follow-up of the previous recommendations (`follow-up`) and the action plan
(`action-plan`, both nyata/followups/feed.py), and whatever later source registers here.

A source gives, for one assessment (its unit and its period), a `Fed`: the value to fill and where it came
from. The fill action, the refusal of typed input, the refresh and the worksheet all go through here, so
every source behaves alike: filled while the OPD answers, never typed over, refreshed on request, adjusted
by evaluators only with a recorded reason. A source lives in the app that owns its data and registers from
that app's AppConfig.ready(): apps above evaluations may register too, and evaluations never imports them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise

from nyata.evaluations.instrument import definition_of
from nyata.evaluations.models import Assessment, Period
from nyata.scoring import Node, source_parts


@dataclass(frozen=True)
class Fed:
    """What one source gives for one unit and period."""

    source: str  # as the instrument writes it: "skm-ikm", "data:pekppp"
    value: Decimal | None  # None: nothing to fill (yet); the indicator stays unanswered
    explanation: str  # kept with the answer and on the timeline: where the value came from
    detail: Any  # the source's own figures, shown by `template` beside the indicator
    template: str  # the worksheet partial that shows `detail` (and the refresh button)
    url: str = ""  # a page with the figures behind the value, if there is one

    @property
    def has_data(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Source:
    name: str  # "skm-ikm", or "data" for "data:<key>"
    read: Callable[[Assessment, str], Fed]  # (assessment, key) -> Fed; key is "" for an unkeyed source
    event: str  # the timeline kind of a fill from this source
    refusal: str | Promise  # why the OPD cannot type the answer, in the user's language


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    _SOURCES[source.name] = source


def source_of(spec: str | None) -> Source | None:
    """The registered source of an indicator's `source:` value; None if nothing serves it."""
    if not spec:
        return None
    return _SOURCES.get(source_parts(spec)[0])


def fed_indicators(period: Period, *, name: str | None = None) -> list[Node]:
    """The period's indicators filled from a source (of the named source only, if given)."""
    return [
        node
        for node in definition_of(period.instrument).leaves()
        if node.source and (name is None or source_parts(node.source)[0] == name)
    ]


def read(assessment: Assessment, spec: str) -> Fed | None:
    source = source_of(spec)
    return source.read(assessment, source_parts(spec)[1]) if source is not None else None


def read_all(assessment: Assessment, nodes: Iterable[Node]) -> dict[str, Fed | None]:
    """Each distinct source of `nodes` read once: a page with two IKM indicators asks the survey once."""
    found: dict[str, Fed | None] = {}
    for node in nodes:
        if node.source and node.source not in found:
            found[node.source] = read(assessment, node.source)
    return found
