"""Read the instrument workbook back into an instrument mapping, reporting every problem by sheet, row
and column. The mapping is then validated by the engine exactly like a YAML file, and each engine
problem (which names a YAML path) is traced back to the cell it came from."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from nyata.core import files, limits
from nyata.instruments.messages import localised
from nyata.instruments.xlsx.cells import Row, SheetProblem, SheetReader, WorkbookError
from nyata.instruments.xlsx.layout import (
    ANSWER_TYPES,
    AWARD_MINIMUMS,
    AWARDS,
    EVIDENCE,
    FALSE_WORDS,
    META,
    META_KEYS,
    NODES,
    OPTIONS,
    PREDICATES,
    TRUE_WORDS,
    Sheet,
)
from nyata.scoring import Instrument, InstrumentError, instrument_from_data
from nyata.scoring.problems import Path, format_path


def _answer(row: Row, kind_key: str) -> dict[str, object]:
    answer: dict[str, object] = {"kind": row.values[kind_key]}
    for key in ("min", "max", "higher_is_better"):
        if key in row.values:
            answer[key] = row.values[key]
    return answer


ANSWER_COLUMNS = {"kind": "answer_kind", "min": "min", "max": "max", "higher_is_better": "higher_is_better"}
NODE_COLUMNS = {
    key: key
    for key in (
        "code",
        "title",
        "weight",
        "kind",
        "allow_na",
        "pengampu",
        "source",
        "values",
        "guidance",
        "parent",
    )
}


def _read(workbook) -> tuple[dict[str, object], SheetReader]:
    reader = SheetReader()
    data: dict[str, object] = {}
    for row in reader.rows(workbook, META):
        key, value = row.values.get("key"), row.values.get("value")
        if key not in META_KEYS:
            reader.problem(
                META,
                _("unknown key %(key)r; one of %(keys)s") % {"key": key, "keys": ", ".join(META_KEYS)},
                row=row.number,
                key="key",
            )
            continue
        if key == "legal_basis":
            entries = data.setdefault("legal_basis", [])
            reader.place(("legal_basis", len(entries)), META, row, {})
            reader.places[format_path(("legal_basis", len(entries)))] = (META, row.number, "value")
            entries.append(value)
            continue
        if key in data:
            reader.problem(META, _("%(key)s is given twice") % {"key": key}, row=row.number, key="key")
            continue
        if key == "weights_sum_to_parent" and isinstance(value, str):
            word = value.strip().lower()
            value = word in TRUE_WORDS if word in TRUE_WORDS | FALSE_WORDS else value
        data[str(key)] = value if value is not None else ""
        reader.places[format_path((str(key),))] = (META, row.number, "value")

    types: dict[str, dict[str, object]] = {}
    for row in reader.rows(workbook, ANSWER_TYPES):
        name = row.values.get("name")
        if not isinstance(name, str) or name in types:
            message = _("the name is missing") if name is None else _("the name %(name)r is used twice")
            reader.problem(ANSWER_TYPES, message % {"name": name}, row=row.number, key="name")
            continue
        types[name] = _answer(row, "kind") if "kind" in row.values else {}
        reader.place(
            ("answer_types", name),
            ANSWER_TYPES,
            row,
            {k: k for k in ("kind", "min", "max", "higher_is_better")},
        )

    nodes: dict[str, dict[str, object]] = {}
    paths: dict[str, Path] = {}
    roots: list[dict[str, object]] = []
    for row in reader.rows(workbook, NODES):
        code = row.values.get("code")
        node = {
            k: row.values[k]
            for k in (
                "code",
                "title",
                "weight",
                "kind",
                "allow_na",
                "pengampu",
                "source",
                "values",
                "guidance",
            )
            if k in row.values
        }
        parent_code = row.values.get("parent")
        if parent_code is None:
            path: Path = ("nodes", len(roots))
            roots.append(node)
        elif parent_code in nodes:
            siblings = nodes[parent_code].setdefault("children", [])
            path = (*paths[parent_code], "children", len(siblings))
            siblings.append(node)
        else:
            reader.problem(
                NODES,
                _("parent %(parent)r is not a node listed above this row") % {"parent": parent_code},
                row=row.number,
                key="parent",
            )
            continue
        if "answer_type" in row.values and "answer_kind" in row.values:
            reader.problem(
                NODES, _("fill answer_type or answer_kind, not both"), row=row.number, key="answer_kind"
            )
        elif "answer_type" in row.values:
            node["answer"] = row.values["answer_type"]
            reader.places[format_path((*path, "answer"))] = (NODES, row.number, "answer_type")
        elif "answer_kind" in row.values:
            node["answer"] = _answer(row, "answer_kind")
            reader.place((*path, "answer"), NODES, row, ANSWER_COLUMNS)
        for key in ("min", "max", "higher_is_better"):
            if key in row.values and "answer_kind" not in row.values:
                reader.problem(
                    NODES,
                    _("only an indicator with its own answer_kind takes %(key)s") % {"key": key},
                    row=row.number,
                    key=key,
                )
        reader.place(path, NODES, row, NODE_COLUMNS | {"children": "code"})
        if isinstance(code, str):
            if code in nodes:
                reader.problem(
                    NODES, _("the code %(code)r is used twice") % {"code": code}, row=row.number, key="code"
                )
            else:
                nodes[code], paths[code] = node, path
    data["nodes"] = roots
    if types:
        data["answer_types"] = types

    for row in reader.rows(workbook, OPTIONS):
        type_name, node_code = row.values.get("answer_type"), row.values.get("node")
        option = {k: row.values[k] for k in ("code", "label", "value") if k in row.values}
        if (type_name is None) == (node_code is None):
            reader.problem(
                OPTIONS, _("fill answer_type or node, exactly one of them"), row=row.number, key="answer_type"
            )
            continue
        if type_name is not None:
            if type_name not in types:
                reader.problem(
                    OPTIONS,
                    _("unknown answer type %(name)r") % {"name": type_name},
                    row=row.number,
                    key="answer_type",
                )
                continue
            owner, base = types[type_name], ("answer_types", str(type_name))
        else:
            answer = nodes.get(str(node_code), {}).get("answer")
            if not isinstance(answer, dict):
                reader.problem(
                    OPTIONS,
                    _("node %(code)r has no answer_kind of its own") % {"code": node_code},
                    row=row.number,
                    key="node",
                )
                continue
            owner, base = answer, (*paths[str(node_code)], "answer")
        options = owner.setdefault("options", [])
        reader.place(
            (*base, "options", len(options)), OPTIONS, row, {k: k for k in ("code", "label", "value")}
        )
        options.append(option)

    for row in reader.rows(workbook, EVIDENCE):
        node_code = row.values.get("node")
        if node_code not in nodes:
            reader.problem(
                EVIDENCE, _("unknown node %(code)r") % {"code": node_code}, row=row.number, key="node"
            )
            continue
        items = nodes[node_code].setdefault("evidence", [])
        reader.place(
            (*paths[node_code], "evidence", len(items)),
            EVIDENCE,
            row,
            {k: k for k in ("code", "title", "required", "dated")},
        )
        items.append({k: row.values[k] for k in ("code", "title", "required", "dated") if k in row.values})

    predicates = data.setdefault("predicates", [])
    for row in reader.rows(workbook, PREDICATES):
        reader.place(
            ("predicates", len(predicates)),
            PREDICATES,
            row,
            {k: k for k in ("code", "label", "from", "from_inclusive")},
        )
        predicates.append(
            {k: row.values[k] for k in ("code", "label", "from", "from_inclusive") if k in row.values}
        )

    awards: dict[str, dict[str, object]] = {}
    listed = data.setdefault("awards", [])
    for row in reader.rows(workbook, AWARDS):
        award = {k: row.values[k] for k in ("code", "label", "min_total") if k in row.values}
        reader.place(("awards", len(listed)), AWARDS, row, {k: k for k in ("code", "label", "min_total")})
        if isinstance(award.get("code"), str):
            awards[str(award["code"])] = award
        listed.append(award)
    for row in reader.rows(workbook, AWARD_MINIMUMS):
        award_code, node_code = row.values.get("award"), row.values.get("node")
        if award_code not in awards:
            reader.problem(
                AWARD_MINIMUMS,
                _("unknown award %(code)r") % {"code": award_code},
                row=row.number,
                key="award",
            )
            continue
        if not isinstance(node_code, str):
            reader.problem(AWARD_MINIMUMS, _("the node is missing"), row=row.number, key="node")
            continue
        minimums = awards[award_code].setdefault("node_minimums", {})
        if node_code in minimums:
            reader.problem(
                AWARD_MINIMUMS,
                _("node %(code)r is given twice for this award") % {"code": node_code},
                row=row.number,
                key="node",
            )
            continue
        index = listed.index(awards[award_code])
        reader.places[format_path(("awards", index, "node_minimums", node_code))] = (
            AWARD_MINIMUMS,
            row.number,
            "minimum",
        )
        minimums[node_code] = row.values.get("minimum")
    return data, reader


_LAST_PART = re.compile(r"(\[\d+\]|\.[^.\[]+|^[^.\[]+)$")


def _locate(reader: SheetReader, path: str) -> tuple[Sheet, int, str | None] | None:
    while path:
        if path in reader.places:
            return reader.places[path]
        shorter = _LAST_PART.sub("", path)
        if shorter == path:
            return None
        path = shorter
    return None


def read_workbook(*, data: bytes) -> Instrument:
    """Read and validate an instrument workbook; raises WorkbookError listing every problem.

    A workbook beyond the archive limits (nyata.core.limits) or with macros is refused before it is
    unpacked; XML declaring entities or a DTD is refused by openpyxl through defusedxml."""
    try:
        files.detect(io.BytesIO(data), archive=limits.for_imports())
    except files.Refused as refusal:
        raise WorkbookError([SheetProblem("-", str(refusal))]) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError) as error:
        raise WorkbookError(
            [SheetProblem("-", _("not an XLSX workbook (%(error)s)") % {"error": error})]
        ) from None
    try:
        mapping, reader = _read(workbook)
    except (zipfile.BadZipFile, OSError, ParseError, DefusedXmlException) as error:
        raise WorkbookError(
            [SheetProblem("-", _("not an XLSX workbook (%(error)s)") % {"error": error})]
        ) from None
    finally:
        workbook.close()
    try:
        instrument = instrument_from_data(data=mapping)
    except InstrumentError as error:
        for problem in error.problems:
            found = _locate(reader, problem.path)
            if found is None:
                reader.problems.append(SheetProblem(META.name, localised(problem), code=problem.code))
                continue
            sheet, row, key = found
            reader.problem(sheet, localised(problem), row=row, key=key)
            if problem.code:
                reader.problems[-1] = SheetProblem(**{**reader.problems[-1].__dict__, "code": problem.code})
        raise WorkbookError(reader.problems) from None
    if reader.problems:
        raise WorkbookError(reader.problems)
    return instrument
