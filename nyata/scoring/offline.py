"""Offline scoring for `nyata score INSTRUMENT ANSWERS [--json]`: files in, a result out, no database.

The Django command only parses its arguments, calls `score_files`, and prints `result.to_dict()` as JSON
(or `result.to_text()`); it exits non-zero on `InstrumentError` or `AnswersError`, printing the error.
"""

from __future__ import annotations

from pathlib import Path

from nyata.scoring.answers import read_answers
from nyata.scoring.engine import compile_instrument
from nyata.scoring.parse import read_instrument
from nyata.scoring.result import ScoreResult
from nyata.scoring.yaml_source import DEFAULT_LIMITS, YamlLimits


def score_texts(
    *, instrument_text: str, answers_text: str, limits: YamlLimits = DEFAULT_LIMITS
) -> ScoreResult:
    """Validate the instrument, read the answers (YAML or JSON), and score them."""
    instrument = read_instrument(text=instrument_text, limits=limits)
    answers = read_answers(text=answers_text, instrument=instrument, limits=limits)
    return compile_instrument(instrument=instrument).score(answers=answers)


def score_files(
    *, instrument_path: str | Path, answers_path: str | Path, limits: YamlLimits = DEFAULT_LIMITS
) -> ScoreResult:
    """`score_texts` on two files, read as UTF-8."""
    return score_texts(
        instrument_text=Path(instrument_path).read_text(encoding="utf-8"),
        answers_text=Path(answers_path).read_text(encoding="utf-8"),
        limits=limits,
    )
