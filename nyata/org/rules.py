"""Who may do what: the one permission registry of Nyata.

Every permission is a named predicate in PERMISSIONS. `has_perm` answers False for an anonymous or
inactive person and for any name not registered, so a permission that was never written is denied.
Other apps write their predicates in their own rules.py and register them with `@permission("app.name")`;
their AppConfig.ready() imports that module. Querysets that list objects (queries.py) apply the same
predicates in SQL and are tested against these.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from nyata.org.models import Instansi, Membership, Role, Unit, User

INSPEKTORAT_STAFF = frozenset(
    {Role.INSPEKTORAT_ADMIN, Role.PENGENDALI_TEKNIS, Role.KETUA_TIM, Role.EVALUATOR}
)
# Roles that read across every unit of their instansi (pimpinan read-only; pengampu verify across all OPD).
INSTANSI_WIDE_READERS = INSPEKTORAT_STAFF | {Role.PIMPINAN, Role.PENGAMPU_VERIFIER}
UNIT_ROLES = frozenset({Role.OPD_HEAD, Role.OPD_OPERATOR})


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int | None
    instansi_id: int | None


def grants_of(user: User) -> tuple[Grant, ...]:
    """The person's roles, read once per request object; roles in deactivated units grant nothing."""
    cached = getattr(user, "_nyata_grants", None)
    if cached is None:
        rows = (
            Membership.objects.filter(user=user)
            .exclude(unit__is_active=False)
            .values_list("role", "unit_id", "unit__instansi_id")
        )
        cached = tuple(Grant(role, unit_id, instansi_id) for role, unit_id, instansi_id in rows)
        user._nyata_grants = cached
    return cached


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_system_admin(user: User) -> bool:
    return is_signed_in(user) and any(g.role == Role.SYSTEM_ADMIN for g in grants_of(user))


def manages_instansi(user: User, instansi_id: int | None) -> bool:
    if not is_signed_in(user) or instansi_id is None:
        return False
    if is_system_admin(user):
        return True
    return any(g.role == Role.INSPEKTORAT_ADMIN and g.instansi_id == instansi_id for g in grants_of(user))


def reads_whole_instansi(user: User, instansi_id: int | None) -> bool:
    if manages_instansi(user, instansi_id):
        return True
    return is_signed_in(user) and any(
        g.role in INSTANSI_WIDE_READERS and g.instansi_id == instansi_id for g in grants_of(user)
    )


def own_unit_ids(user: User) -> frozenset[int]:
    """Units whose own staff the person is (OPD head or operator)."""
    if not is_signed_in(user):
        return frozenset()
    return frozenset(g.unit_id for g in grants_of(user) if g.role in UNIT_ROLES and g.unit_id is not None)


def belongs_to_instansi(user: User, instansi_id: int) -> bool:
    return is_system_admin(user) or (
        is_signed_in(user) and any(g.instansi_id == instansi_id for g in grants_of(user))
    )


def can_view_instansi(user: User, instansi: Instansi) -> bool:
    return belongs_to_instansi(user, instansi.pk)


def can_view_directory(user: User, instansi: Instansi) -> bool:
    """The lists of all units and all people of an instansi."""
    return reads_whole_instansi(user, instansi.pk)


def can_manage_instansi(user: User, instansi: Instansi) -> bool:
    return manages_instansi(user, instansi.pk)


def can_view_unit(user: User, unit: Unit) -> bool:
    return reads_whole_instansi(user, unit.instansi_id) or unit.pk in own_unit_ids(user)


def can_change_unit(user: User, unit: Unit) -> bool:
    return manages_instansi(user, unit.instansi_id)


def _person_unit_ids(person: User) -> set[int]:
    return set(person.memberships.exclude(unit=None).values_list("unit_id", flat=True))


def can_view_person(user: User, person: User) -> bool:
    if is_system_admin(user) or (is_signed_in(user) and user.pk == person.pk):
        return True
    if person.instansi_id is None:
        return False
    if reads_whole_instansi(user, person.instansi_id):
        return True
    return bool(own_unit_ids(user) & _person_unit_ids(person))


def can_change_person(user: User, person: User) -> bool:
    # An Inspektorat admin never edits a system administrator: that would be an escalation path.
    if is_system_admin(person):
        return is_system_admin(user)
    return manages_instansi(user, person.instansi_id)


def is_administrator(person: User) -> bool:
    return is_system_admin(person) or any(g.role == Role.INSPEKTORAT_ADMIN for g in grants_of(person))


def can_reset_two_factor(user: User, person: User) -> bool:
    """Removing someone's second factor (they lost their phone and their recovery codes) is for whoever may
    change the person; for an administrator's, only a system administrator: otherwise one Inspektorat
    administrator could take over another's account with a new password."""
    if not is_signed_in(user) or user.pk == person.pk or not can_change_person(user, person):
        return False
    return is_system_admin(user) or not is_administrator(person)


def can_manage_system(user: User, _obj: object = None) -> bool:
    return is_system_admin(user)


PERMISSIONS: dict[str, Callable[[User, Any], bool]] = {
    "org.view_instansi": can_view_instansi,
    "org.view_directory": can_view_directory,
    "org.manage_instansi": can_manage_instansi,
    "org.view_unit": can_view_unit,
    "org.change_unit": can_change_unit,
    "org.view_person": can_view_person,
    "org.change_person": can_change_person,
    "org.manage_system": can_manage_system,
    "org.reset_two_factor": can_reset_two_factor,
}


def permission(name: str) -> Callable[[Callable[[User, Any], bool]], Callable[[User, Any], bool]]:
    """Register a predicate under `name`; a name registered twice is a programming error."""

    def register(predicate: Callable[[User, Any], bool]) -> Callable[[User, Any], bool]:
        if name in PERMISSIONS:
            raise ValueError(f"Permission {name!r} is registered twice")
        PERMISSIONS[name] = predicate
        return predicate

    return register


def has_perm(user: Any, name: str, obj: Any = None) -> bool:
    """Default deny: unknown names, anonymous and inactive people get False."""
    predicate = PERMISSIONS.get(name)
    if predicate is None or not is_signed_in(user):
        return False
    return bool(predicate(user, obj))


def require(user: Any, name: str, obj: Any = None) -> None:
    """Refuse (403) unless the registry grants `name`; views call it after a 404-ing getter."""
    if not has_perm(user, name, obj):
        raise PermissionDenied
