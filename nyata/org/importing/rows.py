"""What both imports share: column names, row errors and the conversion of cell text."""

import re
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nyata.core.tabular import Table

TRUE_WORDS = {"", "ya", "y", "yes", "true", "1", "aktif", "active"}
FALSE_WORDS = {"tidak", "t", "no", "n", "false", "0", "nonaktif", "inactive"}

UNIT_COLUMNS = {
    "kode": "code",
    "nama": "name",
    "singkatan": "short_name",
    "jenis": "kind",
    "kode_induk": "parent",
    "kode_pendahulu": "predecessors",
    "area_pengampu": "pengampu_area",
    "aktif": "active",
}
PERSON_COLUMNS = {
    "nama_pengguna": "username",
    "nama": "name",
    "email": "email",
    "nip": "nip",
    "telepon": "phone",
    "peran": "role",
    "kode_unit": "unit",
    "aktif": "active",
}
# English headers are accepted too; they map onto the Indonesian ones above.
ALIASES = {
    "code": "kode",
    "name": "nama",
    "short_name": "singkatan",
    "kind": "jenis",
    "parent_code": "kode_induk",
    "predecessor_codes": "kode_pendahulu",
    "pengampu_area": "area_pengampu",
    "active": "aktif",
    "username": "nama_pengguna",
    "phone": "telepon",
    "role": "peran",
    "unit_code": "kode_unit",
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


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors


def canonical_columns(
    table: Table, columns: dict[str, str], kind: str
) -> tuple[dict[str, str], list[RowError]]:
    """Map the file's headers to ours; report missing required columns and unknown ones."""
    mapping, errors = {}, []
    for header in table.header:
        name = ALIASES.get(header, header)
        if name in columns:
            mapping[header] = columns[name]
        else:
            errors.append(
                RowError(1, header, _("Unknown column. Expected: %(cols)s.") % {"cols": ", ".join(columns)})
            )
    missing = [c for c in REQUIRED[kind] if columns[c] not in mapping.values()]
    if missing:
        errors.append(RowError(1, ", ".join(missing), _("Required column is missing.")))
    return mapping, errors


def row_values(row, mapping: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Values by our column name, and our column name back to the user's header, for error messages."""
    values = {ours: row.values.get(theirs, "") for theirs, ours in mapping.items()}
    headers = {ours: theirs for theirs, ours in mapping.items()}
    return values, headers


def parse_active(value: str) -> bool | None:
    lowered = value.strip().lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    return None


def choice_of(value: str, choices) -> str | None:
    lowered = value.strip().lower()
    for code, label in choices:
        if lowered in {str(code).lower(), str(label).lower()}:
            return code
    return None


def split_codes(value: str) -> list[str]:
    return [c for c in re.split(r"[\s,;|]+", value.strip().lower()) if c]


def form_errors(form: forms.Form, row: int, headers: dict[str, str], ours: dict[str, str]) -> list[RowError]:
    out = []
    for name, messages in form.errors.items():
        column = headers.get(ours.get(name, name), name)  # form field (Indonesian) -> our column -> header
        out.extend(RowError(row, column, str(m)) for m in messages)
    return out


FIELD_TO_COLUMN = {
    "parent": "parent",
    "predecessors": "predecessors",
    "pengampu_area": "pengampu_area",
    "code": "code",
    "name": "name",
    "username": "username",
    "nip": "nip",
    "role": "role",
    "unit": "unit",
}


def action_errors(error: ValidationError, row: int, headers: dict[str, str]) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(row, "", m) for m in error.messages]
    out = []
    for name, errs in error.message_dict.items():
        column = headers.get(FIELD_TO_COLUMN.get(name, name), name)
        out.extend(RowError(row, column, m) for m in errs)
    return out
