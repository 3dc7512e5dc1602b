"""Excel workbooks (openpyxl) and CSV: the filled worksheet of a unit, the period workbook, the city recap
and the ranking. Figures are numbers in cells with a number format, so an Indonesian Excel shows them with
its own decimal comma and thousands dot and can still compute with them; text typed by people is always
stored as text, never as a formula (a cell starting with "=" must not run in the reader's Excel)."""

import csv
import io
import re
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from nyata.evaluations import values
from nyata.reports.indonesian import DASH, number
from nyata.reports.queries.city import CityTable
from nyata.reports.queries.recap import Recap
from nyata.reports.queries.worksheet import TIER_LABELS, TIERS, Worksheet, numeric

SCORE = "#,##0.00"
SHARE = "0.0%"
WHOLE = "0"
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="E8EDF2")
WRAP = Alignment(wrap_text=True, vertical="top")
LINK = Font(color="0B5E8A", underline="single")
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class Sheet:
    """A write-only sheet of typed cells: numbers as numbers with a format, text as text only."""

    def __init__(self, workbook: Workbook, title: str, widths: list[int]):
        self.sheet = workbook.create_sheet(title)
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width

    def cell(self, value, *, fmt: str = "", bold: bool = False, fill=None, link: str = "", wrap=False):
        cell = WriteOnlyCell(self.sheet)
        if isinstance(value, Decimal):
            cell.value = value
            cell.number_format = fmt or SCORE
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.value = value
            if fmt:
                cell.number_format = fmt
        elif value is None or value == "":
            cell.value = None
        else:
            cell.value = str(value)
            cell.data_type = "s"  # never a formula, whatever the text starts with
        if bold:
            cell.font = BOLD
        if fill is not None:
            cell.fill = fill
        if link:
            cell.hyperlink = link
            cell.font = LINK
        if wrap:
            cell.alignment = WRAP
        return cell

    def row(self, *cells) -> None:
        self.sheet.append([c if isinstance(c, Cell) else self.cell(c) for c in cells])

    def header(self, *labels: str) -> None:
        self.row(*[self.cell(label, bold=True, fill=HEAD_FILL, wrap=True) for label in labels])

    def freeze(self, cell: str) -> None:
        self.sheet.freeze_panes = cell


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = SHEET_NAME_FORBIDDEN.sub(" ", name).strip()[:31] or "Unit"
    title, suffix = base, 2
    while title.lower() in taken:
        tail = f" ({suffix})"
        title, suffix = base[: 31 - len(tail)] + tail, suffix + 1
    taken.add(title.lower())
    return title


# --- the worksheet of a unit ------------------------------------------------------------------------


def _answer_cell(sheet: Sheet, node, stored: values.Stored):
    amount = numeric(node, stored)
    if amount is not None:
        return sheet.cell(amount, fmt="#,##0.##")
    return sheet.cell("" if stored is None else values.display(node, stored))


def _worksheet_sheet(workbook: Workbook, worksheet: Worksheet, title: str) -> Sheet:
    tiers = TIERS if worksheet.internal else []
    widths = [12, 48, 22, 36, 36, *[14, 30] * len(tiers), 14, 10, 10, 10]
    sheet = Sheet(workbook, title, widths)
    period = worksheet.period
    state = _("Final (published)") if worksheet.is_final else _("Draft: not published")
    sheet.row(sheet.cell(worksheet.unit.name, bold=True))
    sheet.row(_("Period"), period.title)
    sheet.row(_("Instrument"), f"{period.instrument.code} {period.instrument.version}")
    sheet.row(_("Status"), state)
    sheet.row(_("Total"), worksheet.total, _("of"), worksheet.max_total)
    sheet.row(_("Predicate"), worksheet.predicate or DASH, worksheet.predicate_label)
    sheet.row()
    sheet.header(
        _("Code"),
        _("Component / indicator"),
        _("Unit's answer"),
        _("Explanation"),
        _("Evidence"),
        *[
            label
            for tier in tiers
            for label in (
                _("%(tier)s: value") % {"tier": TIER_LABELS[tier]},
                _("%(tier)s: note") % {"tier": TIER_LABELS[tier]},
            )
        ],
        _("Final value"),
        _("Score"),
        _("Maximum"),
        _("Share of the maximum"),
    )
    sheet.freeze("C9")
    for line in worksheet.lines:
        node = line.node
        label = sheet.cell(("  " * line.depth) + node.title, bold=not line.is_indicator, wrap=True)
        score = [
            sheet.cell(line.score if line.applicable else _("not applicable"), bold=not line.is_indicator),
            sheet.cell(line.max),
            sheet.cell(line.fraction if line.applicable else None, fmt=SHARE),
        ]
        if not line.is_indicator:
            sheet.row(sheet.cell(node.code, bold=True), label, *[""] * (3 + 2 * len(tiers) + 1), *score)
            continue
        names = "\n".join(e.name for e in line.evidence)
        tier_cells = []
        for tier in tiers:
            value, note = line.tiers.get(tier, (None, ""))
            tier_cells += [_answer_cell(sheet, node, value), sheet.cell(note, wrap=True)]
        sheet.row(
            node.code,
            label,
            _answer_cell(sheet, node, line.answer),
            sheet.cell(line.explanation, wrap=True),
            sheet.cell(names, wrap=True),
            *tier_cells,
            _answer_cell(sheet, node, line.final),
            *score,
        )
    return sheet


def _evidence_sheet(workbook: Workbook, worksheets: list[Worksheet], title: str) -> None:
    sheet = Sheet(workbook, title, [30, 12, 18, 48, 70])
    sheet.header(_("Unit"), _("Indicator"), _("Checklist item"), _("Name"), _("Link"))
    for worksheet in worksheets:
        for line in worksheet.lines:
            for item in line.evidence:
                sheet.row(
                    worksheet.unit.name,
                    line.node.code,
                    item.item,
                    item.name,
                    sheet.cell(item.url, link=item.url) if item.url else "",
                )


def worksheet_xlsx(worksheet: Worksheet) -> bytes:
    with translation.override("id"):
        workbook = Workbook(write_only=True)
        _worksheet_sheet(
            workbook, worksheet, sheet_title(worksheet.unit.display_name, {_("Evidence").lower()})
        )
        _evidence_sheet(workbook, [worksheet], _("Evidence"))
        return _save(workbook)


def workbook_xlsx(worksheets: Iterable[Worksheet], *, count: int, progress: Callable[[int], None]) -> bytes:
    """A sheet per unit, then the recap sheet (unit x indicator final values) and the evidence sheet.
    `progress(done)` is called after each unit (the task worker reports it to the progress bar)."""
    with translation.override("id"):
        workbook = Workbook(write_only=True)
        recap = Sheet(workbook, _("Recap"), [34, 10, 10])
        taken = {_("Recap").lower(), _("Evidence").lower()}
        kept: list[Worksheet] = []
        header_done = False
        for done, worksheet in enumerate(worksheets, start=1):
            if not header_done:
                indicators = [line.node for line in worksheet.lines if line.is_indicator]
                codes = [node.code for node in indicators]
                recap.header(_("Unit"), _("Total"), _("Predicate"), *codes, *_closure_header())
                recap.freeze("B2")
                header_done = True
            if not worksheet.assessment.is_evaluated:
                # Closed as not submitted or withdrawn: not evaluated, so no score, no predicate and no
                # sheet of its own (it would show zeros); the recap row says why instead.
                recap.row(
                    worksheet.unit.name,
                    None,
                    None,
                    *[None] * len(indicators),
                    *[recap.cell(text, wrap=True) for text in _closure(worksheet.assessment)],
                )
                progress(done)
                continue
            recap.row(
                worksheet.unit.name,
                worksheet.total,
                worksheet.predicate or DASH,
                *[
                    _answer_cell(recap, line.node, line.final)
                    for line in worksheet.lines
                    if line.is_indicator
                ],
                "",
                "",
            )
            _worksheet_sheet(workbook, worksheet, sheet_title(worksheet.unit.display_name, taken))
            kept.append(_evidence_only(worksheet))
            progress(done)
        _evidence_sheet(workbook, kept, _("Evidence"))
        return _save(workbook)


def _evidence_only(worksheet: Worksheet) -> Worksheet:
    """Keep only what the evidence sheet needs, so the whole period's lines are not held in memory."""
    worksheet.lines = [line for line in worksheet.lines if line.evidence]
    return worksheet


# --- the city recap and the ranking ---------------------------------------------------------------------


def _ranking_rows(table: CityTable):
    """The header and, per unit, its values: the ranked units, then those closed instead of evaluated
    (not submitted, withdrawn) with every figure left empty, never a zero; the status and the reason close
    each row."""
    tops = table.tops
    header = [
        _("Rank"),
        _("Unit"),
        _("Total"),
        _("Maximum"),
        _("Predicate"),
        _("Predicate label"),
        *[f"{n.code} {n.title}" for n in tops],
        _("Previous total"),
        _("Difference"),
    ]
    rows = [
        (
            row.assessment,
            [
                row.rank,
                row.unit.name,
                row.total,
                row.max_total,
                row.predicate,
                row.predicate_label,
                *[row.cells[n.code].score if n.code in row.cells else None for n in tops],
                row.previous_total,
                row.change,
            ],
        )
        for row in table.rows
    ]
    rows += [(a, [None, a.unit.name, *[None] * (len(header) - 2)]) for a in table.closed]
    return header, rows


def _closure_header() -> list[str]:
    return [_("Status"), _("Reason")]


def _closure(assessment) -> list[str]:
    """The status and reason of a unit closed instead of evaluated; empty for a scored one."""
    if not assessment.closure_reason:
        return ["", ""]
    return [assessment.get_status_display(), assessment.closure_reason]


def ranking_xlsx(table: CityTable) -> bytes:
    with translation.override("id"):
        workbook = Workbook(write_only=True)
        header, rows = _ranking_rows(table)
        sheet = Sheet(workbook, _("Ranking"), [8, 40, 10, 10, 10, 18, *[14] * (len(header) - 6), 20, 40])
        sheet.header(*header, *_closure_header())
        sheet.freeze("C2")
        for assessment, values_ in rows:
            sheet.row(
                *[sheet.cell(v, fmt=WHOLE) if isinstance(v, int) else v for v in values_],
                *[sheet.cell(text, wrap=True) for text in _closure(assessment)],
            )
        return _save(workbook)


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number(value)  # an Indonesian Excel reads "81,00" as a number in a ";" file
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def ranking_csv(table: CityTable) -> bytes:
    """Separated by ";" with decimal commas and a byte-order mark: what an Indonesian Excel opens as is."""
    with translation.override("id"):
        header, rows = _ranking_rows(table)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([_csv_text(h) for h in [*header, *_closure_header()]])
        writer.writerows([[_csv_text(v) for v in [*row, *_closure(a)]] for a, row in rows])
        return buffer.getvalue().encode("utf-8-sig")


def recap_xlsx(recap: Recap) -> bytes:
    """The recap as sheets: every unit's result with its components, the heatmap, the distribution and
    the findings by area."""
    with translation.override("id"):
        table = recap.table
        workbook = Workbook(write_only=True)
        header, rows = _ranking_rows(table)
        widths = [8, 40, 10, 10, 10, 18, *[14] * (len(header) - 6), 10, 20, 40]
        results = Sheet(workbook, _("Results"), widths)
        results.row(results.cell(f"{recap.instansi} · {recap.period}", bold=True))
        results.row(_("Status"), _("Final (published)") if recap.is_final else _("Draft: not published"))
        results.row()
        results.header(*header, _("IKM"), *_closure_header())
        results.freeze("C5")
        for assessment, values_ in rows:
            skm = recap.skm.get(assessment.unit_id) if assessment.is_evaluated else None
            results.row(
                *[results.cell(v, fmt=WHOLE) if isinstance(v, int) else v for v in values_],
                skm.ikm if skm is not None else None,
                *[results.cell(text, wrap=True) for text in _closure(assessment)],
            )
        heat = Sheet(workbook, _("Heatmap"), [40, *[12] * len(table.areas)])
        heat.header(_("Unit"), *[f"{a.code} {a.title}" for a in table.areas])
        for row in table.rows:
            heat.row(
                row.unit.name,
                *[
                    heat.cell(row.cells[a.code].share / 100, fmt=SHARE)
                    if a.code in row.cells and row.cells[a.code].share is not None
                    else None
                    for a in table.areas
                ],
            )
        bands = Sheet(workbook, _("Distribution"), [12, 24, 10])
        bands.header(_("Predicate"), _("Predicate label"), _("Units"))
        for band in table.distribution:
            bands.row(band.code or DASH, band.label, band.count)
        found = Sheet(workbook, _("Findings"), [12, 40, 10, 60, 40, 60])
        found.header(
            _("Code"),
            _("Component"),
            _("Units"),
            _("Recurring condition (kondisi)"),
            _("Unit"),
            _("Recommendation (rekomendasi)"),
        )
        for area in recap.findings:
            recurring = "\n".join(f"{text} ({count})" for text, count in area.recurring)
            for unit, text in area.recommendations:
                found.row(
                    area.node.code,
                    area.node.title,
                    area.units,
                    found.cell(recurring, wrap=True),
                    unit,
                    found.cell(text, wrap=True),
                )
        return _save(workbook)
