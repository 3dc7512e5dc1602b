"""The instrument a period is pinned to, as the scoring engine sees it (parsed once per version by
nyata.instruments.queries, which caches per code, version and checksum)."""

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
