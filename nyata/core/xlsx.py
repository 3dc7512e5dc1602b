"""A streaming writer of plain XLSX workbooks: text, numbers and booleans, one header row, no styles.

openpyxl's write-only mode spends about 0.15 ms a row of 31 cells on this machine (a cell object, its
coordinate, its type checks, an lxml element): 65,000 survey responses took 36 s, beyond gunicorn's worker
timeout (issue 14). A plain sheet needs none of that: each row is formatted as SpreadsheetML text
(ECMA-376 part 1, §18.3: `<row>`, `<c>` with an inline string or a number) and deflated into the zip as it
is written, so the first bytes leave at once and memory stays bounded whatever the number of rows. The
package holds only the parts a reader requires: content types, the relationships, the workbook, a minimal
style sheet and the sheets. Callers make cells inert first (nyata.core.exports).
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache
from xml.sax.saxutils import quoteattr

ROWS_PER_CHUNK = 1000
# Characters XML 1.0 cannot carry at all; openpyxl raised IllegalCharacterError (a 500) on them.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A carriage return as a reference, else every XML reader turns it into a line feed.
ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
STYLES = (
    f'{HEAD}<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font>'
    '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    '<patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"


@cache
def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell(reference: str, value: object) -> str:
    """One `<c>` element, or "" for an empty cell (None or empty text)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int) or (isinstance(value, float | Decimal) and math.isfinite(value)):
        return f'<c r="{reference}"><v>{value}</v></c>'
    text = ILLEGAL.sub("", str(value)).translate(ESCAPES)
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def row_xml(number: int, values: Iterable[object]) -> str:
    cells = "".join(cell(f"{column_letter(i)}{number}", value) for i, value in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


class _Sink:
    """Where the zip is written: the bytes wait here until the generator hands them out. Neither tell nor
    seek, so zipfile writes a streamable archive (sizes in data descriptors after each part)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def _package_parts(titles: list[str]) -> dict[str, str]:
    sheets = range(1, len(titles) + 1)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SPREADSHEET}.worksheet+xml"/>'
        for n in sheets
    )
    listed = "".join(
        f'<sheet name={quoteattr(ILLEGAL.sub("", title)[:31])} sheetId="{n}" r:id="rId{n}"/>'
        for n, title in zip(sheets, titles, strict=True)
    )
    related = "".join(
        f'<Relationship Id="rId{n}" Type="{RELATIONSHIP}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in sheets
    )
    return {
        "[Content_Types].xml": (
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{SPREADSHEET}.styles+xml"/>{overrides}</Types>'
        ),
        "_rels/.rels": (
            f'{HEAD}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" '
            f'Type="{RELATIONSHIP}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIP}"><sheets>{listed}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{HEAD}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{related}<Relationship Id="rIdStyles" '
            f'Type="{RELATIONSHIP}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": STYLES,
    }


def chunks(sheets: list[tuple[str, Iterable[object], Iterable[Iterable[object]]]]) -> Iterator[bytes]:
    """The workbook's bytes, a thousand rows at a time: (title, header, rows) per sheet."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in _package_parts([title for title, _header, _rows in sheets]).items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), text)
        for number, (_title, header, rows) in enumerate(sheets, start=1):
            part = zipfile.ZipInfo(f"xl/worksheets/sheet{number}.xml", date_time=(1980, 1, 1, 0, 0, 0))
            part.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(part, "w") as sheet:
                sheet.write(f'{HEAD}<worksheet xmlns="{MAIN}"><sheetData>{row_xml(1, header)}'.encode())
                lines: list[str] = []
                for row_number, values in enumerate(rows, start=2):
                    lines.append(row_xml(row_number, values))
                    if len(lines) == ROWS_PER_CHUNK:
                        sheet.write("".join(lines).encode())
                        lines.clear()
                        yield sink.drain()
                sheet.write(("".join(lines) + "</sheetData></worksheet>").encode())
            yield sink.drain()
    yield sink.drain()
