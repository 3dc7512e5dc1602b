"""Read an uploaded table (CSV or XLSX) into rows keyed by header, numbered as the user sees them.

CSV saved by a spreadsheet in an Indonesian locale starts with a byte-order mark and separates with `;`;
both that and plain comma-separated UTF-8 are accepted. Nyata's own exports read back unchanged: the
apostrophe they put before formula-like text (nyata.core.exports) is taken off again.

Hostile files are refused before the work (nyata.core.limits): a workbook whose parts declare more than
NYATA_IMPORT_MAX_UNPACKED_MB is refused unread, reading stops at the row limit, and a cell longer than
NYATA_IMPORT_MAX_CELL_CHARS is refused with its row and column.
"""

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from nyata.core import exports, files, limits

# Nyata's tables have a dozen columns. A workbook may declare 16,384 and a million rows while holding two
# cells, and openpyxl fills the gaps with empty cells (a CSV line may hold a million separators): only
# these columns are read, and blank rows count towards the row limit, so such a file costs no more than
# a full one.
MAX_COLUMNS = 100


class TableError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Row:
    number: int  # the row number in the spreadsheet, header being row 1
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[Row]


def _normalise_header(name: object) -> str:
    return str(exports.restore(name) or "").strip().lower().replace(" ", "_")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(exports.restore(value)).strip()


def _too_many_rows(max_rows: int) -> TableError:
    return TableError(
        _("The file has more than %(max)d rows; at most %(max)d are accepted.") % {"max": max_rows}
    )


def _check_lengths(cells: list[object], number: int, max_chars: int) -> None:
    for index, value in enumerate(cells):
        if isinstance(value, str) and len(value) > max_chars:
            raise TableError(
                _(
                    "Row %(row)d, column %(column)s: the cell holds %(count)d characters; "
                    "at most %(max)d are accepted."
                )
                % {
                    "row": number,
                    "column": get_column_letter(index + 1),
                    "count": len(value),
                    "max": max_chars,
                }
            )


def _build(raw_rows: Iterable[list[object]], max_rows: int) -> Table:
    max_chars = limits.IMPORT_MAX_CELL_CHARS.current()
    numbered = enumerate(raw_rows, start=1)
    first = next(numbered, None)
    if first is None:
        raise TableError(_("The file is empty."))
    first_row = first[1][:MAX_COLUMNS]
    _check_lengths(first_row, 1, max_chars)
    header = [_normalise_header(h) for h in first_row]
    while header and not header[-1]:
        header.pop()
    if not any(header):
        raise TableError(_("The first row must hold the column names."))
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        raise TableError(_("Column names appear twice: %(names)s.") % {"names": ", ".join(duplicates)})
    rows, blank = [], 0
    for index, raw in numbered:
        raw = raw[:MAX_COLUMNS]
        _check_lengths(raw, index, max_chars)
        cells = [_cell(v) for v in raw]
        if not any(cells):
            blank += 1  # blank lines between blocks are common in hand-made sheets; a million are not
            if blank > max_rows:
                raise _too_many_rows(max_rows)
            continue
        if len(rows) == max_rows:
            raise _too_many_rows(max_rows)
        values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name}
        rows.append(Row(number=index, values=values))
    return Table(header=[h for h in header if h], rows=rows)


def _csv_rows(reader) -> Iterable[list[str]]:
    """The reader's rows; a row the csv module cannot read (a field over its 128 KiB limit, a stray NUL)
    becomes a message with its line instead of an error page."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise TableError(
                    _("Line %(line)d: a cell is longer than %(max)d characters.")
                    % {
                        "line": reader.line_num,
                        "max": min(limits.IMPORT_MAX_CELL_CHARS.current(), csv.field_size_limit()),
                    }
                ) from None
            raise TableError(
                _("Line %(line)d cannot be read as CSV (%(error)s).")
                % {"line": reader.line_num, "error": error}
            ) from None
        yield row


def _read_csv(data: bytes, max_rows: int) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError(_("The CSV file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.")) from None
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return _build(_csv_rows(csv.reader(io.StringIO(text), delimiter=delimiter)), max_rows)


def _unreadable() -> TableError:
    return TableError(_("The XLSX file cannot be opened; is it really an Excel workbook?"))


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError):
        raise _unreadable() from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        return _build((list(row) for row in rows), max_rows)
    except (zipfile.BadZipFile, OSError, ParseError, DefusedXmlException):
        # A damaged sheet, or XML declaring entities or a DTD (refused by openpyxl through defusedxml).
        raise _unreadable() from None
    finally:
        workbook.close()


def read_table(*, name: str, data: bytes, max_rows: int) -> Table:
    """The table in an uploaded CSV or XLSX file. What the file is comes from its bytes (core.files), so a
    workbook named .csv is read as the workbook it is, and a PDF or a macro workbook named .xlsx is
    refused; only text, which has no signature, is taken as CSV on the word of its name."""
    try:
        kind = files.detect(io.BytesIO(data), archive=limits.for_imports())
    except files.Refused as refusal:
        raise TableError(str(refusal)) from None
    if kind == files.XLSX:
        return _read_xlsx(data, max_rows)
    if kind is None and name.lower().endswith(".csv"):
        return _read_csv(data, max_rows)
    if name.lower().endswith(".xlsx"):
        raise _unreadable()
    raise TableError(_("Only .csv and .xlsx files are accepted."))
