"""Reading the cells of one sheet: header check, type conversion, and problems by sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from nyata.core.exports import restore
from nyata.instruments.xlsx.layout import FALSE_WORDS, TRUE_WORDS, Cell, Sheet
from nyata.scoring.problems import Path, format_path

MAX_ROWS = 20_000
EXTRA_COLUMNS = 10


@dataclass(frozen=True)
class SheetProblem:
    """A problem in the workbook: sheet, row and column (letter and header) when known, and what."""

    sheet: str
    message: str
    row: int | None = None
    column: str | None = None  # letter
    header: str | None = None
    code: str | None = None  # the node concerned, when known

    def __str__(self) -> str:
        where = [_("sheet %(sheet)s") % {"sheet": self.sheet}]
        if self.row is not None:
            where.append(_("row %(row)d") % {"row": self.row})
        if self.column is not None:
            where.append(_("column %(column)s (%(header)s)") % {"column": self.column, "header": self.header})
        if self.code:
            where.append(_("node %(code)s") % {"code": self.code})
        return f"{', '.join(where)}: {self.message}"


class WorkbookError(ValueError):
    def __init__(self, problems: list[SheetProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, object]  # key -> converted cell value; absent keys were empty


class SheetReader:
    def __init__(self) -> None:
        self.problems: list[SheetProblem] = []
        # formatted YAML path -> (sheet, row, column key or None): where engine problems point
        self.places: dict[str, tuple[Sheet, int, str | None]] = {}

    def problem(self, sheet: Sheet, message: str, row: int | None = None, key: str | None = None) -> None:
        letter = header = None
        if key is not None:
            letter = get_column_letter([c.key for c in sheet.columns].index(key) + 1)
            header = key
        self.problems.append(SheetProblem(sheet.name, message, row=row, column=letter, header=header))

    def place(self, path: Path, sheet: Sheet, row: Row, keys: dict[str, str] | None = None) -> None:
        """Remember that `path` comes from `row`; `keys` maps YAML keys under it to column keys."""
        self.places[format_path(path)] = (sheet, row.number, None)
        for yaml_key, column_key in (keys or {}).items():
            self.places[format_path((*path, yaml_key))] = (sheet, row.number, column_key)

    def rows(self, workbook, sheet: Sheet) -> list[Row]:
        if sheet.name not in workbook.sheetnames:
            if sheet.required:
                self.problems.append(SheetProblem(sheet.name, _("the sheet is missing")))
            return []
        # A few columns beyond the sheet's own are read, to name a value standing right of them; no more,
        # whatever width the workbook declares (openpyxl fills declared gaps with empty cells).
        width = len(sheet.columns) + EXTRA_COLUMNS
        cells = list(workbook[sheet.name].iter_rows(values_only=True, max_row=MAX_ROWS + 1, max_col=width))
        if not cells:
            if sheet.required:
                self.problems.append(SheetProblem(sheet.name, _("the sheet is empty")))
            return []
        header = [str(restore(value)).strip() if value is not None else "" for value in cells[0]]
        while header and not header[-1]:
            header.pop()
        expected = [column.key for column in sheet.columns]
        # Trailing optional columns may be missing (a workbook from before they were added).
        required_part = list(expected)
        while len(required_part) > len(header) and sheet.columns[len(required_part) - 1].optional:
            required_part.pop()
        if header != required_part:
            self.problems.append(
                SheetProblem(
                    sheet.name,
                    _("the first row must name the columns %(expected)s, found %(found)s")
                    % {"expected": ", ".join(expected), "found": ", ".join(header) or "-"},
                    row=1,
                )
            )
            return []
        found: list[Row] = []
        for number, raw in enumerate(cells[1:], start=2):
            values: dict[str, object] = {}
            for index, column in enumerate(sheet.columns):
                # The apostrophe the export put before formula-like text (nyata.core.exports) comes off.
                value = restore(raw[index]) if index < len(raw) else None
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                converted = self.convert(sheet, number, column.key, column.cell, value)
                if converted is not None:
                    values[column.key] = converted
            extra = [v for v in raw[len(sheet.columns) :] if v is not None and str(v).strip()]
            if extra:
                self.problem(sheet, _("a value stands right of the last column"), row=number)
            if values:
                found.append(Row(number, values))
        return found

    def convert(self, sheet: Sheet, row: int, key: str, cell: Cell, value: object) -> object:
        if isinstance(value, datetime | date | time):
            self.problem(sheet, _("a date or time is not allowed here"), row=row, key=key)
            return None
        if cell is Cell.NUMBER:
            if isinstance(value, bool):
                return value  # the engine names it: a yes/no value is not a number
            if isinstance(value, int):
                return value
            if isinstance(value, float):
                return Decimal(repr(value))
            try:
                return Decimal(str(value).strip().replace(",", "."))  # an Indonesian decimal comma
            except InvalidOperation:
                return str(value)  # reported by the engine as "must be a number"
        if cell is Cell.BOOLEAN:
            if isinstance(value, bool):
                return value
            word = str(value).strip().lower()
            if word in TRUE_WORDS or word in FALSE_WORDS:
                return word in TRUE_WORDS
            self.problem(
                sheet,
                _("write TRUE or FALSE (or ya/tidak), not %(value)r") % {"value": value},
                row=row,
                key=key,
            )
            return None
        text = value if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)
        if cell is Cell.LIST:
            return [part.strip() for part in text.split(",") if part.strip()]
        return text
