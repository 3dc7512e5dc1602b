"""Who may read and manage the SKM. Registered in nyata.org.rules' registry; default deny."""

from nyata.org.models import Instansi, Unit, User
from nyata.org.rules import manages_instansi, own_unit_ids, permission, reads_whole_instansi
from nyata.surveys.models import Service


@permission("surveys.view_results")
def can_view_results(user: User, unit: Unit) -> bool:
    """A unit's own staff, and those who read across the instansi (Inspektorat, pimpinan, pengampu)."""
    return reads_whole_instansi(user, unit.instansi_id) or unit.pk in own_unit_ids(user)


@permission("surveys.view_instansi_results")
def can_view_instansi_results(user: User, instansi: Instansi) -> bool:
    return reads_whole_instansi(user, instansi.pk)


@permission("surveys.manage_services")
def can_manage_services(user: User, unit: Unit) -> bool:
    """A unit knows its own services and their users; the Inspektorat administrator may help."""
    return manages_instansi(user, unit.instansi_id) or unit.pk in own_unit_ids(user)


@permission("surveys.manage_periods")
def can_manage_periods(user: User, instansi: Instansi) -> bool:
    return manages_instansi(user, instansi.pk)


@permission("surveys.decide_inclusion")
def can_decide_inclusion(user: User, service: Service) -> bool:
    """Only the Inspektorat administrator: a unit must not choose which citizens' answers count about it."""
    return manages_instansi(user, service.unit.instansi_id)
