"""Import of people and their roles; one row per role, the same person on several rows."""

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from nyata.core.tabular import Table
from nyata.org import actions, rules
from nyata.org.forms import NipField
from nyata.org.importing.rows import (
    PERSON_COLUMNS,
    ImportFailed,
    ImportResult,
    RowError,
    action_errors,
    canonical_columns,
    form_errors,
    parse_active,
    row_values,
)
from nyata.org.models import (
    ROLE_UNIT_KINDS,
    Instansi,
    Membership,
    Role,
    Unit,
    User,
    normalise_nip,
    phone_validator,
)


class PersonRow(forms.Form):
    nama_pengguna = forms.CharField(max_length=150, validators=[UnicodeUsernameValidator()])
    nama = forms.CharField(max_length=150)
    email = forms.EmailField(required=False)
    nip = NipField()
    telepon = forms.CharField(max_length=20, required=False, validators=[phone_validator])


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


def _holders(usernames: set[str]) -> QuerySet[User]:
    """The people holding these usernames, matched as sign-in matches them: whatever the case."""
    return User.objects.annotate(lowered=Lower("username")).filter(lowered__in=usernames)


def _untouchable(usernames: set[str], instansi: Instansi, by: User | None) -> dict[str, str]:
    """The usernames the import may not write to, each with the reason to give: a person of another
    instansi or a system administrator (who belongs to none) is out of this import's reach, and so is
    anyone the importing person may not change. The first reason names neither the holder nor where they
    are: the same words as for any username in use (no oracle of other instansi's people)."""
    refused = {}
    for person in _holders(usernames):
        if person.instansi_id != instansi.pk:
            refused[person.lowered] = str(actions.USERNAME_NOT_AVAILABLE)
        elif by is not None and not rules.can_change_person(by, person):
            refused[person.lowered] = _("An import cannot change this person; ask a system administrator.")
    return refused


def _check_people_rows(
    table: Table, mapping: dict[str, str], instansi: Instansi, by: User | None
) -> tuple[dict, list[RowError]]:
    errors: list[RowError] = []
    people: dict[str, dict] = {}
    units = {u.code: u for u in Unit.objects.filter(instansi=instansi)}
    nip_rows: dict[str, tuple[str, int]] = {}
    usernames = {
        row.values.get(h, "").strip().lower()
        for row in table.rows
        for h, ours in mapping.items()
        if ours == "username"
    }
    untouchable = _untouchable(usernames, instansi, by)
    for row in table.rows:
        values, headers = row_values(row, mapping)
        form = PersonRow(data={ind: values.get(ours, "") for ind, ours in PERSON_COLUMNS.items()})
        row_errors = [] if form.is_valid() else form_errors(form, row.number, headers, PERSON_COLUMNS)
        username = values.get("username", "").strip()
        key = username.lower()
        active = parse_active(values.get("active", ""))
        if active is None:
            row_errors.append(RowError(row.number, headers.get("active", "aktif"), _("Write ya or tidak.")))
        details = {
            "name": values.get("name", "").strip(),
            "email": values.get("email", "").strip(),
            "nip": normalise_nip(values.get("nip", "")),
            "phone": values.get("phone", "").strip(),
            "is_active": active,
        }
        role = _role_of(values.get("role", ""))
        unit_code = values.get("unit", "").strip().lower()
        if role is None:
            row_errors.append(
                RowError(
                    row.number,
                    headers.get("role", "peran"),
                    _("Unknown role. Use one of: %(r)s.")
                    % {"r": ", ".join(r for r in Role.values if r != Role.SYSTEM_ADMIN)},
                )
            )
        elif role == Role.SYSTEM_ADMIN:
            row_errors.append(
                RowError(
                    row.number, headers.get("role", "peran"), _("System administrators cannot be imported.")
                )
            )
        elif role and unit_code not in units:
            message = (
                _("Name the unit of the role.")
                if not unit_code
                else _("No unit has the code %(code)s.") % {"code": unit_code}
            )
            row_errors.append(RowError(row.number, headers.get("unit", "kode_unit"), message))
        elif role and units[unit_code].kind not in ROLE_UNIT_KINDS[role]:
            kinds = ", ".join(str(Unit.Kind(k).label) for k in sorted(ROLE_UNIT_KINDS[role]))
            message = _("This role is held in a unit of kind: %(kinds)s.") % {"kinds": kinds}
            row_errors.append(RowError(row.number, headers.get("unit", "kode_unit"), message))
        if key in untouchable:
            row_errors.append(
                RowError(row.number, headers.get("username", "nama_pengguna"), untouchable[key])
            )
        if details["nip"]:
            seen = nip_rows.setdefault(details["nip"], (key, row.number))
            if seen[0] != key:
                row_errors.append(
                    RowError(
                        row.number,
                        headers.get("nip", "nip"),
                        _("This NIP already appears in row %(row)d.") % {"row": seen[1]},
                    )
                )
        entry = people.setdefault(
            key, {"row": row.number, "headers": headers, "username": username, **details, "roles": []}
        )
        for name in PERSONAL if entry["row"] != row.number else ():
            if entry[name] != details[name]:
                column = headers.get(name, name)
                row_errors.append(
                    RowError(
                        row.number,
                        column,
                        _("Differs from row %(row)d for the same username.") % {"row": entry["row"]},
                    )
                )
        if role and unit_code in units:
            entry["roles"].append((row.number, role, units[unit_code]))
        errors.extend(row_errors)
    return people, errors


def _apply_people(people: dict, instansi: Instansi, by: User | None, result: ImportResult) -> None:
    existing = {u.lowered: u for u in _holders(set(people))}
    # Checked again inside the transaction: the rows were checked before it began.
    refused = _untouchable(set(people), instansi, by)
    errors: list[RowError] = []
    for key, p in people.items():
        person = existing.get(key)
        if key in refused:
            errors.append(RowError(p["row"], p["headers"].get("username", "nama_pengguna"), refused[key]))
            continue
        try:
            person = actions.save_person(
                instansi=instansi,
                by=by,
                person=person,
                username=person.username if person else p["username"],
                **{name: p[name] for name in PERSONAL},
            )
        except ValidationError as error:
            errors.extend(action_errors(error, p["row"], p["headers"]))
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
                errors.extend(action_errors(error, row, p["headers"]))
    if errors:
        raise ImportFailed(errors)


def import_people(*, instansi: Instansi, table: Table, by: User | None) -> ImportResult:
    mapping, errors = canonical_columns(table, PERSON_COLUMNS, "people")
    if errors:
        return ImportResult(errors=errors)
    people, errors = _check_people_rows(table, mapping, instansi, by)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    try:
        with transaction.atomic():
            _apply_people(people, instansi, by, result)
    except ImportFailed as failure:
        return ImportResult(errors=failure.errors)
    return result
