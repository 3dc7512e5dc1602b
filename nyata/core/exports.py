"""Spreadsheet files Nyata writes (CSV, XLSX) that cannot attack the program that opens them.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return (or line feed) is run as a
formula by spreadsheet programs ("CSV injection", OWASP): a citizen's suggestion
`=HYPERLINK("http://…","klik")` or a unit name `@SUM(…)` would act in the Inspektorat's Excel. Every
text cell of every export goes through `inert`, which puts an apostrophe in front of such text, so the
reader sees the text, inert and still readable; `restore` takes the apostrophe off again when Nyata
reads its own files back (paper survey import, instrument workbook), so that a round trip changes nothing.

CSV is written for an Indonesian Excel: UTF-8 with a byte-order mark (else Excel guesses the wrong
encoding), `;` between cells (the Indonesian list separator, because the decimal separator is the comma),
and quotes only where a cell holds the separator, a quote or a line break (QUOTE_MINIMAL).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from nyata.core import xlsx

# A line feed too: XML turns a carriage return into one, and the apostrophe must still come off.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
QUOTE = "'"
INDONESIAN_EXCEL_DELIMITER = ";"


def _escaped(text: str) -> bool:
    # Apostrophes already in front are counted too, so that restore(inert(x)) == x for every text.
    return text.lstrip(QUOTE).startswith(FORMULA_STARTS)


def inert(value: object) -> object:
    """The value as a spreadsheet cell that no program runs: text that would start a formula gets a
    leading apostrophe; numbers, dates, booleans and empty cells are unchanged."""
    if isinstance(value, str) and _escaped(value):
        return QUOTE + value
    return value


def restore(value: object) -> object:
    """The value `inert` was given: one leading apostrophe before formula-like text is taken off."""
    if isinstance(value, str) and value.startswith(QUOTE) and _escaped(value[1:]):
        return value[1:]
    return value


def inert_row(row: Iterable[object]) -> list[object]:
    return [inert(value) for value in row]


def csv_chunks(
    header: Iterable[object],
    rows: Iterable[Iterable[object]],
    *,
    delimiter: str = INDONESIAN_EXCEL_DELIMITER,
    rows_per_chunk: int = 1000,
) -> Iterator[bytes]:
    """A CSV file for a spreadsheet program, as it is written (for a streaming response): BOM, `;`,
    minimal quoting, every cell inert."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(inert_row(header))
    for count, row in enumerate(rows, start=1):
        writer.writerow(inert_row(row))
        if count % rows_per_chunk == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def csv_bytes(
    header: Iterable[object], rows: Iterable[Iterable[object]], *, delimiter: str = INDONESIAN_EXCEL_DELIMITER
) -> bytes:
    return b"".join(csv_chunks(header, rows, delimiter=delimiter))


def xlsx_chunks(
    sheets: Iterable[tuple[str, Iterable[object], Iterable[Iterable[object]]]],
) -> Iterator[bytes]:
    """A workbook of plain sheets (title, header, rows), every cell inert, given out as it is written."""
    return xlsx.chunks([(title, inert_row(header), map(inert_row, rows)) for title, header, rows in sheets])


def xlsx_bytes(sheets: Iterable[tuple[str, Iterable[object], Iterable[Iterable[object]]]]) -> bytes:
    return b"".join(xlsx_chunks(sheets))
