"""Who may do what with instruments. Instruments are installation-wide reference data (not per instansi):
every signed-in person who holds a role reads the published ones (OPD staff read the guidance); loading,
publishing and reading drafts is for system administrators and Inspektorat administrators."""

from typing import Any

from nyata.org.models import Role, User
from nyata.org.rules import grants_of, is_signed_in, is_system_admin, permission


def holds_a_role(user: User) -> bool:
    return is_signed_in(user) and (is_system_admin(user) or bool(grants_of(user)))


@permission("instruments.manage")
def can_manage_instruments(user: User, _obj: Any = None) -> bool:
    return is_system_admin(user) or any(g.role == Role.INSPEKTORAT_ADMIN for g in grants_of(user))


@permission("instruments.view_published")
def can_view_published(user: User, _obj: Any = None) -> bool:
    return holds_a_role(user)


@permission("instruments.view")
def can_view_instrument(user: User, instrument: Any) -> bool:
    if instrument is not None and instrument.is_published:
        return holds_a_role(user)
    return can_manage_instruments(user)


@permission("instruments.publish")
def can_publish_instrument(user: User, instrument: Any) -> bool:
    return instrument is not None and not instrument.is_published and can_manage_instruments(user)
