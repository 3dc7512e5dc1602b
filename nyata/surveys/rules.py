"""Who may read and manage the SKM. Registered in nyata.org.rules' registry; default deny."""

from nyata.org.models import Instansi, Unit, User
from nyata.org.rules import (
    INSPEKTORAT_STAFF,
    grants_of,
    is_signed_in,
    manages_instansi,
    own_unit_ids,
    permission,
    reads_whole_instansi,
)
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


def _inspektorat_of(user: User, instansi_id: int) -> bool:
    return manages_instansi(user, instansi_id) or (
        is_signed_in(user)
        and any(g.role in INSPEKTORAT_STAFF and g.instansi_id == instansi_id for g in grants_of(user))
    )


@permission("surveys.view_complaints")
def can_view_complaints(user: User, unit: Unit) -> bool:
    """Citizens' own words (and the profile in exports): the unit's staff and the Inspektorat only, not the
    other readers across the instansi and never another OPD."""
    return unit.pk in own_unit_ids(user) or _inspektorat_of(user, unit.instansi_id)


@permission("surveys.reply_complaint")
def can_reply_complaint(user: User, unit: Unit) -> bool:
    """The unit answers for its own service; the Inspektorat administrator may help, as with services."""
    return can_manage_services(user, unit)


@permission("surveys.export_responses")
def can_export_responses(user: User, unit: Unit) -> bool:
    return can_view_complaints(user, unit)


@permission("surveys.import_responses")
def can_import_responses(user: User, unit: Unit) -> bool:
    return can_manage_services(user, unit)


def _member_of(user: User, unit: Unit) -> bool:
    return is_signed_in(user) and any(g.unit_id == unit.pk for g in grants_of(user))


@permission("surveys.decide_paper_import")
def can_decide_paper_import(user: User, service: Service) -> bool:
    """The Inspektorat administrator accepts or rejects a unit's paper file, never a file of a unit they
    belong to themselves (the Inspektorat's own services need a second administrator's eye)."""
    return manages_instansi(user, service.unit.instansi_id) and not _member_of(user, service.unit)


@permission("surveys.view_paper_imports")
def can_view_paper_imports(user: User, instansi: Instansi) -> bool:
    return manages_instansi(user, instansi.pk)


@permission("surveys.publish_summary")
def can_publish_summary(user: User, unit: Unit) -> bool:
    return can_manage_services(user, unit)
