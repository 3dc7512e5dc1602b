"""Nyata's scoring engine: pure Python, no Django, exact arithmetic.

The contract is docs/instrument-format.md. Typical use:

    instrument = read_instrument(text=yaml_text)          # raises InstrumentError listing every problem
    compiled = compile_instrument(instrument=instrument)  # once per instrument
    result = compiled.score(answers={"I.A.1": 85})        # raises AnswersError naming every bad code
    result.to_dict()                                       # the JSON of `nyata score --json`
"""

from nyata.scoring.answers import read_answers
from nyata.scoring.engine import CompiledInstrument, compile_instrument, score_answers
from nyata.scoring.model import (
    ANSWER_SOURCES,
    NOT_APPLICABLE,
    AnswerKind,
    AnswerSpec,
    Award,
    Evidence,
    Instrument,
    Node,
    NodeKind,
    Option,
    Predicate,
    is_known_source,
    source_parts,
)
from nyata.scoring.offline import score_files, score_texts
from nyata.scoring.parse import instrument_from_data, read_instrument
from nyata.scoring.problems import AnswersError, InstrumentError, Phrase, Problem
from nyata.scoring.result import Gain, NodeScore, ScoreResult
from nyata.scoring.rounding import round_half_up
from nyata.scoring.version import ENGINE_VERSION
from nyata.scoring.yaml_source import YamlLimits

__all__ = [
    "ANSWER_SOURCES",
    "is_known_source",
    "source_parts",
    "ENGINE_VERSION",
    "NOT_APPLICABLE",
    "AnswerKind",
    "AnswerSpec",
    "AnswersError",
    "Award",
    "CompiledInstrument",
    "Evidence",
    "Gain",
    "Instrument",
    "InstrumentError",
    "Node",
    "NodeKind",
    "NodeScore",
    "Option",
    "Phrase",
    "Predicate",
    "Problem",
    "ScoreResult",
    "YamlLimits",
    "compile_instrument",
    "instrument_from_data",
    "read_answers",
    "read_instrument",
    "round_half_up",
    "score_answers",
    "score_files",
    "score_texts",
]
