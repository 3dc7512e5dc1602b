"""Who records and who reads outside figures, in the one registry of nyata.org.rules (default deny).

Integrity (issue 13): a figure becomes an indicator's answer, so only the Inspektorat admin records or
corrects figures; a unit never supplies its own. Who reads the whole instansi (the Inspektorat, the
pimpinan, the unit pengampu) sees every unit's figures; a unit's own staff see only their unit's figure,
beside the indicator it fills.

The registry of kinds follows the instruments' ownership (models.Kind): a shared kind is named by shared
instruments and fills every instansi's worksheets, so only a system administrator changes it, as only a
system administrator loads a shared instrument; an instansi's own kind is its Inspektorat admin's.
"""

from nyata.figures.models import Figure, Kind
from nyata.org import rules
from nyata.org.models import Instansi
from nyata.org.rules import permission


@permission("figures.manage")
def can_manage(user, instansi: Instansi) -> bool:
    return rules.manages_instansi(user, instansi.pk)


@permission("figures.view")
def can_view(user, instansi: Instansi) -> bool:
    return rules.reads_whole_instansi(user, instansi.pk)


@permission("figures.view_figure")
def can_view_figure(user, figure: Figure) -> bool:
    return rules.reads_whole_instansi(user, figure.unit.instansi_id) or figure.unit_id in rules.own_unit_ids(
        user
    )


@permission("figures.manage_kinds")
def can_manage_kinds(user, instansi: Instansi) -> bool:
    """Opens the registry of kinds and adds a kind of the instansi's own."""
    return rules.manages_instansi(user, instansi.pk)


@permission("figures.add_shared_kind")
def can_add_shared_kind(user, _obj=None) -> bool:
    return rules.is_system_admin(user)


@permission("figures.change_kind")
def can_change_kind(user, kind: Kind) -> bool:
    if kind.owner_id is None:
        return rules.is_system_admin(user)
    return rules.manages_instansi(user, kind.owner_id)
