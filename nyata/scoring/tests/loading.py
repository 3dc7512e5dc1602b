"""Small helpers shared by the tests: YAML text in, instrument or result out."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from nyata.scoring import Instrument, InstrumentError, ScoreResult, compile_instrument, read_instrument


def load(text: str) -> Instrument:
    return read_instrument(text=textwrap.dedent(text))


def score(instrument: Instrument, answers: Mapping[str, object]) -> ScoreResult:
    return compile_instrument(instrument=instrument).score(answers=answers)


def problems_of(text: str) -> list[str]:
    """Every problem reported for an instrument text, as printed by `nyata instrument validate`."""
    try:
        read_instrument(text=textwrap.dedent(text))
    except InstrumentError as error:
        return [str(problem) for problem in error.problems]
    raise AssertionError("the instrument was expected to be invalid")
