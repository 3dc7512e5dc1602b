"""Write an instrument into the workbook of layout.py (for `nyata instrument export ... --xlsx`)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from nyata.core.exports import inert
from nyata.instruments.xlsx.layout import (
    ANSWER_TYPES,
    AWARD_MINIMUMS,
    AWARDS,
    EVIDENCE,
    INSTRUCTIONS,
    META,
    NODES,
    OPTIONS,
    PREDICATES,
    SHEETS,
    Sheet,
)
from nyata.scoring import AnswerKind, AnswerSpec, Instrument, Node

HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")


def cell_number(value: Decimal | None) -> int | float | str | None:
    """A number Excel shows as a number when a float holds it exactly; otherwise its exact text."""
    if value is None:
        return None
    if value == value.to_integral_value() and abs(value) < 2**53:
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) == value:
        return as_float
    return format(value.normalize(), "f")


def _answer_cells(spec: AnswerSpec) -> dict[str, object]:
    cells: dict[str, object] = {}
    if spec.kind is AnswerKind.NUMBER:
        cells["min"], cells["max"] = cell_number(spec.min), cell_number(spec.max)
    if spec.kind in (AnswerKind.NUMBER, AnswerKind.TARGET):
        cells["higher_is_better"] = spec.higher_is_better
    return cells


def _rows(instrument: Instrument) -> dict[str, list[dict[str, object]]]:
    rows: dict[str, list[dict[str, object]]] = {sheet.name: [] for sheet in SHEETS}
    meta = rows[META.name]
    meta += [
        {"key": "code", "value": instrument.code},
        {"key": "version", "value": instrument.version},
        {"key": "title", "value": instrument.title},
        {"key": "weights_sum_to_parent", "value": instrument.weights_sum_to_parent},
    ]
    meta += [{"key": "legal_basis", "value": text} for text in instrument.legal_basis]
    for spec in instrument.answer_types:
        rows[ANSWER_TYPES.name].append({"name": spec.name, "kind": spec.kind.value, **_answer_cells(spec)})
        rows[OPTIONS.name] += [
            {"answer_type": spec.name, "code": o.code, "label": o.label, "value": cell_number(o.value)}
            for o in spec.options
        ]

    def node_rows(node: Node, parent: Node | None) -> None:
        row: dict[str, object] = {
            "code": node.code,
            "parent": parent.code if parent else None,
            "title": node.title,
            "weight": cell_number(node.weight),
            "kind": node.kind.value,
            "pengampu": node.pengampu,
            "source": node.source,
            "values": ", ".join(node.values) or None,
            "guidance": node.guidance or None,
        }
        if node.answer is not None:
            row["allow_na"] = node.allow_na
            if node.answer.name is not None:
                row["answer_type"] = node.answer.name
            else:
                row |= {"answer_kind": node.answer.kind.value, **_answer_cells(node.answer)}
                rows[OPTIONS.name] += [
                    {"node": node.code, "code": o.code, "label": o.label, "value": cell_number(o.value)}
                    for o in node.answer.options
                ]
        rows[NODES.name].append(row)
        rows[EVIDENCE.name] += [
            {"node": node.code, "code": e.code, "title": e.title, "required": e.required, "dated": e.dated}
            for e in node.evidence
        ]
        for child in node.children:
            node_rows(child, node)

    for root in instrument.nodes:
        node_rows(root, None)
    rows[PREDICATES.name] = [
        {"code": b.code, "label": b.label, "from": cell_number(b.lower), "from_inclusive": b.inclusive}
        for b in instrument.predicates
    ]
    for award in instrument.awards:
        rows[AWARDS.name].append(
            {"code": award.code, "label": award.label, "min_total": cell_number(award.min_total)}
        )
        rows[AWARD_MINIMUMS.name] += [
            {"award": award.code, "node": code, "minimum": cell_number(minimum)}
            for code, minimum in award.node_minimums
        ]
    return rows


def _put(sheet: Worksheet, row: int, column: int, value: object) -> None:
    # Text that would start a formula gets its apostrophe (nyata.core.exports), so that no spreadsheet
    # runs it even once someone edits the cell; the reader takes it off again (lossless round trip).
    cell = sheet.cell(row=row, column=column, value=inert(value))
    if isinstance(value, str):
        cell.data_type = "s"  # a string cell, never a formula
        if "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_sheet(workbook: Workbook, sheet: Sheet, rows: list[dict[str, object]]) -> Worksheet:
    worksheet = workbook.create_sheet(sheet.name)
    for index, column in enumerate(sheet.columns, start=1):
        cell = worksheet.cell(row=1, column=index, value=column.key)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    worksheet.freeze_panes = "A2"
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(sheet.columns, start=1):
            value = row.get(column.key)
            if value is not None and value != "":
                _put(worksheet, number, index, value)
    return worksheet


def _choices(worksheet: Worksheet, sheet: Sheet, key: str, values: list[str]) -> None:
    letter = get_column_letter([c.key for c in sheet.columns].index(key) + 1)
    validation = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    worksheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}5000")


def _instructions(workbook: Workbook) -> None:
    worksheet = workbook.active
    worksheet.title = INSTRUCTIONS
    worksheet.column_dimensions["A"].width = 18
    worksheet.column_dimensions["B"].width = 110
    lines = [
        (_("Sheet"), _("What it holds")),
        (META.name, _("One key per row: code, version, title, weights_sum_to_parent (TRUE/FALSE) and one "
                      "row per legal_basis entry.")),
        (ANSWER_TYPES.name, _("Reusable answer definitions: name, kind (choice, percent, number, target); "
                              "min and max for number; higher_is_better for number and target.")),
        (OPTIONS.name, _("Options of a choice: fill answer_type (a named type) or node (an indicator's own "
                         "answer), then code, label and value (0..1, the fraction of the weight earned).")),
        (NODES.name, _("The tree in file order: a node's parent must be listed above it. An indicator has "
                       "answer_type or answer_kind (with min, max, higher_is_better); a group has neither. "
                       "kind is enabler or outcome; values are comma-separated BerAKHLAK tags.")),
        (EVIDENCE.name, _("The evidence checklist (data dukung) of each node: node, code, title, required, "
                          "and dated (TRUE where the document's validity date matters and is asked with each "
                          "upload).")),
        (PREDICATES.name, _("Predicate bands from best to worst: code, label, from, from_inclusive.")),
        (AWARDS.name, _("Awards such as WBK or WBBM: code, label, min_total.")),
        (AWARD_MINIMUMS.name, _("Per-node minimums of an award: award, node, minimum (fraction 0..1).")),
        ("", _("Convert back with: nyata instrument import-xlsx FILE.xlsx --out FILE.yaml. Every problem is "
               "reported with its sheet, row and column.")),
    ]  # fmt: skip
    for row, (left, right) in enumerate(lines, start=1):
        _put(worksheet, row, 1, left)
        _put(worksheet, row, 2, right)
        worksheet.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    worksheet["A1"].font = worksheet["B1"].font = Font(bold=True)


def write_workbook(instrument: Instrument) -> bytes:
    """The instrument as XLSX bytes."""
    workbook = Workbook()
    _instructions(workbook)
    rows = _rows(instrument)
    sheets = {sheet.name: _write_sheet(workbook, sheet, rows[sheet.name]) for sheet in SHEETS}
    depths: dict[str, int] = {}
    for index, row in enumerate(rows[NODES.name], start=2):
        parent = row["parent"]
        depths[str(row["code"])] = depth = depths[str(parent)] + 1 if parent else 0
        sheets[NODES.name].row_dimensions[index].outline_level = min(depth, 7)
    _choices(sheets[NODES.name], NODES, "kind", ["enabler", "outcome"])
    _choices(sheets[NODES.name], NODES, "answer_kind", [kind.value for kind in AnswerKind])
    _choices(sheets[ANSWER_TYPES.name], ANSWER_TYPES, "kind", [kind.value for kind in AnswerKind])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
