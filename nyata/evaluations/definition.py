"""The instrument a period is pinned to, as the scoring engine's dataclasses, parsed once per version."""

from functools import lru_cache

from nyata.scoring import CompiledInstrument, Instrument, Node, compile_instrument, read_instrument


@lru_cache(maxsize=32)
def _parsed(instrument_id: int, checksum: str, source: str) -> tuple[Instrument, CompiledInstrument]:
    # Keyed by checksum too: a draft replaced under the same id must never be served from cache.
    definition = read_instrument(text=source)
    return definition, compile_instrument(instrument=definition)


def definition_of(instrument) -> Instrument:
    return _parsed(instrument.pk, instrument.checksum, instrument.source)[0]


def compiled_of(instrument) -> CompiledInstrument:
    return _parsed(instrument.pk, instrument.checksum, instrument.source)[1]


def indicators_of(instrument) -> dict[str, Node]:
    return {node.code: node for node in definition_of(instrument).leaves()}
