"""Who may do what with instruments (see models.Instrument on ownership).

A shared instrument (no owner) is loaded, published and read as a draft by system administrators, and
read once published by everyone who holds a role. An instansi's own instrument is loaded, published and
read as a draft by that instansi's administrators (and system administrators), and read once published by
the people of that instansi. Nobody else learns that it exists.
"""

from typing import Any

from nyata.org.models import Role, User
from nyata.org.rules import (
    belongs_to_instansi,
    grants_of,
    is_signed_in,
    is_system_admin,
    manages_instansi,
    permission,
)


def holds_a_role(user: User) -> bool:
    return is_signed_in(user) and (is_system_admin(user) or bool(grants_of(user)))


def manages_owner(user: User, owner_id: int | None) -> bool:
    """Loads, replaces, publishes and reads the drafts of the instruments of this owner (None: shared)."""
    return is_system_admin(user) if owner_id is None else manages_instansi(user, owner_id)


@permission("instruments.manage")
def can_manage_instruments(user: User, _obj: Any = None) -> bool:
    """Opens the upload page: whoever manages the instruments of some owner."""
    return is_system_admin(user) or any(g.role == Role.INSPEKTORAT_ADMIN for g in grants_of(user))


@permission("instruments.view_published")
def can_view_published(user: User, _obj: Any = None) -> bool:
    return holds_a_role(user)


@permission("instruments.view")
def can_view_instrument(user: User, instrument: Any) -> bool:
    if instrument is None:
        return False
    if not instrument.is_published:
        return manages_owner(user, instrument.owner_id)
    if instrument.owner_id is None:
        return holds_a_role(user)
    return belongs_to_instansi(user, instrument.owner_id)


@permission("instruments.publish")
def can_publish_instrument(user: User, instrument: Any) -> bool:
    return instrument is not None and not instrument.is_published and manages_owner(user, instrument.owner_id)
