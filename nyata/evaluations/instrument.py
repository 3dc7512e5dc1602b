"""The instrument a period is pinned to, as the engine sees it (parsed once per version by
nyata.instruments.queries, which caches per code, version and checksum), and as the period uses it: only
the themes of the year it chose (`theme: true` nodes, docs/instrument-extensions.md).

An instrument row holds its verbatim file (about 170 kB for rb-pd). A read that joins a period's instrument
only to reach its definition (the landing pages' queues) defers `source`: the parse is cached, and a miss
reads the file in one query, once per process and version."""

from dataclasses import replace
from functools import lru_cache

from nyata.instruments.queries import compiled_instrument, engine_instrument
from nyata.scoring import CompiledInstrument, Instrument, Node


def definition_of(instrument) -> Instrument:
    return engine_instrument(instrument)


def compiled_of(instrument) -> CompiledInstrument:
    return compiled_instrument(instrument)


@lru_cache(maxsize=32)
def _indicators(definition: Instrument) -> dict[str, Node]:
    return {node.code: node for node in definition.leaves()}


def indicators_of(instrument) -> dict[str, Node]:
    """Indicator code -> node, in file order; the dict is shared, so callers must not change it."""
    return _indicators(definition_of(instrument))


def themes_left_out(period) -> frozenset[str]:
    """The themes the instrument offers that the period did not choose: they do not apply."""
    if period.themes is None:
        return frozenset()
    offered = {node.code for node in definition_of(period.instrument).themes()}
    return frozenset(offered - set(period.themes))


@lru_cache(maxsize=64)
def _without(definition: Instrument, left_out: frozenset[str]) -> Instrument:
    def prune(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
        kept = []
        for node in nodes:
            if node.code in left_out:
                continue
            if node.children:
                children = prune(node.children)
                if not children:
                    continue
                node = replace(node, children=children)
            kept.append(node)
        return tuple(kept)

    return replace(definition, nodes=prune(definition.nodes))


def definition_for(period) -> Instrument:
    """The period's instrument as its pages show it: without the themes it did not choose."""
    definition = definition_of(period.instrument)
    left_out = themes_left_out(period)
    return _without(definition, left_out) if left_out else definition


def indicators_for(period) -> dict[str, Node]:
    """indicators_of, without those of the themes the period did not choose."""
    return _indicators(definition_for(period))
