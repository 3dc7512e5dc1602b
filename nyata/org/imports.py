"""Bulk import of units and of people with their roles, from CSV or XLSX.

All or nothing: every row is checked first and every problem reported with its row and column; if any
row is bad, nothing is written. Existing records (matched by unit code or username) are updated, and
roles are added, never removed, so that re-importing the same file changes nothing.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyata.core.tabular import Table
from nyata.org import actions
from nyata.org.models import Instansi, Membership, Role, Unit, User, code_validator, nip_validator, phone_validator

TRUE_WORDS = {"", "ya", "y", "yes", "true", "1", "aktif", "active"}
FALSE_WORDS = {"tidak", "t", "no", "n", "false", "0", "nonaktif", "inactive"}

UNIT_COLUMNS = {
    "kode": "code", "nama": "name", "singkatan": "short_name", "jenis": "kind",
    "kode_induk": "parent", "kode_pendahulu": "predecessors", "area_pengampu": "pengampu_area", "aktif": "active",
}
PERSON_COLUMNS = {
    "nama_pengguna": "username", "nama": "name", "email": "email", "nip": "nip", "telepon": "phone",
    "peran": "role", "kode_unit": "unit", "aktif": "active",
}
# English headers are accepted too; they map onto the Indonesian ones above.
ALIASES = {
    "code": "kode", "name": "nama", "short_name": "singkatan", "kind": "jenis", "parent_code": "kode_induk",
    "predecessor_codes": "kode_pendahulu", "pengampu_area": "area_pengampu", "active": "aktif",
    "username": "nama_pengguna", "phone": "telepon", "role": "peran", "unit_code": "kode_unit",
}
REQUIRED = {"units": ("kode", "nama", "jenis"), "people": ("nama_pengguna", "nama")}


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    roles_added: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class _Errors(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors


def _canonical(table: Table, columns: dict[str, str], kind: str) -> tuple[dict[str, str], list[RowError]]:
    """Map the file's headers to ours; report missing required columns and unknown ones."""
    mapping, errors = {}, []
    for header in table.header:
        name = ALIASES.get(header, header)
        if name in columns:
            mapping[header] = name
        else:
            errors.append(RowError(1, header, _("Unknown column. Expected: %(cols)s.") % {"cols": ", ".join(columns)}))
    missing = [c for c in REQUIRED[kind] if c not in mapping.values()]
    if missing:
        errors.append(RowError(1, ", ".join(missing), _("Required column is missing.")))
    return {header: mapping[header] for header in mapping}, errors


def _values(row, mapping: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Values by our column name, and our column name back to the user's header, for error messages."""
    values = {ours: row.values.get(theirs, "") for theirs, ours in mapping.items()}
    headers = {ours: theirs for theirs, ours in mapping.items()}
    return values, headers


def _parse_active(value: str) -> bool | None:
    lowered = value.strip().lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    return None


def _choice(value: str, choices) -> str | None:
    lowered = value.strip().lower()
    for code, label in choices:
        if lowered in {str(code).lower(), str(label).lower()}:
            return code
    return None


def _split_codes(value: str) -> list[str]:
    return [c for c in re.split(r"[\s,;|]+", value.strip().lower()) if c]


class UnitRow(forms.Form):
    kode = forms.CharField(max_length=40, validators=[code_validator])
    nama = forms.CharField(max_length=255)
    singkatan = forms.CharField(max_length=80, required=False)
    area_pengampu = forms.CharField(max_length=40, required=False, validators=[code_validator])


class PersonRow(forms.Form):
    nama_pengguna = forms.CharField(max_length=150, validators=[UnicodeUsernameValidator()])
    nama = forms.CharField(max_length=150)
    email = forms.EmailField(required=False)
    nip = forms.CharField(max_length=18, required=False, validators=[nip_validator])
    telepon = forms.CharField(max_length=20, required=False, validators=[phone_validator])


def _form_errors(form: forms.Form, row: int, headers: dict[str, str], ours: dict[str, str]) -> list[RowError]:
    out = []
    for name, messages in form.errors.items():
        column = headers.get(ours.get(name, name), name)  # form field (Indonesian) -> our column -> header
        out.extend(RowError(row, column, str(m)) for m in messages)
    return out


def _check_unit_rows(table: Table, mapping: dict[str, str], instansi: Instansi) -> tuple[list[dict], list[RowError]]:
    errors: list[RowError] = []
    parsed: list[dict] = []
    existing = {u.code: u for u in Unit.objects.filter(instansi=instansi)}
    first_row_of: dict[str, int] = {}
    for row in table.rows:
        values, headers = _values(row, mapping)
        form_data = {ind: values.get(ours, "") for ind, ours in UNIT_COLUMNS.items()}
        form = UnitRow(data=form_data)
        row_errors = [] if form.is_valid() else _form_errors(form, row.number, headers, UNIT_COLUMNS)
        code = values.get("code", "").strip().lower()
        kind = _choice(values.get("kind", ""), Unit.Kind.choices)
        if kind is None:
            row_errors.append(RowError(row.number, headers.get("kind", "jenis"), _("Unknown kind. Use one of: %(k)s.") % {"k": ", ".join(Unit.Kind.values)}))
        active = _parse_active(values.get("active", ""))
        if active is None:
            row_errors.append(RowError(row.number, headers["active"], _("Write ya or tidak.")))
        if code and code in first_row_of:
            row_errors.append(RowError(row.number, headers.get("code", "kode"), _("This code already appears in row %(row)d.") % {"row": first_row_of[code]}))
        first_row_of.setdefault(code, row.number)
        errors.extend(row_errors)
        parsed.append({
            "row": row.number, "headers": headers, "code": code, "name": values.get("name", "").strip(),
            "short_name": values.get("short_name", "").strip(), "kind": kind, "is_active": active,
            "pengampu_area": values.get("pengampu_area", "").strip().lower(),
            "parent": values.get("parent", "").strip().lower(), "predecessors": _split_codes(values.get("predecessors", "")),
        })
    known = set(existing) | {p["code"] for p in parsed}
    for p in parsed:
        column = p["headers"]
        if p["parent"] and p["parent"] not in known:
            errors.append(RowError(p["row"], column.get("parent", "kode_induk"), _("No unit has the code %(code)s.") % {"code": p["parent"]}))
        if p["parent"] and p["parent"] == p["code"]:
            errors.append(RowError(p["row"], column.get("parent", "kode_induk"), _("A unit cannot be its own parent.")))
        for old in p["predecessors"]:
            if old not in known:
                errors.append(RowError(p["row"], column.get("predecessors", "kode_pendahulu"), _("No unit has the code %(code)s.") % {"code": old}))
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
                instansi=instansi, by=by, unit=current, code=p["code"], name=p["name"], short_name=p["short_name"],
                kind=p["kind"], parent=units.get(p["parent"]) if p["parent"] else None,
                pengampu_area=p["pengampu_area"], is_active=p["is_active"],
            )
        except ValidationError as error:
            errors.extend(_action_errors(error, p["row"], p["headers"]))
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
                errors.extend(_action_errors(error, p["row"], p["headers"]))
    if errors:
        raise _Errors(errors)


FIELD_TO_COLUMN = {"parent": "parent", "predecessors": "predecessors", "pengampu_area": "pengampu_area",
                   "code": "code", "name": "name", "username": "username", "nip": "nip", "role": "role", "unit": "unit"}


def _action_errors(error: ValidationError, row: int, headers: dict[str, str]) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(row, "", m) for m in error.messages]
    out = []
    for name, errs in error.message_dict.items():
        column = headers.get(FIELD_TO_COLUMN.get(name, name), name)
        out.extend(RowError(row, column, m) for m in errs)
    return out


def import_units(*, instansi: Instansi, table: Table, by: User | None) -> ImportResult:
    mapping, errors = _canonical(table, UNIT_COLUMNS, "units")
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
    except _Errors as failure:
        return ImportResult(errors=failure.errors)
    return result


def _role_of(value: str) -> str | None:
    from django.utils import translation

    lowered = value.strip().lower()
    if not lowered:
        return ""
    for code, _label in Role.choices:
        if lowered == code:
            return code
    for language in ("id", "en"):
        with translation.override(language):
            for code, label in Role.choices:
                if lowered == str(label).lower():
                    return code
    return None


PERSONAL = ("name", "email", "nip", "phone", "is_active")


def _check_people_rows(table: Table, mapping: dict[str, str], instansi: Instansi) -> tuple[dict, list[RowError]]:
    errors: list[RowError] = []
    people: dict[str, dict] = {}
    units = {u.code: u for u in Unit.objects.filter(instansi=instansi)}
    nip_rows: dict[str, tuple[str, int]] = {}
    for row in table.rows:
        values, headers = _values(row, mapping)
        form = PersonRow(data={ind: values.get(ours, "") for ind, ours in PERSON_COLUMNS.items()})
        row_errors = [] if form.is_valid() else _form_errors(form, row.number, headers, PERSON_COLUMNS)
        username = values.get("username", "").strip()
        key = username.lower()
        active = _parse_active(values.get("active", ""))
        if active is None:
            row_errors.append(RowError(row.number, headers.get("active", "aktif"), _("Write ya or tidak.")))
        details = {"name": values.get("name", "").strip(), "email": values.get("email", "").strip(),
                   "nip": values.get("nip", "").strip(), "phone": values.get("phone", "").strip(), "is_active": active}
        role = _role_of(values.get("role", ""))
        unit_code = values.get("unit", "").strip().lower()
        if role is None:
            row_errors.append(RowError(row.number, headers.get("role", "peran"), _("Unknown role. Use one of: %(r)s.") % {"r": ", ".join(r for r in Role.values if r != Role.SYSTEM_ADMIN)}))
        elif role == Role.SYSTEM_ADMIN:
            row_errors.append(RowError(row.number, headers.get("role", "peran"), _("System administrators cannot be imported.")))
        elif role and unit_code not in units:
            message = _("Name the unit of the role.") if not unit_code else _("No unit has the code %(code)s.") % {"code": unit_code}
            row_errors.append(RowError(row.number, headers.get("unit", "kode_unit"), message))
        if details["nip"]:
            seen = nip_rows.setdefault(details["nip"], (key, row.number))
            if seen[0] != key:
                row_errors.append(RowError(row.number, headers.get("nip", "nip"), _("This NIP already appears in row %(row)d.") % {"row": seen[1]}))
        entry = people.setdefault(key, {"row": row.number, "headers": headers, "username": username, **details, "roles": []})
        for name in PERSONAL if entry["row"] != row.number else ():
            if entry[name] != details[name]:
                column = headers.get(name, name)
                row_errors.append(RowError(row.number, column, _("Differs from row %(row)d for the same username.") % {"row": entry["row"]}))
        if role and unit_code in units:
            entry["roles"].append((row.number, role, units[unit_code]))
        errors.extend(row_errors)
    return people, errors


def _apply_people(people: dict, instansi: Instansi, by: User | None, result: ImportResult) -> None:
    existing = {u.username.lower(): u for u in User.objects.filter(username__in=[p["username"] for p in people.values()])}
    errors: list[RowError] = []
    for key, p in people.items():
        person = existing.get(key)
        if person is not None and person.instansi_id != instansi.pk:
            errors.append(RowError(p["row"], p["headers"].get("username", "nama_pengguna"), _("This username belongs to another instansi.")))
            continue
        try:
            person = actions.save_person(
                instansi=instansi, by=by, person=person, username=p["username"],
                **{name: p[name] for name in PERSONAL},
            )
        except ValidationError as error:
            errors.extend(_action_errors(error, p["row"], p["headers"]))
            continue
        result.created += key not in existing
        result.updated += key in existing
        for row, role, unit in p["roles"]:
            if Membership.objects.filter(user=person, unit=unit, role=role).exists():
                continue
            try:
                actions.assign_role(person=person, role=role, unit=unit, by=by)
                result.roles_added += 1
            except ValidationError as error:
                errors.extend(_action_errors(error, row, p["headers"]))
    if errors:
        raise _Errors(errors)


def import_people(*, instansi: Instansi, table: Table, by: User | None) -> ImportResult:
    mapping, errors = _canonical(table, PERSON_COLUMNS, "people")
    if errors:
        return ImportResult(errors=errors)
    people, errors = _check_people_rows(table, mapping, instansi)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    try:
        with transaction.atomic():
            _apply_people(people, instansi, by, result)
    except _Errors as failure:
        return ImportResult(errors=failure.errors)
    return result


TEMPLATE_HEADERS = {
    "units": list(UNIT_COLUMNS),
    "people": list(PERSON_COLUMNS),
}
TEMPLATE_EXAMPLES = {
    "units": [["dinas-kesehatan", "Dinas Kesehatan", "Dinkes", "opd", "", "", "", "ya"]],
    "people": [["budi.santoso", "Budi Santoso", "budi@example.go.id", "", "081234567890", "opd_operator", "dinas-kesehatan", "ya"]],
}
IMPORT_KIND_LABELS = {"units": gettext_lazy("Units"), "people": gettext_lazy("People and their roles")}
