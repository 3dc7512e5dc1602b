"""Writes to the organisation model. Each is atomic, audited (who changed what) and raises
ValidationError, keyed by field, on input that breaks a rule."""

import secrets
import string
import zoneinfo
from datetime import date

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyata.org import rules
from nyata.org.models import ROLE_UNIT_KINDS, Instansi, Membership, Role, Unit, UnitAward, User, normalise_nip

UNIT_FIELDS = ("code", "name", "short_name", "kind", "parent", "pengampu_area", "is_active")
PERSON_FIELDS = ("username", "name", "email", "nip", "phone", "is_active")
INSTANSI_FIELDS = ("name", "code", "kind", "time_zone", "is_active")


def _audited_save(obj, *, by: User | None, reason: str = "") -> None:
    # simple-history reads these attributes to record who made the change and why.
    obj._history_user = by
    obj._change_reason = reason
    obj.full_clean(validate_constraints=False)
    obj.save()


def _check_unit_rules(unit: Unit, predecessors: list[Unit]) -> None:
    errors: dict[str, list[str]] = {}
    clash = Unit.objects.filter(instansi=unit.instansi, code=unit.code).exclude(pk=unit.pk)
    if clash.exists():
        errors.setdefault("code", []).append(_("Another unit of this instansi already uses this code."))
    if unit.kind == Unit.Kind.PENGAMPU and not unit.pengampu_area:
        errors.setdefault("pengampu_area", []).append(_("A unit pengampu must name the RB area it owns."))
    if unit.kind != Unit.Kind.PENGAMPU and unit.pengampu_area:
        errors.setdefault("pengampu_area", []).append(_("Only a unit pengampu owns an RB area."))
    if unit.pengampu_area:
        owner = Unit.objects.filter(instansi=unit.instansi, pengampu_area=unit.pengampu_area).exclude(
            pk=unit.pk
        )
        if owner.exists():
            errors.setdefault("pengampu_area", []).append(_("Another unit already owns this RB area."))
    if unit.parent is not None:
        if unit.parent.instansi_id != unit.instansi_id:
            errors.setdefault("parent", []).append(_("The parent unit must belong to the same instansi."))
        elif unit.pk and _is_descendant_or_self(candidate=unit.parent, of=unit):
            errors.setdefault("parent", []).append(
                _("A unit cannot be placed under itself or its own sub-unit.")
            )
    for old in predecessors:
        if old.instansi_id != unit.instansi_id:
            errors.setdefault("predecessors", []).append(_("Predecessors must belong to the same instansi."))
        elif unit.pk and old.pk == unit.pk:
            errors.setdefault("predecessors", []).append(_("A unit cannot be its own predecessor."))
    if errors:
        raise ValidationError(errors)


def _is_descendant_or_self(*, candidate: Unit, of: Unit) -> bool:
    node: Unit | None = candidate
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        if node.pk == of.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


@transaction.atomic
def save_unit(
    *,
    instansi: Instansi,
    by: User | None,
    unit: Unit | None = None,
    predecessors: list[Unit] | None = None,
    **fields,
) -> Unit:
    """Create a unit (unit=None) or change one; fields are those of UNIT_FIELDS."""
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown unit fields: {sorted(unknown)}")
    unit = unit or Unit(instansi=instansi)
    if unit.instansi_id != instansi.pk:
        raise ValidationError(_("This unit belongs to another instansi."))
    for name, value in fields.items():
        setattr(unit, name, value)
    if unit.kind != Unit.Kind.PENGAMPU and "pengampu_area" not in fields:
        unit.pengampu_area = ""
    _check_unit_rules(unit, predecessors or [])
    _audited_save(unit, by=by)
    if predecessors is not None:
        unit._history_user = by
        unit.predecessors.set(predecessors)
    return unit


def generate_password(length: int = 14) -> str:
    alphabet = string.ascii_letters + string.digits
    while True:
        password = "".join(secrets.choice(alphabet) for _position in range(length))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


# Usernames are one namespace for the whole installation (people sign in with the username alone), so a
# name in use must be refused. The refusal says only that: the same words whether the holder is in this
# instansi, another one or a system administrator, and nothing about who holds it.
USERNAME_NOT_AVAILABLE = gettext_lazy("This username is not available; choose another.")


def _check_person_rules(person: User) -> None:
    errors: dict[str, list[str]] = {}
    if User.objects.filter(username__iexact=person.username).exclude(pk=person.pk).exists():
        errors["username"] = [str(USERNAME_NOT_AVAILABLE)]
    if person.nip and User.objects.filter(nip=person.nip).exclude(pk=person.pk).exists():
        errors["nip"] = [_("Another person already has this NIP.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_person(*, instansi: Instansi | None, by: User | None, person: User | None = None, **fields) -> User:
    """Create a person (person=None; they get no usable password until one is issued) or change one."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    if person is None:
        person = User(instansi=instansi)
        person.set_unusable_password()
    elif person.instansi_id != (instansi.pk if instansi else None):
        raise ValidationError(_("This person belongs to another instansi."))
    elif by is not None and not rules.can_change_person(by, person):
        # An Inspektorat administrator never changes a system administrator (rules.can_change_person).
        raise ValidationError(_("You may not change this person."))
    if "nip" in fields:
        fields["nip"] = normalise_nip(fields["nip"])  # whoever calls, a NIP is stored as its digits
    for name, value in fields.items():
        setattr(person, name, value)
    _check_person_rules(person)
    _audited_save(person, by=by)
    return person


@transaction.atomic
def issue_password(*, person: User, by: User | None) -> str:
    """Give a person a new random password, returned once so that it can be handed over."""
    password = generate_password()
    person.set_password(password)
    person._history_user = by
    person._change_reason = "password issued"
    person.save()
    return password


@transaction.atomic
def set_password(*, person: User, password: str, by: User, reason: str) -> None:
    """A password the person chose: changed while signed in, or set through the e-mailed reset link.
    Every other session of the person ends with the old password hash (Django's session verification)."""
    password_validation.validate_password(password, person)
    person.set_password(password)
    person._history_user = by
    person._change_reason = reason
    person.save()


def check_role_assignment(*, person: User, role: str, unit: Unit | None, by: User | None) -> None:
    if role not in Role.values:
        raise ValidationError({"role": [_("Unknown role.")]})
    allowed_kinds = ROLE_UNIT_KINDS[role]
    if role == Role.SYSTEM_ADMIN:
        if unit is not None:
            raise ValidationError({"unit": [_("A system administrator holds the role in no unit.")]})
        if by is not None and not rules.is_system_admin(by):
            raise ValidationError({"role": [_("Only a system administrator can appoint another.")]})
        return
    if unit is None:
        raise ValidationError({"unit": [_("Choose the unit in which the role is held.")]})
    if unit.kind not in allowed_kinds:
        kinds = ", ".join(str(Unit.Kind(k).label) for k in sorted(allowed_kinds))
        raise ValidationError(
            {"unit": [_("This role is held in a unit of kind: %(kinds)s.") % {"kinds": kinds}]}
        )
    if person.instansi_id != unit.instansi_id:
        raise ValidationError({"unit": [_("The unit belongs to another instansi than the person.")]})
    if not unit.is_active:
        raise ValidationError({"unit": [_("The unit is no longer active.")]})
    if Membership.objects.filter(user=person, unit=unit, role=role).exists():
        raise ValidationError({"role": [_("This person already holds this role in this unit.")]})


@transaction.atomic
def assign_role(*, person: User, role: str, unit: Unit | None, by: User | None) -> Membership:
    check_role_assignment(person=person, role=role, unit=unit, by=by)
    membership = Membership(user=person, unit=unit, role=role)
    membership._history_user = by
    membership.save()
    return membership


@transaction.atomic
def revoke_role(*, membership: Membership, by: User | None) -> None:
    membership._history_user = by
    membership.delete()


@transaction.atomic
def save_instansi(*, by: User | None, instansi: Instansi | None = None, **fields) -> Instansi:
    """Create an instansi (instansi=None) or change one; fields are those of INSTANSI_FIELDS."""
    unknown = set(fields) - set(INSTANSI_FIELDS)
    if unknown:
        raise TypeError(f"Unknown instansi fields: {sorted(unknown)}")
    instansi = instansi or Instansi()
    for name, value in fields.items():
        setattr(instansi, name, value)
    errors = {}
    if Instansi.objects.filter(code=instansi.code).exclude(pk=instansi.pk).exists():
        errors["code"] = [_("Another instansi already uses this code.")]
    if Instansi.objects.filter(name=instansi.name).exclude(pk=instansi.pk).exists():
        errors["name"] = [_("Another instansi already has this name.")]
    if errors:
        raise ValidationError(errors)
    _audited_save(instansi, by=by)
    return instansi


@transaction.atomic
def record_award(*, unit: Unit, award: str, decree_number: str, decree_date: date, by: User) -> UnitAward:
    """Record a predicate the unit holds by decree (its award history); an award that `requires` it is
    then granted to the unit (WBBM only for a unit holding WBK, PermenPANRB 5/2024)."""
    if award not in UnitAward.Award.values:
        raise ValidationError({"award": _("Choose WBK or WBBM.")})
    decree_number = decree_number.strip()
    errors: dict[str, list[str]] = {}
    if not decree_number:
        errors["decree_number"] = [_("Enter the number of the decree that awarded the predicate.")]
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(unit.instansi.time_zone)).date()
    if decree_date > today:
        errors["decree_date"] = [_("The decree date cannot lie in the future.")]
    if UnitAward.objects.filter(unit=unit, award=award).exists():
        errors["award"] = [_("This unit's history already holds this predicate.")]
    if award == UnitAward.Award.WBBM:
        wbk = UnitAward.objects.filter(unit=unit, award=UnitAward.Award.WBK).first()
        if wbk is None:
            errors.setdefault("award", []).append(
                _("Record the unit's WBK first: WBBM is awarded only to a unit that holds WBK.")
            )
        elif wbk.decree_date > decree_date:
            errors.setdefault("decree_date", []).append(
                _("WBBM cannot be dated before the unit's WBK decree of %(date)s.")
                % {"date": formats.date_format(wbk.decree_date, "j F Y")}
            )
    if errors:
        raise ValidationError(errors)
    record = UnitAward(
        unit=unit, award=award, decree_number=decree_number, decree_date=decree_date, recorded_by=by
    )
    _audited_save(record, by=by)
    return record


@transaction.atomic
def remove_award(*, record: UnitAward, by: User) -> None:
    """Take a wrongly recorded predicate out of the history (the history of the record keeps it)."""
    if (
        record.award == UnitAward.Award.WBK
        and UnitAward.objects.filter(unit_id=record.unit_id, award=UnitAward.Award.WBBM).exists()
    ):
        raise ValidationError(_("Remove the unit's WBBM first: it rests on this WBK."))
    record._history_user = by
    record.delete()
