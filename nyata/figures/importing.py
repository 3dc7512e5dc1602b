"""Reading an imported table of figures (CSV or XLSX, read by nyata.core.tabular within its limits) into
checked rows. All-or-nothing: every bad row is reported with its row, its column and why, and nothing is
recorded while one remains.

Columns (Indonesian, English accepted): kode_unit, jenis, tahun, nilai, judul_dokumen, nomor_dokumen,
tanggal_dokumen, tautan_dokumen. A value may use the decimal comma (3,85) or point (3.85); a date is
2026-01-15 or 15/01/2026 (or a date cell of the workbook).
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nyata.core.tabular import Table
from nyata.figures.actions import Provenance, Row, check_figure
from nyata.figures.queries import kinds_of
from nyata.org.importing.rows import RowError
from nyata.org.models import Instansi, Unit

COLUMNS = {
    "kode_unit": "unit",
    "jenis": "kind",
    "tahun": "year",
    "nilai": "value",
    "judul_dokumen": "document_title",
    "nomor_dokumen": "document_number",
    "tanggal_dokumen": "document_date",
    "tautan_dokumen": "document_url",
}
ALIASES = {
    "unit_code": "kode_unit",
    "kind": "jenis",
    "year": "tahun",
    "value": "nilai",
    "document_title": "judul_dokumen",
    "document_number": "nomor_dokumen",
    "document_date": "tanggal_dokumen",
    "document_link": "tautan_dokumen",
}
REQUIRED = ("kode_unit", "jenis", "tahun", "nilai", "judul_dokumen", "nomor_dokumen", "tanggal_dokumen")
COLUMN_OF_FIELD = {ours: theirs for theirs, ours in COLUMNS.items()}


@dataclass(frozen=True)
class Checked:
    rows: list[Row]
    errors: list[RowError]


def _decimal(text: str) -> Decimal | None:
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")  # 1.234,5: thousands dot, decimal comma
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _date(text: str) -> date | None:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _header_map(table: Table) -> dict[str, str]:
    return {ALIASES.get(name, name): name for name in table.header}


def missing_columns(table: Table) -> list[str]:
    present = _header_map(table)
    return [column for column in REQUIRED if column not in present]


def check_table(table: Table, instansi: Instansi) -> Checked:
    headers = _header_map(table)
    units = {u.code: u for u in Unit.objects.filter(instansi=instansi)}
    kinds = {k.key: k for k in kinds_of(instansi.pk)}
    rows: list[Row] = []
    errors: list[RowError] = []
    first_row_of: dict[tuple[str, str, int], int] = {}
    for row in table.rows:
        cell = {column: row.values.get(headers.get(column, ""), "").strip() for column in COLUMNS}
        if not any(cell.values()):
            continue  # a blank line between rows is no figure and no error

        def bad(column: str, message: str, number: int = row.number) -> None:
            errors.append(RowError(number, column, message))

        before = len(errors)
        unit = units.get(cell["kode_unit"].lower())
        if unit is None:
            bad("kode_unit", _("No unit has the code %(code)s.") % {"code": cell["kode_unit"] or "—"})
        kind = kinds.get(cell["jenis"].lower())
        if kind is None:
            bad("jenis", _("Unknown kind. Use one of: %(k)s.") % {"k": ", ".join(kinds)})
        year = int(cell["tahun"]) if cell["tahun"].isdigit() else None
        if year is None:
            bad("tahun", _("Write the year as four digits, e.g. 2025."))
        value = _decimal(cell["nilai"])
        if value is None:
            bad("nilai", _("Write a number, e.g. 3,85."))
        when = _date(cell["tanggal_dokumen"])
        if when is None:
            bad("tanggal_dokumen", _("Write the date as 2026-01-15 or 15/01/2026."))
        if len(errors) > before:
            continue
        source = Provenance(cell["judul_dokumen"], cell["nomor_dokumen"], when, cell["tautan_dokumen"])
        try:
            check_figure(instansi=instansi, kind=kind, unit=unit, year=year, value=value, source=source)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    bad(COLUMN_OF_FIELD.get(field, field), message)
            continue
        if not source.url:  # a table carries no files: the document is reached by its link
            bad("tautan_dokumen", _("Give the document's link or upload the document."))
            continue
        seen = (unit.code, kind.key, year)
        if seen in first_row_of:
            bad(
                "kode_unit",
                _("This unit, kind and year already appear in row %(row)d.") % {"row": first_row_of[seen]},
            )
            continue
        first_row_of[seen] = row.number
        rows.append(Row(row.number, kind, unit, year, value, source))
    return Checked(rows, errors)
