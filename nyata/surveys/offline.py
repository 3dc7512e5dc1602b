"""`nyata skm ikm FILE.csv`: answers of paper or external surveys from a CSV file into the IKM (contract).

The file needs a header row with at least the columns U1..U9, in any order; other columns are ignored.
An empty cell is an unanswered unsur. CSV as spreadsheets write it in an Indonesian locale (UTF-8 with a
byte-order mark, `;` as separator) is read by nyata.core.tabular like a plain one.
"""

from pathlib import Path

from django.utils.translation import gettext as _

from nyata.core.tabular import TableError, read_table
from nyata.surveys.ikm import ANSWER_MAX, ANSWER_MIN, UNSUR, IkmResult, Tally

# Paper surveys of a big service run to a few thousand forms; this bounds memory, not realistic use.
MAX_ROWS = 1_000_000


class AnswerFileError(Exception):
    """The file cannot be used; the message names the row and column, for the person who typed it."""


def _answer(value: str, *, row: int, column: str) -> int | None:
    if value == "":
        return None
    if value not in {str(n) for n in range(ANSWER_MIN, ANSWER_MAX + 1)}:
        raise AnswerFileError(
            _("Row %(row)d, column %(column)s: “%(value)s” is not an answer from 1 to 4.")
            % {"row": row, "column": column, "value": value}
        )
    return int(value)


def read_answer_file(path: Path) -> Tally:
    try:
        table = read_table(name=path.name, data=path.read_bytes(), max_rows=MAX_ROWS)
    except TableError as error:
        raise AnswerFileError(str(error)) from None
    # read_table lowercases headers; the contract's columns are U1..U9.
    missing = [code for code in UNSUR if code.lower() not in table.header]
    if missing:
        raise AnswerFileError(
            _("The file lacks the columns %(columns)s: the header row must name U1 to U9.")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    for row in table.rows:
        rows.append(tuple(_answer(row.values[code.lower()], row=row.number, column=code) for code in UNSUR))
    return Tally.of(rows)


def ikm_of_file(path: Path, *, population: int | None = None) -> IkmResult:
    return IkmResult(tally=read_answer_file(path), population=population)
