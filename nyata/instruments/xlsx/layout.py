"""The instrument workbook: which sheets, which columns, and what each holds.

Column headers are the YAML keys of docs/instrument-format.md, so the contract documents the workbook
too; the first sheet (petunjuk) explains it in Bahasa Indonesia and is ignored when reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Cell(Enum):
    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    LIST = "list"  # comma-separated text, e.g. BerAKHLAK tags


@dataclass(frozen=True)
class Column:
    key: str
    cell: Cell
    width: int = 14
    # A column added after workbooks were already in use: a sheet that ends before it reads as empty
    # cells, so a workbook exported by an earlier Nyata still imports. Only trailing columns.
    optional: bool = False


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    required: bool = False

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


T, N, B, L = Cell.TEXT, Cell.NUMBER, Cell.BOOLEAN, Cell.LIST

INSTRUCTIONS = "petunjuk"
META = Sheet("meta", (Column("key", T, 24), Column("value", T, 90)), required=True)
ANSWER_TYPES = Sheet(
    "answer_types",
    (
        Column("name", T, 20),
        Column("kind", T),
        Column("min", N),
        Column("max", N),
        Column("higher_is_better", B),
    ),
)
OPTIONS = Sheet(
    "options",
    (
        Column("answer_type", T, 20),
        Column("node", T),
        Column("code", T),
        Column("label", T, 50),
        Column("value", N),
    ),
)
NODES = Sheet(
    "nodes",
    (
        Column("code", T),
        Column("parent", T),
        Column("title", T, 60),
        Column("weight", N, 10),
        Column("kind", T, 10),
        Column("answer_type", T, 16),
        Column("answer_kind", T, 12),
        Column("min", N, 8),
        Column("max", N, 8),
        Column("higher_is_better", B, 10),
        Column("allow_na", B, 10),
        Column("pengampu", T),
        Column("source", T, 12),
        Column("values", L, 24),
        Column("guidance", T, 80),
    ),
    required=True,
)
EVIDENCE = Sheet(
    "evidence",
    (
        Column("node", T),
        Column("code", T, 20),
        Column("title", T, 60),
        Column("required", B, 10),
        Column("dated", B, 10, optional=True),
    ),
)
PREDICATES = Sheet(
    "predicates",
    (Column("code", T, 10), Column("label", T, 30), Column("from", N, 10), Column("from_inclusive", B)),
)
AWARDS = Sheet("awards", (Column("code", T, 10), Column("label", T, 40), Column("min_total", N)))
AWARD_MINIMUMS = Sheet("award_minimums", (Column("award", T, 10), Column("node", T), Column("minimum", N)))

SHEETS = (META, ANSWER_TYPES, OPTIONS, NODES, EVIDENCE, PREDICATES, AWARDS, AWARD_MINIMUMS)
META_KEYS = ("code", "version", "title", "weights_sum_to_parent", "legal_basis")
TRUE_WORDS = frozenset({"true", "ya", "yes", "benar", "1"})
FALSE_WORDS = frozenset({"false", "tidak", "no", "salah", "0"})
