"""Import of units: parents first, then predecessors, all in one transaction."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyata.core.tabular import Table
from nyata.org import actions
from nyata.org.importing.rows import (
    UNIT_COLUMNS,
    ImportFailed,
    ImportResult,
    RowError,
    action_errors,
    canonical_columns,
    choice_of,
    form_errors,
    parse_active,
    row_values,
    split_codes,
)
from nyata.org.models import (
    Instansi,
    Unit,
    User,
    code_validator,
)


class UnitRow(forms.Form):
    kode = forms.CharField(max_length=40, validators=[code_validator])
    nama = forms.CharField(max_length=255)
    singkatan = forms.CharField(max_length=80, required=False)
    area_pengampu = forms.CharField(max_length=40, required=False, validators=[code_validator])


def _check_unit_rows(
    table: Table, mapping: dict[str, str], instansi: Instansi
) -> tuple[list[dict], list[RowError]]:
    errors: list[RowError] = []
    parsed: list[dict] = []
    existing = {u.code: u for u in Unit.objects.filter(instansi=instansi)}
    first_row_of: dict[str, int] = {}
    for row in table.rows:
        values, headers = row_values(row, mapping)
        form_data = {ind: values.get(ours, "") for ind, ours in UNIT_COLUMNS.items()}
        form = UnitRow(data=form_data)
        row_errors = [] if form.is_valid() else form_errors(form, row.number, headers, UNIT_COLUMNS)
        code = values.get("code", "").strip().lower()
        kind = choice_of(values.get("kind", ""), Unit.Kind.choices)
        if kind is None:
            row_errors.append(
                RowError(
                    row.number,
                    headers.get("kind", "jenis"),
                    _("Unknown kind. Use one of: %(k)s.") % {"k": ", ".join(Unit.Kind.values)},
                )
            )
        active = parse_active(values.get("active", ""))
        if active is None:
            row_errors.append(RowError(row.number, headers["active"], _("Write ya or tidak.")))
        if code and code in first_row_of:
            row_errors.append(
                RowError(
                    row.number,
                    headers.get("code", "kode"),
                    _("This code already appears in row %(row)d.") % {"row": first_row_of[code]},
                )
            )
        first_row_of.setdefault(code, row.number)
        errors.extend(row_errors)
        parsed.append(
            {
                "row": row.number,
                "headers": headers,
                "code": code,
                "name": values.get("name", "").strip(),
                "short_name": values.get("short_name", "").strip(),
                "kind": kind,
                "is_active": active,
                "pengampu_area": values.get("pengampu_area", "").strip().lower(),
                "parent": values.get("parent", "").strip().lower(),
                "predecessors": split_codes(values.get("predecessors", "")),
            }
        )
    known = set(existing) | {p["code"] for p in parsed}
    for p in parsed:
        column = p["headers"]
        if p["parent"] and p["parent"] not in known:
            errors.append(
                RowError(
                    p["row"],
                    column.get("parent", "kode_induk"),
                    _("No unit has the code %(code)s.") % {"code": p["parent"]},
                )
            )
        if p["parent"] and p["parent"] == p["code"]:
            errors.append(
                RowError(p["row"], column.get("parent", "kode_induk"), _("A unit cannot be its own parent."))
            )
        for old in p["predecessors"]:
            if old not in known:
                errors.append(
                    RowError(
                        p["row"],
                        column.get("predecessors", "kode_pendahulu"),
                        _("No unit has the code %(code)s.") % {"code": old},
                    )
                )
    return parsed, errors


def _parent_first(parsed: list[dict]) -> list[dict]:
    by_code = {p["code"]: p for p in parsed}
    ordered, placed = [], set()

    def place(p: dict, trail: tuple[str, ...]) -> None:
        if p["code"] in placed:
            return
        parent = by_code.get(p["parent"])
        if parent is not None and parent["code"] not in trail:
            place(parent, (*trail, p["code"]))
        placed.add(p["code"])
        ordered.append(p)

    for p in parsed:
        place(p, ())
    return ordered


def _apply_units(parsed: list[dict], instansi: Instansi, by: User | None, result: ImportResult) -> None:
    units = {u.code: u for u in Unit.objects.filter(instansi=instansi)}
    errors: list[RowError] = []
    for p in _parent_first(parsed):
        current = units.get(p["code"])
        try:
            saved = actions.save_unit(
                instansi=instansi,
                by=by,
                unit=current,
                code=p["code"],
                name=p["name"],
                short_name=p["short_name"],
                kind=p["kind"],
                parent=units.get(p["parent"]) if p["parent"] else None,
                pengampu_area=p["pengampu_area"],
                is_active=p["is_active"],
            )
        except ValidationError as error:
            errors.extend(action_errors(error, p["row"], p["headers"]))
            continue
        units[p["code"]] = saved
        if current is None:
            result.created += 1
        else:
            result.updated += 1
    for p in parsed:
        if p["predecessors"] and p["code"] in units:
            try:
                unit = units[p["code"]]
                old = [units[c] for c in p["predecessors"]]
                actions.save_unit(instansi=instansi, by=by, unit=unit, predecessors=old)
            except ValidationError as error:
                errors.extend(action_errors(error, p["row"], p["headers"]))
    if errors:
        raise ImportFailed(errors)


def import_units(*, instansi: Instansi, table: Table, by: User | None) -> ImportResult:
    mapping, errors = canonical_columns(table, UNIT_COLUMNS, "units")
    if errors:
        return ImportResult(errors=errors)
    if "active" not in mapping.values():
        mapping = {**mapping, "aktif": "active"}
    parsed, errors = _check_unit_rows(table, mapping, instansi)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    try:
        with transaction.atomic():
            _apply_units(parsed, instansi, by, result)
    except ImportFailed as failure:
        return ImportResult(errors=failure.errors)
    return result
