"""Read an uploaded table (CSV or XLSX) into rows keyed by header, numbered as the user sees them.

CSV saved by a spreadsheet in an Indonesian locale starts with a byte-order mark and separates with `;`;
both that and plain comma-separated UTF-8 are accepted.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from nyata.core import files


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
    return str(name or "").strip().lower().replace(" ", "_")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _build(raw_rows: list[list[object]], max_rows: int) -> Table:
    if not raw_rows:
        raise TableError(_("The file is empty."))
    header = [_normalise_header(h) for h in raw_rows[0]]
    while header and not header[-1]:
        header.pop()
    if not any(header):
        raise TableError(_("The first row must hold the column names."))
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        raise TableError(_("Column names appear twice: %(names)s.") % {"names": ", ".join(duplicates)})
    rows = []
    for index, raw in enumerate(raw_rows[1:], start=2):
        cells = [_cell(v) for v in raw]
        if not any(cells):
            continue  # blank lines between blocks are common in hand-made sheets
        values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name}
        rows.append(Row(number=index, values=values))
    if len(rows) > max_rows:
        raise TableError(
            _("The file has %(count)d rows; at most %(max)d are accepted.")
            % {"count": len(rows), "max": max_rows}
        )
    return Table(header=[h for h in header if h], rows=rows)


def _read_csv(data: bytes, max_rows: int) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError(_("The CSV file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.")) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return _build(list(csv.reader(io.StringIO(text), delimiter=delimiter)), max_rows)


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise TableError(_("The XLSX file cannot be opened; is it really an Excel workbook?")) from None
    try:
        sheet = workbook.worksheets[0]
        raw = [list(r) for r in sheet.iter_rows(values_only=True, max_row=max_rows + 2)]
    finally:
        workbook.close()
    return _build(raw, max_rows)


def read_table(*, name: str, data: bytes, max_rows: int) -> Table:
    """The table in an uploaded CSV or XLSX file. What the file is comes from its bytes (core.files), so a
    workbook named .csv is read as the workbook it is, and a PDF or a macro workbook named .xlsx is
    refused; only text, which has no signature, is taken as CSV on the word of its name."""
    kind = files.detect(io.BytesIO(data))
    if kind == files.XLSX:
        return _read_xlsx(data, max_rows)
    if kind is None and name.lower().endswith(".csv"):
        return _read_csv(data, max_rows)
    if name.lower().endswith(".xlsx"):
        raise TableError(_("The XLSX file cannot be opened; is it really an Excel workbook?"))
    raise TableError(_("Only .csv and .xlsx files are accepted."))
