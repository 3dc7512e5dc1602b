"""Who records and who reads outside figures, in the one registry of nyata.org.rules (default deny).

Integrity (issue 13): a figure becomes an indicator's answer, so only the Inspektorat admin records or
corrects figures; a unit never supplies its own. Who reads the whole instansi (the Inspektorat, the
pimpinan, the unit pengampu) sees every unit's figures; a unit's own staff see only their unit's figure,
beside the indicator it fills.
"""

from nyata.figures.models import Figure
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
